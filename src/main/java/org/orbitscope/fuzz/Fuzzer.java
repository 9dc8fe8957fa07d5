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
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/**
 * Mutates valid files and feeds them to a parser: each case must parse into a consistent result or fail
 * with an {@link OrbitscopeException}; any other exception is a failure, and so is a case that takes longer
 * than {@link #HANG_SECONDS}.
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
        ONNX
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

    /** Our errors name the file: one that does not is a failure too. */
    private static void requireName(OrbitscopeException e, String name) {
        if (e.getMessage() == null || !e.getMessage().contains(name)) {
            throw new IllegalStateException("an error that does not name " + name + ": " + e.getMessage());
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
