package org.orbitscope.group;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A finite group acting on flattened square images as exact pixel permutations.
 *
 * <p>Elements are the integers {@code 0..order()-1}; element 0 is the identity. The action of
 * element {@code g} is the gather {@code (g x)[i] = x[perm(g)[i]]}, so composition follows from
 * {@code (g h) x = g (h x)}: {@code perm(gh)[i] = perm(h)[perm(g)[i]]}. The multiplication table
 * and inverses are derived from the permutations themselves, so the axioms hold exactly.
 */
public final class Group {

    private final String id;
    private final String displayName;
    private final int side;
    private final int[][] perms;
    private final String[] labels;
    private final int[][] table;
    private final int[] inverses;

    /**
     * @param id short id used on the command line and in model cards, e.g. {@code r4}
     * @param displayName name shown to users, e.g. {@code R4 (4-fold rotations)}
     * @param side image side in pixels (the image has {@code side*side} pixels, row-major)
     * @param perms one gather permutation per element; {@code perms[0]} must be the identity
     * @param labels one short label per element, e.g. {@code 90°}
     * @throws IllegalArgumentException if the permutations do not form a group
     */
    public Group(String id, String displayName, int side, int[][] perms, String[] labels) {
        this.id = Objects.requireNonNull(id);
        this.displayName = Objects.requireNonNull(displayName);
        this.side = side;
        if (perms.length == 0 || perms.length != labels.length) {
            throw new IllegalArgumentException("need one label per element and at least one element");
        }
        int n = side * side;
        this.perms = new int[perms.length][];
        for (int g = 0; g < perms.length; g++) {
            if (perms[g].length != n || !isPermutation(perms[g])) {
                throw new IllegalArgumentException("element " + g + " of " + id + " is not a permutation of "
                        + n + " pixels");
            }
            this.perms[g] = perms[g].clone();
        }
        for (int i = 0; i < n; i++) {
            if (this.perms[0][i] != i) {
                throw new IllegalArgumentException("element 0 of " + id + " must be the identity");
            }
        }
        this.labels = labels.clone();
        int order = perms.length;
        this.table = new int[order][order];
        this.inverses = new int[order];
        for (int a = 0; a < order; a++) {
            for (int b = 0; b < order; b++) {
                int[] ab = new int[n];
                for (int i = 0; i < n; i++) {
                    ab[i] = this.perms[b][this.perms[a][i]];
                }
                table[a][b] = indexOf(ab);
                if (table[a][b] < 0) {
                    throw new IllegalArgumentException(id + " is not closed under composition");
                }
            }
        }
        for (int a = 0; a < order; a++) {
            inverses[a] = -1;
            for (int b = 0; b < order; b++) {
                if (table[a][b] == 0) {
                    inverses[a] = b;
                    break;
                }
            }
            if (inverses[a] < 0) {
                throw new IllegalArgumentException("element " + a + " of " + id + " has no inverse");
            }
        }
    }

    private static boolean isPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            if (v < 0 || v >= p.length || seen[v]) {
                return false;
            }
            seen[v] = true;
        }
        return true;
    }

    private int indexOf(int[] perm) {
        for (int g = 0; g < perms.length; g++) {
            if (Arrays.equals(perms[g], perm)) {
                return g;
            }
        }
        return -1;
    }

    /** @return the short id, e.g. {@code r4} */
    public String id() {
        return id;
    }

    /** @return the name shown to users */
    public String displayName() {
        return displayName;
    }

    /** @return the number of elements */
    public int order() {
        return perms.length;
    }

    /** @return the identity element (always 0) */
    public int identity() {
        return 0;
    }

    /** @return image side in pixels */
    public int side() {
        return side;
    }

    /** @return pixels per image, {@code side*side} */
    public int pixels() {
        return side * side;
    }

    /**
     * @param a left element
     * @param b right element
     * @return the product {@code ab}, acting as {@code (ab) x = a (b x)}
     */
    public int compose(int a, int b) {
        return table[check(a)][check(b)];
    }

    /**
     * @param g an element
     * @return {@code g^-1}
     */
    public int inverse(int g) {
        return inverses[check(g)];
    }

    /**
     * @param g an element
     * @return its label, e.g. {@code 90°}
     */
    public String label(int g) {
        return labels[check(g)];
    }

    /** @return all element labels in element order */
    public List<String> labels() {
        return List.of(labels);
    }

    /**
     * @param g an element
     * @return a copy of its gather permutation: {@code (g x)[i] = x[perm[i]]}
     */
    public int[] permutation(int g) {
        return perms[check(g)].clone();
    }

    /**
     * Applies {@code g} to one image: {@code dst[dstOff+i] = src[srcOff+perm(g)[i]]}.
     *
     * @param g element
     * @param src source pixels
     * @param srcOff offset of the image in {@code src}
     * @param dst destination pixels (must not overlap the source image)
     * @param dstOff offset of the image in {@code dst}
     */
    public void apply(int g, float[] src, int srcOff, float[] dst, int dstOff) {
        int[] p = perms[check(g)];
        for (int i = 0; i < p.length; i++) {
            dst[dstOff + i] = src[srcOff + p[i]];
        }
    }

    /**
     * Applies {@code g} to one image and returns the result.
     *
     * @param g element
     * @param image {@code side*side} pixels, row-major
     * @return {@code g image}
     */
    public float[] apply(int g, float[] image) {
        if (image.length != pixels()) {
            throw new IllegalArgumentException("image has " + image.length + " pixels, expected " + pixels());
        }
        float[] out = new float[image.length];
        apply(g, image, 0, out, 0);
        return out;
    }

    /**
     * Applies one element per row to a row-major batch of images.
     *
     * @param elements element for each row ({@code length} = number of rows)
     * @param src rows of {@code pixels()} values
     * @return a new batch with row {@code r} equal to {@code elements[r]} applied to row {@code r}
     */
    public float[] applyRows(int[] elements, float[] src) {
        int n = pixels();
        if (src.length != elements.length * n) {
            throw new IllegalArgumentException("batch has " + src.length + " values, expected "
                    + elements.length + " x " + n);
        }
        float[] out = new float[src.length];
        for (int r = 0; r < elements.length; r++) {
            apply(elements[r], src, r * n, out, r * n);
        }
        return out;
    }

    private int check(int g) {
        if (g < 0 || g >= perms.length) {
            throw new IllegalArgumentException("no element " + g + " in " + id + " (order " + perms.length + ")");
        }
        return g;
    }

    @Override
    public String toString() {
        return id;
    }
}
