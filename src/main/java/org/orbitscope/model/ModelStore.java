package org.orbitscope.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;

/**
 * The model store: a model is a directory holding its card {@code model.json} and its weights as an
 * {@code .npz} archive in the interchange format of SPEC section 6 (arrays {@code W0..}, {@code b0..},
 * {@code norm_mean}, {@code norm_std}). Nothing executable is stored and nothing is read with Java
 * serialization.
 *
 * <p>Saving never leaves a broken model: new weights go to a file name different from the one the
 * current card names, then the card is replaced atomically, then the old weights are deleted. A crash
 * at any point leaves a card whose weights exist and match its checksum.
 */
public final class ModelStore {

    /** File name of the model card. */
    public static final String CARD = "model.json";
    /** Checkpoint sub-directory of a run in progress. */
    public static final String CHECKPOINT_DIR = "checkpoint";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ModelStore() {
    }

    /** @return the JSON mapper used for cards (indenting, strict about missing fields) */
    public static ObjectMapper json() {
        return JSON;
    }

    /** @return the current time, ISO-8601 to the second */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * @param dir a directory
     * @return true if it holds a model card
     */
    public static boolean isModel(Path dir) {
        return Files.isRegularFile(dir.resolve(CARD));
    }

    /**
     * Reads and validates a model card.
     *
     * @param dir the model directory
     * @return the card
     * @throws OrbitscopeException if the card is missing, malformed or of an unknown version
     */
    public static ModelCard readCard(Path dir) {
        Path file = dir.resolve(CARD);
        if (!Files.isDirectory(dir)) {
            throw new OrbitscopeException(dir + ": not a model directory (no such directory).");
        }
        if (!Files.isRegularFile(file)) {
            throw new OrbitscopeException(dir + ": not a model directory (no " + CARD + ").");
        }
        com.fasterxml.jackson.databind.JsonNode node = readJsonObject(file, "model card");
        if (!node.has("schemaVersion") || !node.get("schemaVersion").isInt()) {
            throw new OrbitscopeException(file + ": model card has no schemaVersion.");
        }
        int version = node.get("schemaVersion").asInt();
        if (version != ModelCard.SCHEMA_VERSION) {
            throw new OrbitscopeException(file + ": model card schema version " + version
                    + " is not supported (this Orbitscope reads version " + ModelCard.SCHEMA_VERSION + ").");
        }
        if (!node.has("source")) {
            // cards written before imported models existed: no source
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).putObject("source");
        }
        ModelCard card;
        try {
            card = JSON.treeToValue(node, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new OrbitscopeException(file + ": " + JsonErrors.describe(e) + ".", e);
        }
        validate(card, file);
        return card;
    }

    /**
     * Reads a JSON file that must hold one object (a model card, a checkpoint state).
     *
     * @param file the file
     * @param what what the file is, for errors ({@code model card})
     * @return its content
     * @throws OrbitscopeException naming the file if it cannot be read, is too large, is not JSON or not an
     *     object
     */
    public static com.fasterxml.jackson.databind.JsonNode readJsonObject(Path file, String what) {
        try {
            if (Files.size(file) > 64L << 20) {
                throw new OrbitscopeException(file + ": " + what + " larger than 64 MB, refusing to read it.");
            }
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new OrbitscopeException(file + ": " + what + " is not a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new OrbitscopeException(file + ": " + what + " is unreadable: " + JsonErrors.describe(e) + ".", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OrbitscopeException(file + ": no such file.", e);
        } catch (IOException e) {
            throw new OrbitscopeException(file + ": cannot read the " + what + " (" + AtomicFiles.reason(e) + ").",
                    e);
        }
    }

    private static void validate(ModelCard card, Path file) {
        if (card.config() == null) {
            throw new OrbitscopeException(file + ": model card has no config.");
        }
        if (card.normalization() == null) {
            throw new OrbitscopeException(file + ": model card has no normalization statistics.");
        }
        if (card.weightsFile() == null || card.weightsSha256() == null) {
            throw new OrbitscopeException(file + ": model card names no weights file.");
        }
        String w = card.weightsFile();
        String ext = card.isOnnx() ? ".onnx" : ".npz";
        if (w.isEmpty() || w.contains("/") || w.contains("\\") || w.startsWith(".") || !w.endsWith(ext)) {
            throw new OrbitscopeException(file + ": weights file '" + w + "' must be a plain " + ext + " name in the "
                    + "model directory.");
        }
        if (card.status() == null) {
            throw new OrbitscopeException(file + ": model card has no status.");
        }
    }

    /**
     * Loads a model: card, then weights, checking checksum and shapes.
     *
     * @param dir the model directory
     * @return the model
     * @throws OrbitscopeException if anything is missing or inconsistent
     */
    public static StoredModel load(Path dir) {
        ModelCard card = readCard(dir);
        Path weights = dir.resolve(card.weightsFile());
        if (!Files.isRegularFile(weights)) {
            throw new OrbitscopeException(weights + ": weights file named by the model card is missing.");
        }
        String sha = sha256(weights);
        if (!sha.equals(card.weightsSha256())) {
            throw new OrbitscopeException(weights + ": checksum does not match the model card (file changed or "
                    + "damaged).");
        }
        if (card.isOnnx()) {
            return org.orbitscope.model.onnx.OnnxImport.load(dir, card, weights);
        }
        Map<String, NpyArray> arrays = Npz.read(weights);
        Parameters p = fromArrays(arrays, card.config().sizes(), weights.toString());
        if (arrays.containsKey(NORM_MEAN) || arrays.containsKey(NORM_STD)) {
            Normalization stored = normalization(arrays, weights.toString());
            Normalization carded = card.normalization();
            if (Float.compare(stored.mean(), carded.mean()) != 0 || Float.compare(stored.std(), carded.std()) != 0) {
                throw new OrbitscopeException(weights + ": the input normalization stored with the weights (mean "
                        + stored.mean() + ", std " + stored.std() + ") differs from the model card's (mean "
                        + carded.mean() + ", std " + carded.std() + "); the card was changed or belongs to other "
                        + "weights.");
            }
        }
        return new StoredModel(dir, card, p);
    }

    /** Name of the normalization mean in the interchange format. */
    public static final String NORM_MEAN = "norm_mean";
    /** Name of the normalization standard deviation in the interchange format. */
    public static final String NORM_STD = "norm_std";

    /**
     * Reads and checks the normalization statistics of the interchange format.
     *
     * @param arrays the arrays of a weights archive
     * @param name file name for errors
     * @return the statistics
     * @throws OrbitscopeException naming the file if a scalar is missing, not float32, or not a usable value (a
     *     mean that is not finite, a standard deviation that is not finite and positive)
     */
    public static Normalization normalization(Map<String, NpyArray> arrays, String name) {
        float mean = scalar(arrays, NORM_MEAN, name);
        float std = scalar(arrays, NORM_STD, name);
        if (!Float.isFinite(mean)) {
            throw new OrbitscopeException(name + ": " + NORM_MEAN + " is " + mean + "; the mean of the training "
                    + "pixels the inputs are normalized with must be a finite number.");
        }
        if (!Float.isFinite(std) || !(std > 0)) {
            throw new OrbitscopeException(name + ": " + NORM_STD + " is " + std + "; the standard deviation of the "
                    + "training pixels the inputs are divided by must be a finite number above 0.");
        }
        return new Normalization(mean, std);
    }

    private static float scalar(Map<String, NpyArray> arrays, String key, String name) {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw new OrbitscopeException(name + ": the float32 scalar " + key + " is missing.");
        }
        if (!a.isFloat() || a.size() != 1) {
            throw new OrbitscopeException(name + ": " + key + " is " + a + ", expected a float32 scalar.");
        }
        return a.floats()[0];
    }

    /**
     * Builds parameters from the arrays of the interchange format.
     *
     * @param arrays {@code W0..}, {@code b0..} (extra arrays are ignored)
     * @param sizes expected layer widths
     * @param name file name for errors
     * @return the parameters
     * @throws OrbitscopeException on a missing array or a wrong shape
     */
    public static Parameters fromArrays(Map<String, NpyArray> arrays, int[] sizes, String name) {
        Parameters p = new Parameters(sizes);
        for (int l = 0; l < p.layers(); l++) {
            copy(arrays, "W" + l, new int[] {sizes[l], sizes[l + 1]}, p.weight(l), name);
            copy(arrays, "b" + l, new int[] {sizes[l + 1]}, p.bias(l), name);
        }
        if (arrays.containsKey("W" + p.layers())) {
            throw new OrbitscopeException(name + ": holds more layers than the " + p.layers() + " the model card "
                    + "describes.");
        }
        if (!p.allFinite()) {
            throw new OrbitscopeException(name + ": weights contain NaN or infinite values.");
        }
        return p;
    }

    private static void copy(Map<String, NpyArray> arrays, String key, int[] shape, float[] dst, String name) {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw new OrbitscopeException(name + ": array " + key + " is missing.");
        }
        if (!a.isFloat() || !Arrays.equals(a.shape(), shape)) {
            throw new OrbitscopeException(name + ": array " + key + " is " + a + ", expected float32"
                    + Arrays.toString(shape) + ".");
        }
        System.arraycopy(a.floats(), 0, dst, 0, dst.length);
    }

    /**
     * @param p parameters
     * @param norm normalization statistics
     * @return the arrays of the interchange format
     */
    public static Map<String, NpyArray> toArrays(Parameters p, Normalization norm) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        for (int l = 0; l < p.layers(); l++) {
            m.put("W" + l, NpyArray.of(p.weight(l).clone(), p.size(l), p.size(l + 1)));
        }
        for (int l = 0; l < p.layers(); l++) {
            m.put("b" + l, NpyArray.of(p.bias(l).clone(), p.size(l + 1)));
        }
        m.put(NORM_MEAN, NpyArray.scalar(norm.mean()));
        m.put(NORM_STD, NpyArray.scalar(norm.std()));
        return m;
    }

    /**
     * Saves weights and card crash-safely (see the class comment).
     *
     * @param dir model directory (created if needed)
     * @param card the card; its weights fields are filled in here
     * @param params the weights
     * @return the card as written
     * @throws OrbitscopeException if the directory cannot be written
     */
    public static ModelCard save(Path dir, ModelCard card, Parameters params) {
        try {
            Files.createDirectories(dir);
            String previous = null;
            if (isModel(dir)) {
                try {
                    previous = readCard(dir).weightsFile();
                } catch (OrbitscopeException e) {
                    previous = null;
                }
            }
            String name = "weights.npz".equals(previous) ? "weights-1.npz" : "weights.npz";
            byte[] bytes = Npz.toBytes(toArrays(params, card.normalization()));
            AtomicFiles.write(dir.resolve(name), bytes);
            ModelCard written = card.withWeights(name, sha256(bytes)).withUpdated(now());
            writeCard(dir, written);
            if (previous != null && !previous.equals(name)) {
                Files.deleteIfExists(dir.resolve(previous));
            }
            return written;
        } catch (IOException e) {
            throw new OrbitscopeException(dir + ": cannot save the model (" + AtomicFiles.reason(e) + ").", e);
        }
    }

    /**
     * Replaces the card of a model atomically (its weights must already be in place).
     *
     * @param dir model directory
     * @param card the new card
     * @throws OrbitscopeException on write failure
     */
    public static void writeCard(Path dir, ModelCard card) {
        try {
            AtomicFiles.write(dir.resolve(CARD), JSON.writeValueAsBytes(card));
        } catch (IOException e) {
            throw new OrbitscopeException(dir + ": cannot write the model card (" + AtomicFiles.reason(e) + ").", e);
        }
    }

    /** Name of the lock file a writer holds in a model directory. */
    public static final String LOCK = ".lock";

    /** An exclusive claim on a model directory, released by {@link #close()}. */
    public static final class WriteLock implements AutoCloseable {
        private final java.nio.channels.FileChannel channel;
        private final java.nio.channels.FileLock lock;

        private WriteLock(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            // the file stays: deleting it would let a writer that opened it just before lock a file no
            // longer in the directory while a third one locks a new file of the same name
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the operating system drops the lock with the process anyway
            }
        }
    }

    /**
     * Claims a model directory for one writer (a training run), across threads and processes, so that two
     * runs never write into the same model. The directory is created if needed.
     *
     * @param dir the model directory
     * @return the claim; close it when done
     * @throws OrbitscopeException if another run holds the directory
     */
    public static WriteLock lockForWriting(Path dir) {
        return tryLock(dir).orElseThrow(() -> busy(dir));
    }

    /**
     * Claims a model directory like {@link #lockForWriting(Path)}, waiting for another writer to finish.
     *
     * @param dir the model directory
     * @param waitMillis how long to wait at most
     * @return the claim; close it when done
     * @throws OrbitscopeException if another writer still holds the directory after the wait
     */
    public static WriteLock lockForWriting(Path dir, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            java.util.Optional<WriteLock> claim = tryLock(dir);
            if (claim.isPresent()) {
                return claim.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw busy(dir);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrbitscopeException(dir + ": interrupted while waiting for another writer.", e);
            }
        }
    }

    /** How long a card update waits for another writer of the same model, in milliseconds. */
    public static final long UPDATE_WAIT_MILLIS = 10_000;

    /**
     * Changes a model card under the directory's write claim: the card is read again inside the claim,
     * changed and replaced atomically, so that two windows or processes storing metrics into one model at
     * the same time keep both results.
     *
     * @param dir model directory
     * @param change computes the new card from the current one
     * @return the card written
     * @throws OrbitscopeException if the card cannot be read or written, or another writer (a training run)
     *     holds the model for longer than {@link #UPDATE_WAIT_MILLIS}
     */
    public static ModelCard updateCard(Path dir, java.util.function.UnaryOperator<ModelCard> change) {
        try (WriteLock claim = lockForWriting(dir, UPDATE_WAIT_MILLIS)) {
            ModelCard next = change.apply(readCard(dir));
            writeCard(dir, next);
            return next;
        }
    }

    private static java.util.Optional<WriteLock> tryLock(Path dir) {
        Path file = dir.resolve(LOCK);
        java.nio.channels.FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new WriteLock(ch, lock));
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by another thread of this process
            closeQuietly(ch);
            return java.util.Optional.empty();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new OrbitscopeException(dir + ": cannot claim the model directory (" + AtomicFiles.reason(e) + ").",
                    e);
        }
    }

    private static OrbitscopeException busy(Path dir) {
        return new OrbitscopeException(dir + " is being written by another training run.");
    }

    private static void closeQuietly(java.nio.channels.FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /**
     * Writes a model's weights in the interchange format (SPEC section 6).
     *
     * @param model the model
     * @param file destination {@code .npz}
     * @throws OrbitscopeException on write failure
     */
    public static void exportNpz(StoredModel model, Path file) {
        if (model.parameters() == null) {
            throw new OrbitscopeException(model.dir() + " is an imported ONNX graph; only Orbitscope MLPs export "
                    + "to the .npz interchange format (the ONNX file is in the model directory).");
        }
        Map<String, NpyArray> arrays = toArrays(model.parameters(), model.card().normalization());
        AtomicFiles.writeFile(file, out -> Npz.write(out, arrays));
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     */
    public static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new OrbitscopeException(file + ": cannot read (" + AtomicFiles.reason(e) + ").", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param bytes data
     * @return its SHA-256, lower-case hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
