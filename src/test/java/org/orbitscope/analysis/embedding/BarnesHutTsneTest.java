package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BarnesHutTsneTest {

    /** {@code blobs} Gaussian blobs of {@code each} points in {@code dims} dimensions, centres 10 apart. */
    private static double[][] blobs(int blobs, int each, int dims, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[blobs * each][dims];
        for (int b = 0; b < blobs; b++) {
            for (int i = 0; i < each; i++) {
                for (int c = 0; c < dims; c++) {
                    x[b * each + i][c] = (c == b ? 10 : 0) + rng.nextGaussian();
                }
            }
        }
        return x;
    }

    private static double[][] randomLayout(int n, long seed) {
        Random rng = new Random(seed);
        double[][] y = new double[n][2];
        for (double[] p : y) {
            p[0] = 5 * rng.nextGaussian();
            p[1] = 5 * rng.nextGaussian();
        }
        return y;
    }

    /** The t-SNE gradient computed densely from the definition, O(n²). */
    private static double[] exactGradient(double[][] p, double[][] y, double exaggeration) {
        int n = y.length;
        double z = 0;
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double dx = y[i][0] - y[j][0];
                    double dy = y[i][1] - y[j][1];
                    q[i][j] = 1 / (1 + dx * dx + dy * dy);
                    z += q[i][j];
                }
            }
        }
        double[] g = new double[2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double f = 4 * (exaggeration * p[i][j] - q[i][j] / z) * q[i][j];
                g[2 * i] += f * (y[i][0] - y[j][0]);
                g[2 * i + 1] += f * (y[i][1] - y[j][1]);
            }
        }
        return g;
    }

    private static double maxAbs(double[] a) {
        return Arrays.stream(a).map(Math::abs).max().orElse(0);
    }

    @Test
    void calibrationHitsThePerplexity() {
        Random rng = new Random(3);
        for (double perplexity : new double[] {2, 5, 30}) {
            double[] d2 = new double[(int) (3 * perplexity)];
            for (int j = 0; j < d2.length; j++) {
                d2[j] = 50 + 400 * rng.nextDouble();
            }
            Arrays.sort(d2);
            double[] p = BarnesHutTsne.calibrate(d2, perplexity);
            assertEquals(1, Arrays.stream(p).sum(), 1e-12);
            double entropy = -Arrays.stream(p).filter(v -> v > 0).map(v -> v * Math.log(v)).sum();
            assertEquals(perplexity, Math.exp(entropy), perplexity * 1e-4, "perplexity " + perplexity);
        }
    }

    @Test
    void nearestNeighboursAreTheExactOnesInOrder() {
        double[][] x = blobs(2, 40, 5, 1);
        for (int i : new int[] {0, 17, 79}) {
            double[] d2 = new double[9];
            int[] got = BarnesHutTsne.nearest(x, i, 9, d2);
            int[] want = IntStream.range(0, x.length).filter(j -> j != i).boxed()
                    .sorted(Comparator.comparingDouble(j -> dist2(x[i], x[j]))).limit(9)
                    .mapToInt(Integer::intValue).toArray();
            assertArrayEquals(want, got);
            for (int a = 0; a < 9; a++) {
                assertEquals(dist2(x[i], x[got[a]]), d2[a], 0);
            }
        }
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return s;
    }

    @Test
    void affinitiesAreSymmetricSparseAndSumToOne() {
        double[][] x = blobs(3, 30, 6, 2);
        double[][] p = new BarnesHutTsne(x, 5, 200, 0.5, 0).affinities();
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            assertEquals(0, p[i][i]);
            int nonzero = 0;
            for (int j = 0; j < p.length; j++) {
                assertEquals(p[i][j], p[j][i], 1e-18);
                assertTrue(p[i][j] >= 0);
                nonzero += p[i][j] > 0 ? 1 : 0;
                sum += p[i][j];
            }
            assertTrue(nonzero >= 15 && nonzero <= 2 * 15, "row " + i + " has " + nonzero);
        }
        assertEquals(1, sum, 1e-12);
    }

    @Test
    void withThetaZeroTheGradientIsExactEvenWithCoincidentPoints() {
        double[][] x = blobs(3, 25, 6, 4);
        BarnesHutTsne t = new BarnesHutTsne(x, 5, 200, 0, 0);
        double[][] y = randomLayout(x.length, 5);
        y[7] = y[3].clone(); // coincident points share a leaf
        y[8] = y[3].clone();
        t.setLayout(y);
        for (double exaggeration : new double[] {1, 12}) {
            double[] got = new double[2 * x.length];
            t.gradient(exaggeration, got);
            double[] want = exactGradient(t.affinities(), y, exaggeration);
            double scale = maxAbs(want);
            for (int c = 0; c < got.length; c++) {
                assertEquals(want[c], got[c], 1e-10 * scale, "coordinate " + c);
            }
        }
    }

    @Test
    void withThetaHalfTheGradientIsClose() {
        double[][] x = blobs(4, 100, 8, 6);
        BarnesHutTsne t = new BarnesHutTsne(x, 10, 200, BarnesHutTsne.DEFAULT_THETA, 0);
        double[][] y = randomLayout(x.length, 7);
        t.setLayout(y);
        double[] got = new double[2 * x.length];
        t.gradient(1, got);
        double[] want = exactGradient(t.affinities(), y, 1);
        double err = 0;
        double norm = 0;
        for (int c = 0; c < got.length; c++) {
            err += (got[c] - want[c]) * (got[c] - want[c]);
            norm += want[c] * want[c];
        }
        assertTrue(Math.sqrt(err / norm) < 0.02, "relative error " + Math.sqrt(err / norm));
    }

    @Test
    void separatesBlobsLowersItsCostAndRepeatsForASeed() {
        double[][] x = blobs(3, 60, 10, 8);
        BarnesHutTsne t = new BarnesHutTsne(x, 15, 200, BarnesHutTsne.DEFAULT_THETA, 42);
        t.update(300);
        double early = t.cost();
        t.update(400);
        assertEquals(700, t.iterations());
        assertTrue(t.cost() < early, "cost " + early + " -> " + t.cost());
        double[][] y = t.coordinates();
        int agree = 0;
        for (int i = 0; i < y.length; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < y.length; j++) {
                double d = j == i ? Double.POSITIVE_INFINITY : dist2(y[i], y[j]);
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            agree += best / 60 == i / 60 ? 1 : 0;
        }
        assertEquals(y.length, agree, "each point's nearest neighbour in 2-D is from its own blob");
        BarnesHutTsne again = new BarnesHutTsne(x, 15, 200, BarnesHutTsne.DEFAULT_THETA, 42);
        again.update(700);
        assertTrue(Arrays.deepEquals(y, again.coordinates()), "same seed, same layout");
    }

    @Test
    void theNeighbourSearchStopsWhenCancelled() {
        AtomicInteger polls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> new BarnesHutTsne(blobs(3, 100, 5, 0), 10, 200, 0.5, 0,
                () -> polls.incrementAndGet() > 20));
        assertTrue(polls.get() < 300, "stopped early: " + polls.get() + " polls");
    }

    @Test
    void refusesAPerplexityTooLargeForThePoints() {
        assertThrows(IllegalArgumentException.class, () -> new BarnesHutTsne(blobs(1, 10, 3, 0), 5, 200, 0.5, 0));
    }
}
