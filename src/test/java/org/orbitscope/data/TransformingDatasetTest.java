package org.orbitscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/** T-MNIST and T-FMNIST built from the shipped IDX files (SPEC section 1). */
class TransformingDatasetTest {

    private static final int P = TransformingDataset.PIXELS;

    private static TransformingDataset mnist;
    private static TransformingDataset fmnist;
    /** The MNIST source files, read directly, to check the splits against. */
    private static byte[] mnistImages;
    private static byte[] mnistLabels;

    @BeforeAll
    static void load() {
        mnist = TransformingDataset.load(DatasetId.TMNIST, 0);
        fmnist = TransformingDataset.load(DatasetId.TFMNIST, 0);
        Path dir = Path.of("data", "mnist");
        byte[] trainImages = IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz")).data();
        byte[] testImages = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz")).data();
        byte[] trainLabels = IdxReader.read(dir.resolve("train-labels-idx1-ubyte.gz")).data();
        byte[] testLabels = IdxReader.read(dir.resolve("t10k-labels-idx1-ubyte.gz")).data();
        mnistImages = concat(trainImages, testImages);
        mnistLabels = concat(trainLabels, testLabels);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static List<Split> splits(TransformingDataset d) {
        return List.of(d.train(), d.validation(), d.test());
    }

    @Test
    void splitSizesNamesAndClasses() {
        for (TransformingDataset d : List.of(mnist, fmnist)) {
            assertEquals(List.of(10_000, 2_000, 50_000), splits(d).stream().map(Split::size).toList());
            assertEquals(List.of("train", "validation", "test"), splits(d).stream().map(Split::name).toList());
            assertEquals(0, d.splitSeed());
            assertEquals(9, d.id().classNames().size());
            for (Split s : splits(d)) {
                int[] counts = s.classCounts();
                assertEquals(TransformingDataset.NUM_CLASSES, counts.length);
                assertEquals(s.size(), Arrays.stream(counts).sum());
                for (int c = 0; c < counts.length; c++) {
                    assertTrue(counts[c] > s.size() / 20, d.id() + " " + s.name() + " class " + c + ": " + counts[c]);
                }
                for (int i = 0; i < s.size(); i++) {
                    assertTrue(s.label(i) >= 0 && s.label(i) <= 8, "label " + s.label(i));
                }
                assertArrayEquals(s.labels(), java.util.stream.IntStream.range(0, s.size()).map(s::label).toArray());
            }
        }
        assertEquals("Bag", fmnist.id().classNames().get(8));
    }

    @Test
    void splitsAreDisjointDrawsOfThePoolWithoutClassNine() {
        Set<Integer> seen = new HashSet<>();
        for (Split s : splits(mnist)) {
            int[] pool = s.poolIndices();
            for (int i = 0; i < s.size(); i++) {
                assertTrue(seen.add(pool[i]), "pool position " + pool[i] + " drawn twice");
                assertTrue(pool[i] >= 0 && pool[i] < 70_000);
                assertNotEquals(9, mnistLabels[pool[i]]);
                assertEquals(mnistLabels[pool[i]], s.label(i), "label of pool position " + pool[i]);
            }
        }
        assertEquals(62_000, seen.size());
        // the pool is train file then t10k file: both contribute
        assertTrue(seen.stream().anyMatch(p -> p >= 60_000) && seen.stream().anyMatch(p -> p < 60_000));
    }

    @Test
    void imagesAreTheSourceDigitsScaledAndZeroPadded() {
        float[] img = new float[P];
        for (Split s : splits(mnist)) {
            int[] pool = s.poolIndices();
            for (int i = 0; i < s.size(); i++) {
                s.image(i, img, 0);
                for (int r = 0; r < 36; r++) {
                    for (int c = 0; c < 36; c++) {
                        float v = img[r * 36 + c];
                        boolean inside = r >= 4 && r < 32 && c >= 4 && c < 32;
                        float expected = inside ? (mnistImages[pool[i] * 784 + (r - 4) * 28 + (c - 4)] & 0xff) / 255f
                                : 0f;
                        if (v != expected) {
                            assertEquals(expected, v, s.name() + " sample " + i + " pixel " + r + "," + c);
                        }
                    }
                }
            }
        }
        float[] fresh = fmnist.test().image(17);
        float[] into = new float[P + 5];
        fmnist.test().image(17, into, 5);
        assertArrayEquals(fresh, Arrays.copyOfRange(into, 5, P + 5));
        float max = 0;
        for (float v : fresh) {
            assertTrue(v >= 0f && v <= 1f);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5f, "not blank");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        TransformingDataset again = TransformingDataset.load(DatasetId.TMNIST, 0);
        TransformingDataset other = TransformingDataset.load(DatasetId.TMNIST, 1);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(splits(mnist).get(k).poolIndices(), splits(again).get(k).poolIndices());
            assertArrayEquals(splits(mnist).get(k).labels(), splits(again).get(k).labels());
        }
        assertFalse(Arrays.equals(mnist.train().poolIndices(), other.train().poolIndices()));
        assertEquals(1, other.splitSeed());
        assertEquals(mnist.normalization(), again.normalization());
        assertNotEquals(mnist.normalization(), other.normalization());
    }

    @Test
    void splitFollowsTheDocumentedShuffle() {
        // pool positions without class 9, in pool order, Fisher-Yates with SplittableRandom(seed)
        int[] kept = java.util.stream.IntStream.range(0, 70_000).filter(p -> mnistLabels[p] != 9).toArray();
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = kept.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = kept[i];
            kept[i] = kept[j];
            kept[j] = t;
        }
        assertArrayEquals(Arrays.copyOfRange(kept, 0, 10_000), mnist.train().poolIndices());
        assertArrayEquals(Arrays.copyOfRange(kept, 10_000, 12_000), mnist.validation().poolIndices());
        assertArrayEquals(Arrays.copyOfRange(kept, 12_000, 62_000), mnist.test().poolIndices());
    }

    /**
     * Golden values of split seed 0, also reproduced by the pure-Python recipe in docs/DATA.md: a
     * change here changes every published number.
     */
    @Test
    void goldenSplitOfSeedZero() {
        assertArrayEquals(new int[] {48129, 4146, 44774, 59123, 33143, 46552, 58954, 68393},
                Arrays.copyOf(mnist.train().poolIndices(), 8));
        assertArrayEquals(new int[] {54210, 8371, 11590, 48903}, Arrays.copyOf(mnist.validation().poolIndices(), 4));
        assertArrayEquals(new int[] {54483, 30858, 47967, 49220}, Arrays.copyOf(mnist.test().poolIndices(), 4));
        assertArrayEquals(new int[] {35911, 55768, 34558, 37052, 42949, 23267, 39449, 46687},
                Arrays.copyOf(fmnist.train().poolIndices(), 8));
        assertEquals(new Normalization(0.08011181f, 0.249753f), mnist.normalization());
        assertEquals(new Normalization(0.17210913f, 0.3065718f), fmnist.normalization());
        assertArrayEquals(new int[] {3, 2, 0, 1, 3, 3, 3, 2, 1, 0},
                Arrays.copyOf(mnist.validation().fixedElements(Groups.R4), 10));
        assertArrayEquals(new int[] {1, 3, 1, 4, 0, 7, 1, 4, 0, 0},
                Arrays.copyOf(mnist.validation().fixedElements(Groups.D4), 10));
    }

    @Test
    void normalizationIsTheTrainingPixelStatistics() {
        for (TransformingDataset d : List.of(mnist, fmnist)) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < d.train().size(); i++) {
                for (float v : d.train().image(i)) {
                    sum += v;
                    squares += (double) v * v;
                }
            }
            double n = (double) d.train().size() * P;
            double mean = sum / n;
            double std = Math.sqrt(squares / n - mean * mean);
            assertEquals(mean, d.normalization().mean(), 1e-6, d.id() + " mean");
            assertEquals(std, d.normalization().std(), 1e-6, d.id() + " std");

            int[] all = java.util.stream.IntStream.range(0, d.train().size()).toArray();
            float[] x = new float[all.length * P];
            d.train().fill(all, null, null, d.normalization(), x);
            double s = 0;
            double q = 0;
            for (float v : x) {
                s += v;
                q += (double) v * v;
            }
            double normalizedMean = s / x.length;
            assertEquals(0, normalizedMean, 1e-5, d.id() + " normalized mean");
            double normalizedStd = Math.sqrt(q / x.length - normalizedMean * normalizedMean);
            assertEquals(1, normalizedStd, 1e-5, d.id() + " normalized std");
        }
        // the digits cover less of the image than the clothes
        assertTrue(mnist.normalization().mean() < fmnist.normalization().mean());
    }

    @Test
    void fillEqualsImageThenGroupThenNormalization() {
        SplittableRandom rng = new SplittableRandom(7);
        Normalization norm = new Normalization(0.25f, 0.5f);
        for (Group group : Groups.all()) {
            for (Split s : List.of(mnist.train(), fmnist.validation(), TransformingDataset.drift(mnist, fmnist, 0.3))) {
                int[] indices = rng.ints(64, 0, s.size()).toArray();
                int[] elements = rng.ints(64, 0, group.order()).toArray();
                for (Normalization n : List.of(norm, mnist.normalization())) {
                    float[] batch = new float[64 * P];
                    s.fill(indices, elements, group, n, batch);
                    float[] identity = new float[64 * P];
                    s.fill(indices, null, null, n, identity);
                    for (int r = 0; r < 64; r++) {
                        float[] expected = group.apply(elements[r], s.image(indices[r]));
                        float[] plain = s.image(indices[r]);
                        for (int p = 0; p < P; p++) {
                            expected[p] = n.apply(expected[p]);
                            plain[p] = n.apply(plain[p]);
                        }
                        assertArrayEquals(expected, Arrays.copyOfRange(batch, r * P, (r + 1) * P),
                                group + " " + s.name() + " row " + r);
                        assertArrayEquals(plain, Arrays.copyOfRange(identity, r * P, (r + 1) * P));
                    }
                }
            }
        }
    }

    @Test
    void fillRejectsBadArguments() {
        Split s = mnist.validation();
        Normalization n = mnist.normalization();
        float[] dst = new float[2 * P];
        assertThrows(IllegalArgumentException.class, () -> s.fill(new int[] {0, 2000}, null, null, n, dst));
        assertThrows(IllegalArgumentException.class, () -> s.fill(new int[] {0, -1}, null, null, n, dst));
        int[] two = {0, 1};
        assertThrows(IllegalArgumentException.class, () -> s.fill(two, new int[] {0, 4}, Groups.R4, n, dst));
        assertThrows(IllegalArgumentException.class, () -> s.fill(two, new int[] {0}, Groups.R4, n, dst));
        assertThrows(IllegalArgumentException.class, () -> s.fill(new int[] {0, 1, 2}, null, null, n, dst));
        assertThrows(IndexOutOfBoundsException.class, () -> s.image(2000));
    }

    @Test
    void fixedElementsAreUniformAndDependOnlyOnSeedGroupAndIndex() {
        for (Group group : Groups.all()) {
            int[] e = mnist.validation().fixedElements(group);
            assertEquals(2_000, e.length);
            assertArrayEquals(e, mnist.validation().fixedElements(group), "deterministic");
            assertArrayEquals(e, Arrays.copyOf(mnist.test().fixedElements(group), 2_000), "function of index only");
            assertArrayEquals(e, fmnist.validation().fixedElements(group), "same split seed, same elements");
            int[] counts = new int[group.order()];
            for (int g : e) {
                counts[g]++;
            }
            double expected = 2_000.0 / group.order();
            for (int c : counts) {
                // five standard deviations of a binomial count
                assertEquals(expected, c, 5 * Math.sqrt(expected), group + " counts " + Arrays.toString(counts));
            }
            SplittableRandom rng = new SplittableRandom(Split.fnv1a64(group.id()));
            for (int i = 0; i < 100; i++) {
                assertEquals(rng.nextInt(group.order()), e[i], "documented draw " + i);
            }
        }
        assertFalse(Arrays.equals(mnist.validation().fixedElements(Groups.R4),
                TransformingDataset.load(DatasetId.TMNIST, 3).validation().fixedElements(Groups.R4)));
        assertEquals(0xcbf29ce484222325L, Split.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, Split.fnv1a64("a"));
    }

    @Test
    void driftBlendsTheTwoTestSplits() {
        Split d0 = TransformingDataset.drift(mnist, fmnist, 0);
        Split d1 = TransformingDataset.drift(mnist, fmnist, 1);
        Split half = TransformingDataset.drift(mnist, fmnist, 0.5);
        assertEquals("drift(0.3)", TransformingDataset.drift(mnist, fmnist, 0.3).name());
        assertEquals(50_000, half.size());
        assertArrayEquals(mnist.test().labels(), d0.labels());
        assertArrayEquals(mnist.test().labels(), d1.labels(), "drift keeps the T-MNIST labels");
        assertArrayEquals(mnist.test().labels(), half.labels());
        for (int i = 0; i < 50_000; i += 97) {
            float[] a = mnist.test().image(i);
            float[] b = fmnist.test().image(i);
            assertArrayEquals(a, d0.image(i), "beta 0 is T-MNIST");
            assertArrayEquals(b, d1.image(i), "beta 1 is T-FMNIST");
            float[] h = half.image(i);
            for (int p = 0; p < P; p++) {
                assertEquals((a[p] + b[p]) / 2, h[p], "beta 0.5 is the average");
            }
        }
        float[] x = new float[P];
        for (int k = 0; k <= 10; k++) {
            Split d = TransformingDataset.drift(mnist, fmnist, k / 10.0);
            for (int i = 0; i < 50_000; i += 1009) {
                d.image(i, x, 0);
                for (float v : x) {
                    assertTrue(v >= 0f && v <= 1f, "value " + v + " at beta " + k / 10.0);
                }
            }
        }
        assertThrows(OrbitscopeException.class, () -> TransformingDataset.drift(mnist, fmnist, 1.01));
        assertThrows(OrbitscopeException.class, () -> TransformingDataset.drift(mnist, fmnist, -0.1));
        assertThrows(OrbitscopeException.class, () -> TransformingDataset.drift(mnist, fmnist, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TransformingDataset.drift(fmnist, mnist, 0.5));
    }

    @Test
    void directoryAndDefaults() {
        assertEquals(Path.of("data", "mnist").toAbsolutePath(), TransformingDataset.defaultDataDir(DatasetId.TMNIST));
        assertEquals(Path.of("data", "fashion-mnist").toAbsolutePath(), fmnist.directory());
        assertTrue(mnist.toString().contains("T-MNIST"));
        assertEquals(DatasetId.TFMNIST, DatasetId.byId("TFMNIST"));
        assertEquals("fashion-mnist", DatasetId.byId("tfmnist").directoryName());
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> DatasetId.byId("cifar"));
        assertTrue(e.getMessage().contains("cifar"));
    }

    @Test
    void normalizationRejectsUnusableValues() {
        assertEquals(2f, new Normalization(1f, 0.5f).apply(2f));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(0f, -1f));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(0f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(Float.POSITIVE_INFINITY, 1f));
    }
}
