package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.orbitscope.group.Groups;

/** Orbit purity@k: hand-worked neighbours with a tie, both searches against brute force, collapsed orbits. */
class OrbitPurityTest {

    /**
     * Six points, three samples of two elements: (0,0) (1,0) | (0,2) (-2,0) | (10,0) (10,1), classes 0 0 0 0 1 1.
     * Squared distances from point 0: 1, 4, 4, 100, 101, so its second neighbour is a tie of points 2 and 3.
     */
    private static final double[][] TOY = {{0, 0}, {1, 0}, {0, 2}, {-2, 0}, {10, 0}, {10, 1}};
    private static final int[] TOY_SAMPLE = {0, 0, 1, 1, 2, 2};
    private static final int[] TOY_CLASS = {0, 0, 0, 0, 1, 1};
    /** Worked on paper, k = 2: point 0 takes 2 over 3 (same distance, lower index). */
    private static final int[][] TOY_NEIGHBOURS = {{1, 2}, {0, 2}, {0, 1}, {0, 2}, {5, 1}, {4, 1}};

    /** The toy in three dimensions: (x, y, 7), so the squared norms are not the distances. */
    private static float[] toyRows() {
        float[] x = new float[TOY.length * 3];
        for (int p = 0; p < TOY.length; p++) {
            x[3 * p] = (float) TOY[p][0];
            x[3 * p + 1] = (float) TOY[p][1];
            x[3 * p + 2] = 7;
        }
        return x;
    }

    private static void assertToy(OrbitPurity.Neighbours nb) {
        assertEquals(2, nb.k());
        assertEquals(TOY.length, nb.points());
        for (int p = 0; p < TOY.length; p++) {
            assertArrayEquals(TOY_NEIGHBOURS[p], nb.of(p), "neighbours of point " + p);
        }
        OrbitPurity.Share s = OrbitPurity.share(nb, TOY_SAMPLE, TOY_CLASS);
        // orbit mates among the two neighbours: 1/2, 1/2, 0, 1/2, 1/2, 1/2; same class: 1, 1, 1, 1, 1/2, 1/2
        assertEquals(5.0 / 12, s.orbit(), 1e-15);
        assertEquals(5.0 / 6, s.sameClass(), 1e-15);
        assertEquals(0.5, s.ratio(), 1e-15);
    }

    @Test
    void toyLayoutMatchesTheHandWorkedNeighbours() {
        assertToy(OrbitPurity.nearest(TOY, 2));
    }

    @Test
    void toyActivationsMatchTheHandWorkedNeighbours() {
        float[] x = toyRows();
        assertToy(OrbitPurity.nearest(x, TOY.length, 3, 2, () -> false));
        // as few candidates as neighbours: point 0's tie cannot be settled from the candidates, so it is rescanned
        assertToy(OrbitPurity.nearest(x, TOY.length, 3, 2, 2, 4, () -> false));
        assertToy(OrbitPurity.nearest(x, TOY.length, 3, 2, 2, 1, () -> false));
    }

    @Test
    void kMustBeBelowThePointCount() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> OrbitPurity.nearest(TOY, 6));
        assertTrue(tooMany.getMessage().contains("k = 6") && tooMany.getMessage().contains("6 points"),
                tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OrbitPurity.nearest(TOY, 0));
        assertThrows(IllegalArgumentException.class, () -> OrbitPurity.nearest(toyRows(), 6, 3, 6, () -> false));
        assertEquals(5, OrbitPurity.nearest(TOY, 5).k());
    }

    @Test
    void gridSearchEqualsBruteForce() {
        Random rnd = new Random(11);
        int n = 3000;
        double[][] xy = new double[n][];
        for (int p = 0; p < n; p++) {
            int kind = p % 10;
            if (kind < 5) {
                // clusters of different spreads
                int c = p % 7;
                double spread = 0.05 + 0.3 * c;
                xy[p] = new double[] {5 * c + spread * rnd.nextGaussian(), -3 * c + spread * rnd.nextGaussian()};
            } else if (kind < 8) {
                xy[p] = new double[] {40 * rnd.nextDouble() - 10, 40 * rnd.nextDouble() - 30};
            } else if (kind == 8) {
                // lattice points: many exact ties
                xy[p] = new double[] {rnd.nextInt(12), rnd.nextInt(12)};
            } else {
                // a copy of an earlier point
                xy[p] = xy[rnd.nextInt(p)].clone();
            }
        }
        // far outliers, outside the grid's window
        xy[17] = new double[] {1e4, 3};
        xy[18] = new double[] {-2e3, -5e3};
        xy[19] = new double[] {1e4, 4};
        int most = 25;
        int[] naive = naive2d(xy, most);
        for (int k : new int[] {1, 10, most}) {
            OrbitPurity.Neighbours nb = OrbitPurity.nearest(xy, k);
            for (int p = 0; p < n; p++) {
                for (int r = 0; r < k; r++) {
                    if (naive[p * most + r] != nb.indices()[p * k + r]) {
                        throw new AssertionError("k = " + k + ", point " + p + ", rank " + r + ": expected "
                                + naive[p * most + r] + ", got " + nb.indices()[p * k + r]);
                    }
                }
            }
        }
    }

    @Test
    void blockedSearchEqualsDoublePrecisionBruteForce() {
        Random rnd = new Random(5);
        int n = 500;
        int dims = 16;
        float[] x = new float[n * dims];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 3 + 1);
        }
        int k = 10;
        int[] naive = naive(x, n, dims, k);
        assertArrayEquals(naive, OrbitPurity.nearest(x, n, dims, k, () -> false).indices(), "one tile");
        // tiles of 64 rows (the last one partial) and the default number of candidates
        assertArrayEquals(naive, OrbitPurity.nearest(x, n, dims, k, 2 * k, 64, () -> false).indices(), "tiles");
    }

    @Test
    void blockedSearchSettlesLargeGroupsOfIdenticalPoints() {
        Random rnd = new Random(8);
        int n = 400;
        int dims = 16;
        float[] x = new float[n * dims];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        // 40 copies of row 0 and 30 rows of zeros: more equal distances than candidates
        for (int i = 1; i < n; i += 10) {
            System.arraycopy(x, 0, x, i * dims, dims);
        }
        for (int i = 5; i < n; i += 13) {
            java.util.Arrays.fill(x, i * dims, i * dims + dims, 0f);
        }
        for (int k : new int[] {1, 10}) {
            int[] naive = naive(x, n, dims, k);
            assertArrayEquals(naive, OrbitPurity.nearest(x, n, dims, k, () -> false).indices(), "k = " + k);
            assertArrayEquals(naive, OrbitPurity.nearest(x, n, dims, k, k, 96, () -> false).indices(),
                    "k = " + k + ", as many candidates as neighbours");
        }
    }

    @Test
    void collapsedOrbitsReachTheBestPossibleShare() {
        Random rnd = new Random(2);
        int samples = 60;
        int order = Groups.R4.order();
        int width = 8;
        int n = samples * order;
        float[] values = new float[n * width];
        int[] labels = new int[n];
        List<EmbeddingPoint> pts = new ArrayList<>();
        int[] ids = new int[samples];
        for (int s = 0; s < samples; s++) {
            ids[s] = 100 + s;
            float[] v = new float[width];
            for (int d = 0; d < width; d++) {
                v[d] = (float) (rnd.nextGaussian() * 10);
            }
            double px = rnd.nextDouble() * 100;
            double py = rnd.nextDouble() * 100;
            for (int g = 0; g < order; g++) {
                int p = s * order + g;
                System.arraycopy(v, 0, values, p * width, width);
                labels[p] = s % 3;
                pts.add(new EmbeddingPoint(ids[s], g, s % 3, s % 3, px, py));
            }
        }
        OrbitActivations acts = new OrbitActivations(ids, Groups.R4, values, width, labels, labels.clone());
        OrbitClassRatio.Result none = new OrbitClassRatio.Result(0, 1);
        OrbitEmbedding layout = new OrbitEmbedding(OrbitEmbedding.Method.TSNE, pts, order, Groups.R4.labels(),
                List.of("a", "b", "c"), none, none, 1, 0);
        OrbitPurity.Result r = OrbitPurity.of(acts, layout, OrbitPurity.DEFAULT_K);
        assertEquals(0.3, r.bestOrbitShare(), 1e-15, "3 orbit mates among 10 neighbours");
        assertEquals(r.bestOrbitShare(), r.activations().orbit(), 1e-15);
        assertEquals(r.bestOrbitShare(), r.layout().orbit(), 1e-15);
        OrbitPurity.Result two = OrbitPurity.of(acts, layout, 2);
        assertEquals(1, two.bestOrbitShare());
        assertEquals(1, two.activations().orbit());
        assertEquals(1, two.layout().orbit());
        assertEquals(1, two.activations().sameClass());
    }

    @Test
    void theSummaryNamesEveryNumber() {
        OrbitPurity.Result r = new OrbitPurity.Result(10, 4, new OrbitPurity.Share(0.62, 0.91),
                new OrbitPurity.Share(0.55, 0.88));
        assertEquals("orbit purity@10: activations 0.620 (class 0.910, ratio 0.681), layout 0.550 (class 0.880, "
                + "ratio 0.625); best possible orbit share 0.300", r.summary());
        assertEquals(1, OrbitPurity.bestOrbitShare(3, 8));
        assertEquals(Double.NaN, new OrbitPurity.Share(0, 0).ratio());
    }

    @Test
    void aCancelledSearchStops() {
        float[] x = new float[300 * 4];
        assertThrows(CancellationException.class, () -> OrbitPurity.nearest(x, 300, 4, 5, () -> true));
    }

    /** Every pair in double precision, sorted by distance, then index. */
    private static int[] naive(float[] x, int n, int dims, int k) {
        int[] out = new int[n * k];
        for (int i = 0; i < n; i++) {
            double[] d = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < dims; t++) {
                    double v = (double) x[i * dims + t] - x[j * dims + t];
                    s += v * v;
                }
                d[j] = s;
            }
            System.arraycopy(rank(d, i, k), 0, out, i * k, k);
        }
        return out;
    }

    private static int[] naive2d(double[][] xy, int k) {
        int n = xy.length;
        int[] out = new int[n * k];
        for (int i = 0; i < n; i++) {
            double[] d = new double[n];
            for (int j = 0; j < n; j++) {
                double dx = xy[j][0] - xy[i][0];
                double dy = xy[j][1] - xy[i][1];
                d[j] = dx * dx + dy * dy;
            }
            System.arraycopy(rank(d, i, k), 0, out, i * k, k);
        }
        return out;
    }

    /** The k smallest of d (self left out), by distance, then index. */
    private static int[] rank(double[] d, int self, int k) {
        double[] hd = new double[k];
        int[] hi = new int[k];
        int size = 0;
        for (int j = 0; j < d.length; j++) {
            if (j == self) {
                continue;
            }
            // insertion into a sorted list: below the last kept, or any while there is room
            int at = size;
            while (at > 0 && (d[j] < hd[at - 1] || (d[j] == hd[at - 1] && j < hi[at - 1]))) {
                at--;
            }
            if (at < k) {
                int last = Math.min(size, k - 1);
                System.arraycopy(hd, at, hd, at + 1, last - at);
                System.arraycopy(hi, at, hi, at + 1, last - at);
                hd[at] = d[j];
                hi[at] = j;
                size = Math.min(k, size + 1);
            }
        }
        return hi;
    }
}
