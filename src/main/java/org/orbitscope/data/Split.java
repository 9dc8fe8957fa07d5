package org.orbitscope.data;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import org.orbitscope.group.Group;

/**
 * One split of a {@link TransformingDataset} (train, validation, test) or a drift set D(beta): labelled
 * 36x36 images on the [0,1] scale, zero-padded from 28x28 (SPEC section 1).
 *
 * <p>Storage: the 28x28 source bytes of all images in one array, each image followed by one zero
 * byte (a slot of {@value #SLOT} bytes). Padding happens on the fly: a gather map sends each of the
 * 1296 padded pixels to its byte in the slot, or to the zero byte for the 4-pixel border, so
 * {@link #fill} is one table-driven loop with the group element folded into the map. A drift set
 * keeps no pixels of its own: it blends the test splits of T-MNIST and T-FMNIST on the fly.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Split {

    /** Side of the stored source images. */
    static final int SOURCE_SIDE = 28;
    /** Pixels of a stored source image. */
    static final int SOURCE_PIXELS = SOURCE_SIDE * SOURCE_SIDE;
    /** Bytes per stored image: its 784 pixels and one zero byte that the padding border reads. */
    static final int SLOT = SOURCE_PIXELS + 1;
    /** Padding on each side. */
    static final int PAD = (TransformingDataset.SIDE - SOURCE_SIDE) / 2;

    private static final int PIXELS = TransformingDataset.PIXELS;
    /** {@code SCALE[k] = k / 255f}: the [0,1] value of the byte {@code k}. */
    private static final float[] SCALE = new float[256];
    /** Gather map of the padding alone: padded pixel index to slot index ({@value #SOURCE_PIXELS} = zero). */
    private static final int[] PADDING = paddingMap();
    /** Gather maps per group: {@code maps[g][p] = PADDING[perm(g)[p]]}, built once per group. */
    private static final int[][] IDENTITY_MAPS = {PADDING};
    private static final Map<Group, int[][]> GATHER_MAPS = Collections.synchronizedMap(new WeakHashMap<>());

    static {
        for (int k = 0; k < 256; k++) {
            SCALE[k] = k / 255f;
        }
    }

    private final String name;
    private final long splitSeed;
    private final int[] labels;
    private final int[] poolIndices;
    private final byte[] pixels;
    /** Second image source of a drift set, else null. */
    private final byte[] blendPixels;
    private final float weight;
    private final float blendWeight;
    /** Last normalization used by {@link #fill} and its 256-entry lookup table. */
    private volatile NormalizedScale lastScale;

    private record NormalizedScale(Normalization norm, float[] table) {
    }

    private Split(String name, long splitSeed, int[] labels, int[] poolIndices, byte[] pixels, byte[] blendPixels,
            float weight, float blendWeight) {
        this.name = name;
        this.splitSeed = splitSeed;
        this.labels = labels;
        this.poolIndices = poolIndices;
        this.pixels = pixels;
        this.blendPixels = blendPixels;
        this.weight = weight;
        this.blendWeight = blendWeight;
    }

    /**
     * @param name split name, e.g. {@code train}
     * @param splitSeed the dataset's split seed (seeds {@link #fixedElements})
     * @param labels one label per image, 0..8
     * @param poolIndices position of each image in the pooled source files (train file first)
     * @param pixels {@code labels.length} slots of {@value #SLOT} bytes, the last byte of each zero
     */
    static Split of(String name, long splitSeed, int[] labels, int[] poolIndices, byte[] pixels) {
        if (pixels.length != (long) labels.length * SLOT || poolIndices.length != labels.length) {
            throw new IllegalArgumentException("split " + name + ": sizes do not match");
        }
        return new Split(name, splitSeed, labels, poolIndices, pixels, null, 1f, 0f);
    }

    /**
     * The pixel-wise blend {@code (1-beta) a + beta b} of two splits of equal size, with the labels
     * of {@code a}; each value is {@code min(1, w_a * x_a + w_b * x_b)} in float arithmetic, with
     * {@code w_a = (float) (1 - beta)} and {@code w_b = (float) beta}, so that beta 0 and 1 give
     * {@code a} and {@code b} exactly and every value stays in [0,1].
     */
    static Split blend(String name, Split a, Split b, double beta) {
        if (a.blendPixels != null || b.blendPixels != null || a.size() != b.size()) {
            throw new IllegalArgumentException("can only blend two plain splits of equal size");
        }
        return new Split(name, a.splitSeed, a.labels, a.poolIndices, a.pixels, b.pixels, (float) (1 - beta),
                (float) beta);
    }

    /** @return the split's name: {@code train}, {@code validation}, {@code test} or {@code drift(beta)} */
    public String name() {
        return name;
    }

    /** @return the number of samples */
    public int size() {
        return labels.length;
    }

    /**
     * @param i sample index, {@code 0 <= i < size()}
     * @return its label, 0..8
     */
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /** @return a copy of all labels in sample order */
    public int[] labels() {
        return labels.clone();
    }

    /** @return the number of samples of each class, index = label */
    public int[] classCounts() {
        int[] counts = new int[TransformingDataset.NUM_CLASSES];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** @return a copy of the position of every sample in the pooled source files (train file first) */
    int[] poolIndices() {
        return poolIndices.clone();
    }

    /**
     * Writes one image, [0,1]-scaled, zero-padded to 36x36, row-major, unnormalized.
     *
     * @param i sample index, {@code 0 <= i < size()}
     * @param dst destination
     * @param off offset of the 1296 values in {@code dst}
     */
    public void image(int i, float[] dst, int off) {
        Objects.checkIndex(i, labels.length);
        Objects.checkFromIndexSize(off, PIXELS, dst.length);
        int base = i * SLOT;
        if (blendPixels == null) {
            for (int p = 0; p < PIXELS; p++) {
                dst[off + p] = SCALE[pixels[base + PADDING[p]] & 0xff];
            }
        } else {
            for (int p = 0; p < PIXELS; p++) {
                dst[off + p] = blended(base + PADDING[p]);
            }
        }
    }

    /**
     * @param i sample index, {@code 0 <= i < size()}
     * @return a new array with the [0,1]-scaled, zero-padded 36x36 image, row-major, unnormalized
     */
    public float[] image(int i) {
        float[] out = new float[PIXELS];
        image(i, out, 0);
        return out;
    }

    private float blended(int at) {
        return Math.min(1f, weight * SCALE[pixels[at] & 0xff] + blendWeight * SCALE[blendPixels[at] & 0xff]);
    }

    /**
     * Fills {@code dst} (row-major, {@code indices.length x 1296}) with normalized images with a group
     * element applied: {@code dst[r*1296 + p] = norm.apply(image(indices[r])[perm(elements[r])[p]])},
     * bit for bit. The training hot path: no allocation once a group and a normalization have been
     * seen.
     *
     * @param indices sample indices, each in {@code [0, size())}
     * @param elements group element per row, each in {@code [0, group.order())}; null for the identity
     * @param group the group acting on 36x36 images; may be null when {@code elements} is null
     * @param norm the normalization to apply
     * @param dst destination with room for at least {@code indices.length * 1296} values
     * @throws IllegalArgumentException if a length, index or element is out of range
     */
    public void fill(int[] indices, int[] elements, Group group, Normalization norm, float[] dst) {
        int n = indices.length;
        if (elements != null && elements.length != n) {
            throw new IllegalArgumentException(elements.length + " elements for " + n + " samples");
        }
        if (dst.length < (long) n * PIXELS) {
            throw new IllegalArgumentException("destination holds " + dst.length + " values, need " + n + " x "
                    + PIXELS);
        }
        int[][] maps = elements == null ? IDENTITY_MAPS : gatherMaps(Objects.requireNonNull(group));
        float mean = norm.mean();
        float std = norm.std();
        float[] table = blendPixels == null ? normalizedScale(norm) : null;
        for (int r = 0; r < n; r++) {
            int i = indices[r];
            if (i < 0 || i >= labels.length) {
                throw new IllegalArgumentException("sample index " + i + " outside split " + name + " of size "
                        + labels.length);
            }
            int g = elements == null ? 0 : elements[r];
            if (g < 0 || g >= maps.length) {
                throw new IllegalArgumentException("no element " + g + " in group " + group);
            }
            int[] map = maps[g];
            int base = i * SLOT;
            int o = r * PIXELS;
            if (table != null) {
                for (int p = 0; p < PIXELS; p++) {
                    dst[o + p] = table[pixels[base + map[p]] & 0xff];
                }
            } else {
                for (int p = 0; p < PIXELS; p++) {
                    dst[o + p] = (blended(base + map[p]) - mean) / std;
                }
            }
        }
    }

    /** @return {@code table[k] = norm.apply(k / 255f)}, cached for the last normalization seen */
    private float[] normalizedScale(Normalization norm) {
        NormalizedScale cached = lastScale;
        if (cached == null || !cached.norm().equals(norm)) {
            float[] table = new float[256];
            for (int k = 0; k < 256; k++) {
                table[k] = norm.apply(SCALE[k]);
            }
            cached = new NormalizedScale(norm, table);
            lastScale = cached;
        }
        return cached.table();
    }

    private static int[][] gatherMaps(Group group) {
        if (group.pixels() != PIXELS) {
            throw new IllegalArgumentException("group " + group + " acts on " + group.side() + "x" + group.side()
                    + " images, not " + TransformingDataset.SIDE + "x" + TransformingDataset.SIDE);
        }
        return GATHER_MAPS.computeIfAbsent(group, gr -> {
            int[][] maps = new int[gr.order()][PIXELS];
            for (int g = 0; g < gr.order(); g++) {
                int[] perm = gr.permutation(g);
                for (int p = 0; p < PIXELS; p++) {
                    maps[g][p] = PADDING[perm[p]];
                }
            }
            return maps;
        });
    }

    private static int[] paddingMap() {
        int side = TransformingDataset.SIDE;
        int[] map = new int[side * side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                boolean inside = r >= PAD && r < PAD + SOURCE_SIDE && c >= PAD && c < PAD + SOURCE_SIDE;
                map[r * side + c] = inside ? (r - PAD) * SOURCE_SIDE + (c - PAD) : SOURCE_PIXELS;
            }
        }
        return map;
    }

    /**
     * One group element per sample, drawn uniformly once and then fixed (SPEC section 1: the
     * validation set's elements). Element {@code i} is the {@code i}-th draw of
     * {@code new SplittableRandom(splitSeed ^ fnv1a64(group.id())).nextInt(group.order())}, so it
     * depends only on the split seed, the group and {@code i}.
     *
     * @param group the group
     * @return a new array of {@code size()} elements, each in {@code [0, group.order())}
     */
    public int[] fixedElements(Group group) {
        SplittableRandom rng = new SplittableRandom(splitSeed ^ fnv1a64(group.id()));
        int[] elements = new int[labels.length];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = rng.nextInt(group.order());
        }
        return elements;
    }

    /** 64-bit FNV-1a hash of the UTF-8 bytes of {@code s}. */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return name + " (" + labels.length + " samples)";
    }

    /** @return how often each byte value occurs in the stored 28x28 images (padding not counted) */
    long[] sourceHistogram() {
        if (blendPixels != null) {
            throw new IllegalStateException("a drift set has no bytes of its own");
        }
        long[] histogram = new long[256];
        for (int base = 0; base < pixels.length; base += SLOT) {
            for (int p = base; p < base + SOURCE_PIXELS; p++) {
                histogram[pixels[p] & 0xff]++;
            }
        }
        return histogram;
    }
}
