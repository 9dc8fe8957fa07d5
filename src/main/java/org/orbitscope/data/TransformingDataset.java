package org.orbitscope.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.orbitscope.OrbitscopeException;

/**
 * Transforming-MNIST or Transforming-FMNIST (SPEC section 1), built from the four IDX files of
 * MNIST or Fashion-MNIST.
 *
 * <p>Construction, exactly:
 * <ol>
 *   <li>Pool: the training file's images in file order, then the test ({@code t10k}) file's.</li>
 *   <li>Drop every sample labelled 9; the others keep their labels 0..8 and their pool order.</li>
 *   <li>Shuffle the remaining pool positions with Fisher-Yates driven by
 *       {@code java.util.SplittableRandom(splitSeed)}: for {@code i} from {@code n-1} down to 1,
 *       {@code j = rng.nextInt(i + 1)}, swap positions {@code i} and {@code j}.</li>
 *   <li>The first 10,000 are the training split, the next 2,000 the validation split, the next
 *       50,000 the test split; the rest is unused.</li>
 *   <li>Pixels are scaled to [0,1] as {@code b / 255f} and zero-padded by 4 pixels on every side to
 *       36x36.</li>
 *   <li>The {@link #normalization()} is the mean and population standard deviation, accumulated in
 *       double, of all 1296 pixels of all training images.</li>
 * </ol>
 * Any directory holding the four files of an MNIST-like dataset (28x28 images, labels 0..9, at least
 * 62,000 samples outside class 9, e.g. KMNIST) can be loaded the same way.
 */
public final class TransformingDataset {

    /** Side of the padded images. */
    public static final int SIDE = 36;
    /** Pixels of a padded image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Classes after dropping class 9. */
    public static final int NUM_CLASSES = 9;
    /** Samples in the training split. */
    public static final int TRAIN_SIZE = 10_000;
    /** Samples in the validation split. */
    public static final int VALIDATION_SIZE = 2_000;
    /** Samples in the test split. */
    public static final int TEST_SIZE = 50_000;
    /** System property naming the folder that holds {@code mnist/} and {@code fashion-mnist/}. */
    public static final String DATA_DIR_PROPERTY = "orbitscope.data.dir";
    /** The class removed from both source datasets. */
    static final int DROPPED_CLASS = 9;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final DatasetId id;
    private final long splitSeed;
    private final Path directory;
    private final Split train;
    private final Split validation;
    private final Split test;
    private final Normalization normalization;
    private final DataFingerprint fingerprint;

    private TransformingDataset(DatasetId id, long splitSeed, Path directory, Split train, Split validation,
            Split test, String contentSha256) {
        this.id = id;
        this.fingerprint = new DataFingerprint(id.id(), splitSeed, contentSha256);
        this.splitSeed = splitSeed;
        this.directory = directory;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.normalization = statistics(train);
    }

    /**
     * Loads a dataset from {@link #defaultDataDir(DatasetId)}.
     *
     * @param id the dataset
     * @param splitSeed the split seed (SPEC default 0)
     * @return the dataset
     * @throws OrbitscopeException if the data cannot be found or is invalid
     */
    public static TransformingDataset load(DatasetId id, long splitSeed) {
        return load(id, splitSeed, defaultDataDir(id));
    }

    /**
     * Loads a dataset from a directory holding its four IDX files, each raw or gzipped
     * ({@code train-images-idx3-ubyte} or {@code train-images-idx3-ubyte.gz}, and so on).
     *
     * @param id the dataset the files are loaded as
     * @param splitSeed the split seed (SPEC default 0)
     * @param dir the directory
     * @return the dataset
     * @throws OrbitscopeException if a file is missing; {@link IdxFormatException} if one is invalid
     */
    public static TransformingDataset load(DatasetId id, long splitSeed, Path dir) {
        Objects.requireNonNull(id);
        if (!Files.isDirectory(dir)) {
            throw new OrbitscopeException("Data directory " + dir + " does not exist or is not a directory.");
        }
        Path trainImagesFile = find(dir, TRAIN_IMAGES);
        Path trainLabelsFile = find(dir, TRAIN_LABELS);
        Path testImagesFile = find(dir, TEST_IMAGES);
        Path testLabelsFile = find(dir, TEST_LABELS);
        IdxArray trainImages = images(trainImagesFile);
        IdxArray trainLabels = labels(trainLabelsFile, trainImagesFile, trainImages);
        IdxArray testImages = images(testImagesFile);
        IdxArray testLabels = labels(testLabelsFile, testImagesFile, testImages);

        int nTrain = trainImages.dim(0);
        int pooled = nTrain + testImages.dim(0);
        int[] kept = new int[pooled];
        int n = 0;
        for (int p = 0; p < pooled; p++) {
            int y = p < nTrain ? trainLabels.data()[p] : testLabels.data()[p - nTrain];
            if (y != DROPPED_CLASS) {
                kept[n++] = p;
            }
        }
        int needed = TRAIN_SIZE + VALIDATION_SIZE + TEST_SIZE;
        if (n < needed) {
            throw new IdxFormatException("The IDX files in " + dir + " hold " + n + " samples outside class "
                    + DROPPED_CLASS + ", fewer than the " + needed + " the splits need.");
        }
        int[] order = shuffledPool(kept, n, splitSeed);
        byte[][] images = {trainImages.data(), testImages.data()};
        byte[][] labelData = {trainLabels.data(), testLabels.data()};
        Split train = split("train", splitSeed, order, 0, TRAIN_SIZE, nTrain, images, labelData);
        Split validation = split("validation", splitSeed, order, TRAIN_SIZE, VALIDATION_SIZE, nTrain, images,
                labelData);
        Split test = split("test", splitSeed, order, TRAIN_SIZE + VALIDATION_SIZE, TEST_SIZE, nTrain, images,
                labelData);
        return new TransformingDataset(id, splitSeed, dir, train, validation, test,
                DataFingerprint.contentSha256(trainImages, trainLabels, testImages, testLabels));
    }

    /** Fisher-Yates over the first {@code n} entries of {@code kept}, driven by {@code SplittableRandom(seed)}. */
    static int[] shuffledPool(int[] kept, int n, long seed) {
        int[] order = Arrays.copyOf(kept, n);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static Split split(String name, long seed, int[] order, int from, int size, int nTrain,
            byte[][] images, byte[][] labels) {
        int[] poolIndices = Arrays.copyOfRange(order, from, from + size);
        int[] y = new int[size];
        byte[] pixels = new byte[size * Split.SLOT];
        for (int i = 0; i < size; i++) {
            int p = poolIndices[i];
            int file = p < nTrain ? 0 : 1;
            int local = file == 0 ? p : p - nTrain;
            y[i] = labels[file][local];
            System.arraycopy(images[file], local * Split.SOURCE_PIXELS, pixels, i * Split.SLOT, Split.SOURCE_PIXELS);
        }
        return Split.of(name, seed, y, poolIndices, pixels);
    }

    private static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new OrbitscopeException("Data directory " + dir + " has neither " + name + " nor " + name + ".gz.");
    }

    private static IdxArray images(Path file) {
        IdxArray a = IdxReader.read(file, 0x00000803, "image");
        if (a.dim(1) != Split.SOURCE_SIDE || a.dim(2) != Split.SOURCE_SIDE) {
            throw new IdxFormatException(file + " holds " + a.dim(1) + "x" + a.dim(2) + " images; Orbitscope needs "
                    + Split.SOURCE_SIDE + "x" + Split.SOURCE_SIDE + ".");
        }
        return a;
    }

    private static IdxArray labels(Path file, Path imagesFile, IdxArray images) {
        IdxArray a = IdxReader.read(file, 0x00000801, "label");
        if (a.dim(0) != images.dim(0)) {
            throw new IdxFormatException(file + " holds " + a.dim(0) + " labels but " + imagesFile + " holds "
                    + images.dim(0) + " images.");
        }
        byte[] y = a.data();
        for (int i = 0; i < y.length; i++) {
            if ((y[i] & 0xff) > DROPPED_CLASS) {
                throw new IdxFormatException(file + " has label " + (y[i] & 0xff) + " at position " + i
                        + "; labels must be 0..9.");
            }
        }
        return a;
    }

    /** Mean and population std of all padded training pixels, from a histogram of the stored bytes. */
    private static Normalization statistics(Split train) {
        long[] histogram = train.sourceHistogram();
        histogram[0] += (long) train.size() * (PIXELS - Split.SOURCE_PIXELS);
        double count = (double) train.size() * PIXELS;
        double sum = 0;
        for (int k = 0; k < 256; k++) {
            sum += histogram[k] * (double) (k / 255f);
        }
        double mean = sum / count;
        double squares = 0;
        for (int k = 0; k < 256; k++) {
            double d = (k / 255f) - mean;
            squares += histogram[k] * d * d;
        }
        return new Normalization((float) mean, (float) Math.sqrt(squares / count));
    }

    /**
     * The drift set D(beta) of SPEC section 1 (paper section 4.3): sample {@code i} is the pixel-wise
     * blend {@code (1-beta) x_a + beta x_b} of test sample {@code i} of T-MNIST ({@code x_a}) and of
     * T-FMNIST ({@code x_b}), on the [0,1] scale, labelled with the T-MNIST label. Normalize it with
     * the model's own statistics. Beta 0 gives the T-MNIST test images and beta 1 the T-FMNIST ones,
     * exactly; see {@link Split} for the float arithmetic.
     *
     * @param mnist T-MNIST
     * @param fmnist T-FMNIST
     * @param beta blend weight in [0, 1] (SPEC: 0, 0.1, ..., 1)
     * @return a split named {@code drift(beta)} of {@value #TEST_SIZE} samples
     * @throws OrbitscopeException if beta is outside [0, 1]
     * @throws IllegalArgumentException if the datasets are not T-MNIST and T-FMNIST
     */
    public static Split drift(TransformingDataset mnist, TransformingDataset fmnist, double beta) {
        if (mnist.id != DatasetId.TMNIST || fmnist.id != DatasetId.TFMNIST) {
            throw new IllegalArgumentException("drift blends T-MNIST with T-FMNIST, got " + mnist.id + " and "
                    + fmnist.id);
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new OrbitscopeException("Drift weight beta " + beta + " is outside [0, 1].");
        }
        return Split.blend("drift(" + beta + ")", mnist.test, fmnist.test, beta);
    }

    /**
     * The directory of a dataset's IDX files: {@code <orbitscope.data.dir>/<directoryName>} if that
     * system property is set; otherwise {@code data/<directoryName>} in the working directory if it
     * exists; otherwise {@code ../data/<directoryName>} or {@code data/<directoryName>} beside the
     * running jar.
     *
     * @param id the dataset
     * @return an existing directory
     * @throws OrbitscopeException if none of these exists
     */
    public static Path defaultDataDir(DatasetId id) {
        String property = System.getProperty(DATA_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path dir = Path.of(property).resolve(id.directoryName());
            if (!Files.isDirectory(dir)) {
                throw new OrbitscopeException("The data directory set by " + DATA_DIR_PROPERTY + " has no "
                        + id.directoryName() + " folder: " + dir + " does not exist.");
            }
            return dir;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("data", id.directoryName()).toAbsolutePath());
        Path codeDir = codeDirectory();
        if (codeDir != null) {
            candidates.add(codeDir.resolve("..").resolve("data").resolve(id.directoryName()).normalize());
            candidates.add(codeDir.resolve("data").resolve(id.directoryName()));
        }
        for (Path dir : candidates) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new OrbitscopeException("No " + id.directoryName() + " data folder found (looked in " + candidates
                + "); set -D" + DATA_DIR_PROPERTY + "=DIR to the folder that holds it.");
    }

    /** @return the folder holding the running jar (or the class folder), or null if unknown */
    private static Path codeDirectory() {
        try {
            CodeSource source = TransformingDataset.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.getParent() : location;
        } catch (URISyntaxException | SecurityException | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    /** @return the dataset */
    public DatasetId id() {
        return id;
    }

    /** @return the split seed the splits were drawn with */
    public long splitSeed() {
        return splitSeed;
    }

    /** @return what this dataset was built from: id, split seed and a checksum of its files' content */
    public DataFingerprint fingerprint() {
        return fingerprint;
    }

    /** @return the directory the IDX files were read from */
    public Path directory() {
        return directory;
    }

    /** @return the training split (10,000 samples) */
    public Split train() {
        return train;
    }

    /** @return the validation split (2,000 samples) */
    public Split validation() {
        return validation;
    }

    /** @return the test split (50,000 samples) */
    public Split test() {
        return test;
    }

    /** @return mean and std of the training split's pixels, [0,1]-scaled and padded to 36x36 */
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String toString() {
        return id.displayName() + " (split seed " + splitSeed + ", " + directory + ")";
    }
}
