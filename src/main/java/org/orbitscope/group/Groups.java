package org.orbitscope.group;

import java.util.List;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/**
 * The groups of SPEC section 2 on 36x36 images: R4, T3 and D4.
 */
public final class Groups {

    /** Image side used throughout Orbitscope (28x28 digits zero-padded by 4 on every side). */
    public static final int SIDE = 36;

    /** 4-fold rotations: element k rotates by k*90 degrees counter-clockwise ({@code numpy.rot90(img, k)}). */
    public static final Group R4 = rotations(SIDE);
    /** 3-fold cyclic translations: element k shifts columns right by 12k ({@code numpy.roll(img, 12k, axis=1)}). */
    public static final Group T3 = translations(SIDE, 3);
    /**
     * Dihedral group of the square: elements 0..3 are the rotations of R4, element 4+k is
     * {@code rot90(fliplr(img), k)}.
     */
    public static final Group D4 = dihedral(SIDE);

    private Groups() {
    }

    /** @return every built-in group */
    public static List<Group> all() {
        return List.of(R4, T3, D4);
    }

    /**
     * @param id {@code r4}, {@code t3} or {@code d4} (case-insensitive)
     * @return the group
     * @throws OrbitscopeException for an unknown id
     */
    public static Group byId(String id) {
        for (Group g : all()) {
            if (g.id().equals(id.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new OrbitscopeException("Unknown group '" + id + "': expected one of r4, t3, d4.");
    }

    /**
     * Gather permutation of a counter-clockwise quarter turn, as {@code numpy.rot90(m, 1)}:
     * {@code out[i][j] = m[j][n-1-i]}.
     */
    static int[] quarterTurn(int n) {
        int[] p = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = j * n + (n - 1 - i);
            }
        }
        return p;
    }

    /** Gather permutation of {@code numpy.fliplr}: {@code out[i][j] = m[i][n-1-j]}. */
    static int[] flipLeftRight(int n) {
        int[] p = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = i * n + (n - 1 - j);
            }
        }
        return p;
    }

    /** Permutation of "first apply {@code inner}, then {@code outer}" for gather permutations. */
    static int[] then(int[] inner, int[] outer) {
        int[] p = new int[inner.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = inner[outer[i]];
        }
        return p;
    }

    static int[] identity(int size) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        return p;
    }

    private static int[][] rotationPerms(int n) {
        int[][] perms = new int[4][];
        perms[0] = identity(n * n);
        int[] q = quarterTurn(n);
        for (int k = 1; k < 4; k++) {
            perms[k] = then(perms[k - 1], q);
        }
        return perms;
    }

    static Group rotations(int n) {
        return new Group("r4", "R4 (4-fold rotations)", n, rotationPerms(n),
                new String[] {"0°", "90°", "180°", "270°"});
    }

    static Group translations(int n, int parts) {
        if (n % parts != 0) {
            throw new IllegalArgumentException(n + " pixels do not split into " + parts + " equal shifts");
        }
        int step = n / parts;
        int[][] perms = new int[parts][n * n];
        String[] labels = new String[parts];
        for (int k = 0; k < parts; k++) {
            int shift = step * k;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    perms[k][r * n + c] = r * n + Math.floorMod(c - shift, n);
                }
            }
            labels[k] = "+" + shift + " px";
        }
        return new Group("t" + parts, "T" + parts + " (" + parts + "-fold cyclic translations)", n, perms, labels);
    }

    static Group dihedral(int n) {
        int[][] rot = rotationPerms(n);
        int[] flip = flipLeftRight(n);
        int[][] perms = new int[8][];
        String[] labels = new String[8];
        for (int k = 0; k < 4; k++) {
            perms[k] = rot[k];
            perms[4 + k] = then(flip, rot[k]);
            labels[k] = (90 * k) + "°";
            labels[4 + k] = "flip+" + (90 * k) + "°";
        }
        return new Group("d4", "D4 (rotations and reflections)", n, perms, labels);
    }
}
