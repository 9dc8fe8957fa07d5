package org.orbitscope.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.IdxArray;
import org.orbitscope.data.IdxReader;
import org.orbitscope.data.IdxWriter;
import org.orbitscope.data.Normalization;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.NpzImport;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/**
 * Mutates valid files and feeds them to a parser: each case must parse into a consistent result or fail
 * with an {@link OrbitscopeException} whose message names the file in plain words (no class names, one
 * line); any other exception is a failure, and so is a case that takes longer than {@link #HANG_SECONDS}.
 * The {@link Target#OUTPUT} target turns this round: random content is written while the disk fails at a
 * random byte.
 */
public final class Fuzzer {

    /** A case slower than this counts as a hang. */
    public static final int HANG_SECONDS = 10;
    /** Failures kept in a report, with the input that caused them. */
    public static final int KEPT_FAILURES = 5;

    /** What is fuzzed. */
    public enum Target {
        /** The IDX reader, raw and gzip, images and labels. */
        IDX,
        /** The .npz reader. */
        NPZ,
        /** A model directory: its card and its weights, loaded together. */
        CARD,
        /** The ONNX reader and the graph checks, then one forward pass and one input gradient. */
        ONNX,
        /** {@code import-npz}: an archive and the model card JSON beside it, imported into a new model. */
        IMPORT,
        /**
         * The output writers (embedding CSV, .npz, PNG) onto a disk that may fail at any byte: each write
         * gives the complete file, or our error with the old file intact and no temporary file left.
         */
        OUTPUT
    }

    /**
     * One case that broke the rule.
     *
     * @param index the case number
     * @param problem the unexpected exception or the hang
     * @param input the mutated file (the card for {@link Target#CARD})
     */
    public record Failure(int index, String problem, byte[] input) {
    }

    /**
     * What a run found.
     *
     * @param target the parser
     * @param cases cases run
     * @param parsed cases that parsed into a consistent result
     * @param rejected cases that failed with our own error
     * @param failures cases that did neither (the first {@link #KEPT_FAILURES})
     * @param failureCount how many failures in all
     * @param slowestMillis the slowest case
     */
    public record Report(Target target, int cases, int parsed, int rejected, List<Failure> failures,
            int failureCount, double slowestMillis) {

        /** @return one line for people */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%s: %d cases, %d parsed, %d rejected with our error, "
                    + "%d failures; slowest case %.1f ms", target, cases, parsed, rejected, failureCount,
                    slowestMillis);
        }
    }

    private final Path workDir;

    /** @param workDir a scratch directory (the CARD target writes a model there) */
    public Fuzzer(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Runs cases until either limit is reached.
     *
     * @param target the parser
     * @param seed random seed (the same seed gives the same cases)
     * @param maxCases the most cases
     * @param maxMillis the longest time, in milliseconds
     * @return what was found
     */
    public Report run(Target target, long seed, int maxCases, long maxMillis) {
        SplittableRandom rng = new SplittableRandom(seed);
        Case c = switch (target) {
            case IDX -> idx();
            case NPZ -> npz();
            case CARD -> card();
            case ONNX -> onnx();
            case IMPORT -> importNpz();
            case OUTPUT -> output();
        };
        ExecutorService worker = newWorker();
        int parsed = 0;
        int rejected = 0;
        int failureCount = 0;
        double slowest = 0;
        List<Failure> failures = new ArrayList<>();
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        int n = 0;
        try {
            for (; n < maxCases && System.nanoTime() < end; n++) {
                byte[] input = c.mutant(rng);
                long t0 = System.nanoTime();
                Future<Boolean> f = worker.submit(() -> c.parse(input));
                String problem = null;
                try {
                    f.get(HANG_SECONDS, TimeUnit.SECONDS);
                    parsed++;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof OrbitscopeException) {
                        rejected++;
                    } else {
                        problem = String.valueOf(e.getCause());
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    problem = "no answer after " + HANG_SECONDS + " s";
                    // the hung case keeps its (daemon) thread; the next cases get a fresh one
                    worker.shutdownNow();
                    worker = newWorker();
                }
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1e6);
                if (problem != null) {
                    failureCount++;
                    if (failures.size() < KEPT_FAILURES) {
                        failures.add(new Failure(n, problem, input));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            worker.shutdownNow();
        }
        return new Report(target, n, parsed, rejected, List.copyOf(failures), failureCount, slowest);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** A seed corpus, a mutator and a parser. */
    private interface Case {
        byte[] mutant(SplittableRandom rng);

        /** @return true if parsed; throws on a rejected input */
        boolean parse(byte[] input) throws Exception;
    }

    // ---------------------------------------------------------------------
    // Targets
    // ---------------------------------------------------------------------

    private static Case idx() {
        byte[] images = IdxWriter.encode(0x00000803, new int[] {2, 3, 4}, counting(24));
        byte[] labels = IdxWriter.encode(0x00000801, new int[] {6}, counting(6));
        byte[][] seeds = {images, IdxWriter.gzip(images), labels, IdxWriter.gzip(labels)};
        int[] next = {0};
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                return mutate(seeds[next[0]++ % seeds.length], rng);
            }

            @Override
            public boolean parse(byte[] input) throws IOException {
                IdxArray a;
                try {
                    a = IdxReader.read("fuzz.idx", new ByteArrayInputStream(input), input.length);
                } catch (OrbitscopeException e) {
                    requireName(e, "fuzz.idx");
                    throw e;
                }
                long product = 1;
                for (int d : a.dims()) {
                    product *= d;
                }
                if (product != a.data().length) {
                    throw new IllegalStateException("parsed " + a.data().length + " elements for dims "
                            + Arrays.toString(a.dims()));
                }
                return true;
            }
        };
    }

    private static Case npz() {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("W0", NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("b0", NpyArray.of(new float[] {0.5f, -1}, 2));
        arrays.put("y", NpyArray.ofInts(new int[] {3, 1, 4}, 3));
        byte[] good = Npz.toBytes(arrays);
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                return mutate(good, rng);
            }

            @Override
            public boolean parse(byte[] input) throws IOException {
                try {
                    Npz.read(new ByteArrayInputStream(input), "fuzz.npz");
                } catch (OrbitscopeException e) {
                    requireName(e, "fuzz.npz");
                    throw e;
                } catch (IOException e) {
                    // a damaged zip stream is reported as the file's problem by Npz.read(Path)
                    throw new OrbitscopeException("fuzz.npz: " + e.getMessage(), e);
                }
                return true;
            }
        };
    }

    private static Case onnx() {
        byte[] good = org.orbitscope.model.onnx.OnnxWriter.smallCnn(1);
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                return mutate(good, rng);
            }

            @Override
            public boolean parse(byte[] input) {
                org.orbitscope.model.onnx.ImportedGraph g;
                try {
                    g = org.orbitscope.model.onnx.ImportedGraph.of(
                            org.orbitscope.model.onnx.OnnxReader.read(input, "fuzz.onnx"), null, 9, "fuzz.onnx");
                } catch (OrbitscopeException e) {
                    requireName(e, "fuzz.onnx");
                    throw e;
                }
                org.orbitscope.model.Classifier c = g.newClassifier();
                float[] x = new float[2 * 1296];
                float[] logits = c.forward(x, 2);
                if (logits.length < 18) {
                    throw new IllegalStateException("forward gave " + logits.length + " logits for 2 rows");
                }
                float[] seed = new float[18];
                seed[3] = 1f;
                c.inputGradient(seed, x);
                return true;
            }
        };
    }

    private Case card() {
        Path dir = workDir.resolve("fuzz-model");
        ModelConfig cfg = new ModelConfig(ModelKind.IR, "tmnist", "r4", 0, 1, 3, 512, 8e-4, Regularizer.KL, 2,
                Pooling.MAX, new int[] {1296, 4, 9}, 16, 2, 0);
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, new Normalization(0.1f, 0.3f),
                "weights.npz", "", ModelCard.COMPLETE, "done", 1, 0.5,
                List.of(new EpochRecord(1, 1, 1, 0, 0.4, 0.5, 2, 0.1, 1, 0.2)), Map.of("SI", 0.5),
                Map.of("orbitscope", "fuzz"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        ModelCard written = ModelStore.save(dir, card, Parameters.initialize(cfg.sizes(), 2));
        Path cardFile = dir.resolve(ModelStore.CARD);
        Path weights = dir.resolve(written.weightsFile());
        byte[] goodCard;
        byte[] goodWeights;
        try {
            goodCard = Files.readAllBytes(cardFile);
            goodWeights = Files.readAllBytes(weights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(goodCard, StandardCharsets.UTF_8);
        String[] tokens = {"null", "-1", "1e400", "\"\"", "[]", "{}", "true", "\"r9\"", "0", "99999999999"};
        byte[][] weightsOfCase = new byte[1][];
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                weightsOfCase[0] = goodWeights;
                switch (rng.nextInt(4)) {
                    case 0 -> {
                        return mutate(goodCard, rng);
                    }
                    case 1 -> {
                        // one JSON value replaced by another type or an absurd value
                        int colon = text.indexOf(':', rng.nextInt(text.length()));
                        if (colon < 0) {
                            return goodCard;
                        }
                        int end = colon + 1;
                        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '\n') {
                            end++;
                        }
                        return (text.substring(0, colon + 1) + " " + tokens[rng.nextInt(tokens.length)]
                                + text.substring(end)).getBytes(StandardCharsets.UTF_8);
                    }
                    case 2 -> {
                        return Arrays.copyOf(goodCard, rng.nextInt(goodCard.length));
                    }
                    default -> {
                        weightsOfCase[0] = mutate(goodWeights, rng);
                        return goodCard;
                    }
                }
            }

            @Override
            public boolean parse(byte[] input) throws IOException {
                Files.write(cardFile, input);
                Files.write(weights, weightsOfCase[0]);
                StoredModel m;
                try {
                    m = ModelStore.load(dir);
                } catch (OrbitscopeException e) {
                    requireName(e, dir.toString());
                    throw e;
                }
                if (!m.parameters().allFinite()) {
                    throw new IllegalStateException("loaded weights that are not finite");
                }
                return true;
            }
        };
    }

    private Case importNpz() {
        Path dir = workDir.resolve("fuzz-import");
        ModelConfig cfg = new ModelConfig(ModelKind.WT, "tmnist", "t3", 0, 1, 3, 512, 8e-4, Regularizer.L2, 1,
                Pooling.MEAN, new int[] {1296, 4, 9}, 16, 2, 0);
        Parameters params = Parameters.initialize(cfg.sizes(), 5);
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, new Normalization(0.1f, 0.3f),
                "weights.npz", "", ModelCard.COMPLETE, "done", 1, 0.5, List.of(), Map.of(),
                Map.of("orbitscope", "fuzz"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        byte[] goodCard;
        try {
            goodCard = ModelStore.json().writeValueAsBytes(card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, NpyArray> goodArrays = ModelStore.toArrays(params, card.normalization());
        byte[] goodNpz = Npz.toBytes(goodArrays);
        String text = new String(goodCard, StandardCharsets.UTF_8);
        String[] tokens = {"null", "-1", "1e400", "\"\"", "[]", "{}", "true", "\"r9\"", "0", "99999999999", "\"WT\""};
        float[] odd = {Float.NaN, 0f, -0.0f, -1f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 1e30f};
        Path npz = dir.resolve("weights.npz");
        Path cardFile = dir.resolve("weights.json");
        Path out = dir.resolve("imported");
        byte[][] npzOfCase = new byte[1][];
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                npzOfCase[0] = goodNpz;
                switch (rng.nextInt(5)) {
                    case 0 -> {
                        return mutate(goodCard, rng);
                    }
                    case 1 -> {
                        int colon = text.indexOf(':', rng.nextInt(text.length()));
                        if (colon < 0) {
                            return goodCard;
                        }
                        int end = colon + 1;
                        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '\n') {
                            end++;
                        }
                        return (text.substring(0, colon + 1) + " " + tokens[rng.nextInt(tokens.length)]
                                + text.substring(end)).getBytes(StandardCharsets.UTF_8);
                    }
                    case 2 -> {
                        return Arrays.copyOf(goodCard, rng.nextInt(goodCard.length));
                    }
                    case 3 -> {
                        // the normalization statistics of the archive: NaN, zero, negative, infinite, tiny
                        Map<String, NpyArray> a = new LinkedHashMap<>(goodArrays);
                        String key = rng.nextBoolean() ? ModelStore.NORM_STD : ModelStore.NORM_MEAN;
                        a.put(key, NpyArray.scalar(odd[rng.nextInt(odd.length)]));
                        npzOfCase[0] = Npz.toBytes(a);
                        return goodCard;
                    }
                    default -> {
                        npzOfCase[0] = mutate(goodNpz, rng);
                        return goodCard;
                    }
                }
            }

            @Override
            public boolean parse(byte[] input) throws IOException {
                Files.createDirectories(dir);
                deleteTree(out);
                Files.write(cardFile, input);
                Files.write(npz, npzOfCase[0]);
                ModelCard imported;
                try {
                    imported = NpzImport.run(npz, cardFile, out);
                } catch (OrbitscopeException e) {
                    requireName(e, npz.toString(), cardFile.toString());
                    if (ModelStore.isModel(out)) {
                        throw new IllegalStateException("a rejected import left a model behind: " + e.getMessage());
                    }
                    throw e;
                }
                StoredModel m = ModelStore.load(out);
                if (!m.parameters().allFinite() || !m.card().equals(imported)) {
                    throw new IllegalStateException("the imported model does not load as written");
                }
                return true;
            }
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What the {@link Target#OUTPUT} target writes. */
    private enum Output { CSV, NPZ, PNG }

    private static final String[] DISK_ERRORS = {"No space left on device", "File too large", "Input/output error",
        "Disk quota exceeded"};

    private Case output() {
        Path dir = workDir.resolve("fuzz-output");
        byte[] old = "the previous file\n".getBytes(StandardCharsets.UTF_8);
        return new Case() {
            @Override
            public byte[] mutant(SplittableRandom rng) {
                // the case, replayable from its bytes: what to write, its seed, where the disk fails (-1: never)
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(13);
                b.put((byte) rng.nextInt(Output.values().length));
                b.putLong(rng.nextLong());
                b.putInt(rng.nextBoolean() ? -1 : rng.nextInt(1 << 12));
                return b.array();
            }

            @Override
            public boolean parse(byte[] input) throws IOException {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(input);
                Output kind = Output.values()[Math.floorMod(b.get(), Output.values().length)];
                SplittableRandom content = new SplittableRandom(b.getLong());
                int failAt = b.getInt();
                String error = DISK_ERRORS[Math.floorMod(failAt, DISK_ERRORS.length)];
                deleteTree(dir);
                Files.createDirectories(dir);
                Path target = dir.resolve("out." + kind.name().toLowerCase(java.util.Locale.ROOT));
                Files.write(target, old);
                Object written;
                AtomicFiles.Writer writer;
                switch (kind) {
                    case CSV -> {
                        List<org.orbitscope.analysis.embedding.EmbeddingPoint> points = randomPoints(content);
                        written = points;
                        writer = out -> {
                            java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                            org.orbitscope.analysis.embedding.EmbeddingCsv.write(points, w);
                            w.flush();
                        };
                    }
                    case NPZ -> {
                        Map<String, NpyArray> arrays = randomArrays(content);
                        written = arrays;
                        writer = out -> Npz.write(out, arrays);
                    }
                    default -> {
                        java.awt.image.BufferedImage img = randomImage(content);
                        written = img;
                        writer = out -> org.orbitscope.figure.Figures.writePng(img, out);
                    }
                }
                AtomicFiles.Writer disk = failAt < 0 ? writer : out -> writer.write(failingAfter(out, failAt, error));
                try {
                    AtomicFiles.writeFile(target, disk);
                } catch (OrbitscopeException e) {
                    requireName(e, target.toString());
                    if (!Arrays.equals(old, Files.readAllBytes(target))) {
                        throw new IllegalStateException("a failed write changed the old file");
                    }
                    requireOnly(dir, target);
                    throw e;
                }
                requireOnly(dir, target);
                byte[] file = Files.readAllBytes(target);
                boolean same = switch (kind) {
                    case CSV -> samePoints(written, file);
                    case NPZ -> written.equals(Npz.read(new ByteArrayInputStream(file), target.toString()));
                    default -> samePixels((java.awt.image.BufferedImage) written, file);
                };
                if (!same) {
                    throw new IllegalStateException(kind + " read back differs from what was written");
                }
                return true;
            }
        };
    }

    private static void requireOnly(Path dir, Path target) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            if (!files.equals(List.of(target))) {
                throw new IllegalStateException("files left beside the output: " + files);
            }
        }
    }

    /** A stream that fails as a full disk does once {@code room} bytes have gone through. */
    private static java.io.OutputStream failingAfter(java.io.OutputStream out, int room, String error) {
        return new java.io.FilterOutputStream(out) {
            private long used;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (used + len > room) {
                    int fits = (int) Math.max(0, room - used);
                    out.write(b, off, fits);
                    used = room;
                    throw new IOException(error);
                }
                out.write(b, off, len);
                used += len;
            }
        };
    }

    private static final double[] EXTREMES = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE,
        1e-300, 12345.678901234567};

    private static List<org.orbitscope.analysis.embedding.EmbeddingPoint> randomPoints(SplittableRandom rng) {
        int n = rng.nextInt(400);
        List<org.orbitscope.analysis.embedding.EmbeddingPoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = rng.nextInt(8) == 0 ? EXTREMES[rng.nextInt(EXTREMES.length)] : rng.nextGaussian() * 50;
            double y = rng.nextInt(8) == 0 ? EXTREMES[rng.nextInt(EXTREMES.length)] : rng.nextGaussian() * 50;
            points.add(new org.orbitscope.analysis.embedding.EmbeddingPoint(rng.nextInt(50_000), rng.nextInt(8),
                    rng.nextInt(10), -1, x, y));
        }
        return points;
    }

    private static boolean samePoints(Object written, byte[] file) throws IOException {
        List<org.orbitscope.analysis.embedding.EmbeddingPoint> back = org.orbitscope.analysis.embedding.EmbeddingCsv
                .read(new java.io.StringReader(new String(file, StandardCharsets.UTF_8)));
        return back.equals(written);
    }

    private static final float[] FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f,
        Float.MIN_VALUE, Float.MAX_VALUE};

    private static Map<String, NpyArray> randomArrays(SplittableRandom rng) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        int count = 1 + rng.nextInt(5);
        for (int k = 0; k < count; k++) {
            int rank = rng.nextInt(4);
            int[] shape = new int[rank];
            int size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = rng.nextInt(rank == 1 ? 3000 : 20);
                size *= shape[d];
            }
            if (rng.nextBoolean()) {
                float[] f = new float[size];
                for (int i = 0; i < size; i++) {
                    f[i] = rng.nextInt(16) == 0 ? FLOATS[rng.nextInt(FLOATS.length)] : (float) rng.nextGaussian();
                }
                arrays.put("a" + k, NpyArray.of(f, shape));
            } else {
                int[] v = new int[size];
                for (int i = 0; i < size; i++) {
                    v[i] = rng.nextInt();
                }
                arrays.put("i" + k, NpyArray.ofInts(v, shape));
            }
        }
        return arrays;
    }

    private static java.awt.image.BufferedImage randomImage(SplittableRandom rng) {
        int w = 1 + rng.nextInt(120);
        int h = 1 + rng.nextInt(120);
        java.awt.image.BufferedImage img = org.orbitscope.figure.Figures.canvas(w, h);
        boolean noisy = rng.nextBoolean();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, noisy ? rng.nextInt() : (x * 7) << 8 | y);
            }
        }
        return img;
    }

    private static boolean samePixels(java.awt.image.BufferedImage written, byte[] file) throws IOException {
        java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(new ByteArrayInputStream(file));
        if (back == null || back.getWidth() != written.getWidth() || back.getHeight() != written.getHeight()) {
            return false;
        }
        for (int y = 0; y < back.getHeight(); y++) {
            for (int x = 0; x < back.getWidth(); x++) {
                if ((back.getRGB(x, y) & 0xffffff) != (written.getRGB(x, y) & 0xffffff)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Our errors name the file, on one line, in the user's words: one that does not, or that speaks of
     * exception classes or the JSON library's settings, is a failure too.
     */
    private static void requireName(OrbitscopeException e, String... names) {
        String m = e.getMessage();
        if (m == null || java.util.Arrays.stream(names).noneMatch(m::contains)) {
            throw new IllegalStateException("an error that does not name " + String.join(" or ", names) + ": " + m);
        }
        for (String internal : new String[] {"\n", "Exception", "java.", "javax.", "com.fasterxml",
            "DeserializationFeature", "creator property"}) {
            if (m.contains(internal)) {
                throw new IllegalStateException("an error in the words of a library (" + internal.strip() + "): "
                        + m);
            }
        }
    }

    // ---------------------------------------------------------------------
    // Mutation
    // ---------------------------------------------------------------------

    /**
     * One random change of a file: overwrite 1-3 bytes (the header more often), truncate, append random
     * bytes, delete a byte, or flip a bit.
     *
     * @param seed the valid file
     * @param rng random source
     * @return a changed copy
     */
    static byte[] mutate(byte[] seed, SplittableRandom rng) {
        byte[] b = seed.clone();
        switch (rng.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                    int at = rng.nextBoolean() ? rng.nextInt(Math.min(b.length, 20)) : rng.nextInt(b.length);
                    b[at] = (byte) rng.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
            case 2 -> {
                int n = 1 + rng.nextInt(8);
                b = Arrays.copyOf(b, b.length + n);
                for (int i = b.length - n; i < b.length; i++) {
                    b[i] = (byte) rng.nextInt(256);
                }
            }
            case 3 -> {
                int at = rng.nextInt(b.length);
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                b = c;
            }
            default -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
        }
        return b;
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
