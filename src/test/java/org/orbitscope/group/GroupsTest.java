package org.orbitscope.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.IdxArray;
import org.orbitscope.data.IdxReader;

/**
 * The groups of SPEC section 2: the axioms, checked exhaustively on the permutations, and the
 * action of each element, checked against index formulas written independently of {@link Groups}.
 */
class GroupsTest {

    private static final int N = Groups.SIDE;

    /** 200 real MNIST test digits, [0,1]-scaled and zero-padded to 36x36 by hand. */
    private static float[][] digits;

    @BeforeAll
    static void loadDigits() {
        IdxArray images = IdxReader.read(Path.of("data", "mnist", "t10k-images-idx3-ubyte.gz"));
        digits = new float[200][N * N];
        for (int k = 0; k < digits.length; k++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    digits[k][(r + 4) * N + (c + 4)] = (images.data()[k * 784 + r * 28 + c] & 0xff) / 255f;
                }
            }
        }
    }

    /** A pattern whose every pixel holds its own index, so any misplaced pixel shows. */
    private static float[] indexPattern() {
        float[] x = new float[N * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return x;
    }

    /** Builds {@code out[i][j] = in[src(i,j)]} for a 36x36 image from an index formula. */
    private static float[] gather(float[] in, IntBinaryOperator src) {
        float[] out = new float[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                out[i * N + j] = in[src.applyAsInt(i, j)];
            }
        }
        return out;
    }

    private static int orderOf(Group group, int g) {
        int k = 1;
        for (int p = g; p != group.identity(); p = group.compose(p, g)) {
            k++;
        }
        return k;
    }

    @Test
    void axiomsHoldExhaustively() {
        for (Group group : Groups.all()) {
            int n = group.order();
            assertEquals(0, group.identity(), group.id());
            Set<List<Integer>> distinct = new HashSet<>();
            for (int g = 0; g < n; g++) {
                distinct.add(Arrays.stream(group.permutation(g)).boxed().toList());
            }
            assertEquals(n, distinct.size(), group.id() + ": elements must be distinct permutations");
            for (int a = 0; a < n; a++) {
                assertEquals(a, group.compose(a, 0), group.id() + " right identity");
                assertEquals(a, group.compose(0, a), group.id() + " left identity");
                assertEquals(0, group.compose(a, group.inverse(a)), group.id() + " right inverse of " + a);
                assertEquals(0, group.compose(group.inverse(a), a), group.id() + " left inverse of " + a);
                int[] pa = group.permutation(a);
                for (int b = 0; b < n; b++) {
                    int ab = group.compose(a, b);
                    assertTrue(ab >= 0 && ab < n, group.id() + " closure");
                    // (ab) x = a (b x), so perm(ab)[i] = perm(b)[perm(a)[i]]
                    int[] pb = group.permutation(b);
                    int[] expected = new int[pa.length];
                    for (int i = 0; i < pa.length; i++) {
                        expected[i] = pb[pa[i]];
                    }
                    assertArrayEquals(expected, group.permutation(ab), group.id() + " product " + a + "*" + b);
                    for (int c = 0; c < n; c++) {
                        assertEquals(group.compose(group.compose(a, b), c), group.compose(a, group.compose(b, c)),
                                group.id() + " associativity " + a + "," + b + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void elementOrders() {
        assertArrayEquals(new int[] {1, 4, 2, 4}, orders(Groups.R4));
        assertArrayEquals(new int[] {1, 3, 3}, orders(Groups.T3));
        assertArrayEquals(new int[] {1, 4, 2, 4, 2, 2, 2, 2}, orders(Groups.D4));
    }

    private static int[] orders(Group group) {
        int[] orders = new int[group.order()];
        for (int g = 0; g < orders.length; g++) {
            orders[g] = orderOf(group, g);
        }
        return orders;
    }

    @Test
    void composingMatchesApplyingInTurn() {
        float[] x = digits[3];
        for (Group group : Groups.all()) {
            for (int a = 0; a < group.order(); a++) {
                for (int b = 0; b < group.order(); b++) {
                    assertArrayEquals(group.apply(a, group.apply(b, x)), group.apply(group.compose(a, b), x),
                            group.id() + ": (" + a + "*" + b + ") x == " + a + " (" + b + " x)");
                }
            }
        }
    }

    @Test
    void rotationsFollowNumpyRot90() {
        float[] x = indexPattern();
        // numpy.rot90(m, k) on a (row, col) array, written out per k
        assertArrayEquals(x, Groups.R4.apply(0, x));
        assertArrayEquals(gather(x, (i, j) -> j * N + (N - 1 - i)), Groups.R4.apply(1, x));
        assertArrayEquals(gather(x, (i, j) -> (N - 1 - i) * N + (N - 1 - j)), Groups.R4.apply(2, x));
        assertArrayEquals(gather(x, (i, j) -> (N - 1 - j) * N + i), Groups.R4.apply(3, x));
        assertEquals(List.of("0°", "90°", "180°", "270°"), Groups.R4.labels());
    }

    @Test
    void quarterTurnIsCounterClockwiseOnATinyImage() {
        // [[1, 2], [3, 4]] turned a quarter counter-clockwise is [[2, 4], [1, 3]] (numpy.rot90)
        Group r = Groups.rotations(2);
        assertArrayEquals(new float[] {2, 4, 1, 3}, r.apply(1, new float[] {1, 2, 3, 4}));
        // [[1, 2, 3], [4, 5, 6], [7, 8, 9]] -> [[3, 6, 9], [2, 5, 8], [1, 4, 7]]
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7},
                Groups.rotations(3).apply(1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        // a mark in the top-right corner of the 36x36 image moves to the top-left corner
        float[] mark = new float[N * N];
        mark[N - 1] = 1;
        float[] turned = Groups.R4.apply(1, mark);
        assertEquals(1f, turned[0]);
        assertEquals(1f, sum(turned));
    }

    @Test
    void translationsShiftColumnsRightCyclically() {
        float[] x = indexPattern();
        assertArrayEquals(x, Groups.T3.apply(0, x));
        // numpy.roll(img, 12 * k, axis=1): out[i][j] = in[i][(j - 12k) mod 36]
        assertArrayEquals(gather(x, (i, j) -> i * N + Math.floorMod(j - 12, N)), Groups.T3.apply(1, x));
        assertArrayEquals(gather(x, (i, j) -> i * N + Math.floorMod(j - 24, N)), Groups.T3.apply(2, x));
        // a tiny case by hand: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] rolled right by 1
        assertArrayEquals(new float[] {3, 1, 2, 6, 4, 5, 9, 7, 8},
                Groups.translations(3, 3).apply(1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        // a pixel in column 30 lands in column (30 + 12) mod 36 = 6, same row
        float[] mark = new float[N * N];
        mark[5 * N + 30] = 1;
        assertEquals(1f, Groups.T3.apply(1, mark)[5 * N + 6]);
    }

    @Test
    void dihedralReflections() {
        float[] x = indexPattern();
        Group d4 = Groups.D4;
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(Groups.R4.permutation(k), d4.permutation(k), "D4 starts with the rotations");
        }
        // element 4 + k is rot90(fliplr(img), k)
        assertArrayEquals(gather(x, (i, j) -> i * N + (N - 1 - j)), d4.apply(4, x), "fliplr");
        assertArrayEquals(gather(x, (i, j) -> j * N + i), d4.apply(5, x), "transpose");
        assertArrayEquals(gather(x, (i, j) -> (N - 1 - i) * N + j), d4.apply(6, x), "flipud");
        assertArrayEquals(gather(x, (i, j) -> (N - 1 - j) * N + (N - 1 - i)), d4.apply(7, x), "anti-transpose");
        assertArrayEquals(new float[] {2, 1, 4, 3}, Groups.dihedral(2).apply(4, new float[] {1, 2, 3, 4}));
        for (int g = 4; g < 8; g++) {
            assertEquals(g, d4.inverse(g), "a reflection is its own inverse");
            // reflecting, rotating by 90 degrees and reflecting back rotates by -90 degrees
            assertEquals(3, d4.compose(g, d4.compose(1, g)));
        }
        assertNotEquals(d4.compose(1, 4), d4.compose(4, 1), "D4 is not commutative");
    }

    @Test
    void inverseUndoesEveryElementBitForBitOnRealDigits() {
        for (Group group : Groups.all()) {
            for (float[] x : digits) {
                for (int g = 0; g < group.order(); g++) {
                    float[] back = group.apply(group.inverse(g), group.apply(g, x));
                    assertArrayEquals(x, back, group.id() + " element " + g);
                }
            }
        }
        assertTrue(sum(digits[0]) > 10, "the digits are not blank");
    }

    @Test
    void everyElementMovesPixelsExceptTheIdentity() {
        float[] x = indexPattern();
        for (Group group : Groups.all()) {
            for (int g = 1; g < group.order(); g++) {
                assertNotEquals(Arrays.toString(x), Arrays.toString(group.apply(g, x)), group.id() + " element " + g);
            }
        }
    }

    @Test
    void applyRowsAppliesOneElementPerRow() {
        float[] batch = new float[2 * N * N];
        System.arraycopy(digits[0], 0, batch, 0, N * N);
        System.arraycopy(digits[1], 0, batch, N * N, N * N);
        float[] out = Groups.D4.applyRows(new int[] {5, 2}, batch);
        assertArrayEquals(Groups.D4.apply(5, digits[0]), Arrays.copyOfRange(out, 0, N * N));
        assertArrayEquals(Groups.D4.apply(2, digits[1]), Arrays.copyOfRange(out, N * N, 2 * N * N));
    }

    @Test
    void lookupById() {
        assertSame(Groups.R4, Groups.byId("r4"));
        assertSame(Groups.T3, Groups.byId("T3"));
        assertSame(Groups.D4, Groups.byId("d4"));
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> Groups.byId("so2"));
        assertTrue(e.getMessage().contains("so2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Groups.R4.compose(4, 0));
    }

    private static float sum(float[] x) {
        float s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }
}
