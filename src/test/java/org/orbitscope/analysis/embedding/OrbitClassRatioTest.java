package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The orbit/class ratio: hand-computed on a toy layout, and its Gram-matrix path against the direct sums. */
class OrbitClassRatioTest {

    @Test
    void handComputedToyLayout() {
        // two samples of class 0 (orbits of two points each) and one of class 1
        double[][] xy = {{0, 0}, {3, 4}, {10, 0}, {10, 1}, {100, 100}, {100, 100}};
        int[] sample = {0, 0, 1, 1, 2, 2};
        int[] cls = {0, 0, 0, 0, 1, 1};
        OrbitClassRatio.Result r = OrbitClassRatio.of(xy, sample, cls);
        // orbit pairs: 5, 1 and 0
        assertEquals(2.0, r.orbit(), 1e-12);
        // same class, different samples: (0,0)-(10,0) 10, (0,0)-(10,1) sqrt 101, (3,4)-(10,0) sqrt 65,
        // (3,4)-(10,1) sqrt 58
        double expected = (10 + Math.sqrt(101) + Math.sqrt(65) + Math.sqrt(58)) / 4;
        assertEquals(expected, r.sameClass(), 1e-12);
        assertEquals(2.0 / expected, r.ratio(), 1e-12);
    }

    @Test
    void gramMatrixPathAgreesWithTheDirectSumsAndKeepsCollapsedOrbitsAtZero() {
        int orbits = 1100;
        int size = 4;
        int dims = 24;
        int rows = orbits * size;
        Random rng = new Random(3);
        double[] x = new double[rows * dims];
        int[] sample = new int[rows];
        int[] cls = new int[rows];
        for (int o = 0; o < orbits; o++) {
            int c = rng.nextInt(10);
            double[] centre = new double[dims];
            for (int d = 0; d < dims; d++) {
                centre[d] = 30 + 5 * c + rng.nextGaussian();
            }
            for (int g = 0; g < size; g++) {
                int p = o * size + g;
                sample[p] = o;
                cls[p] = c;
                for (int d = 0; d < dims; d++) {
                    x[p * dims + d] = centre[d] + 0.1 * g * rng.nextGaussian();
                }
            }
        }
        assertEquals(true, rows >= OrbitClassRatio.GRAM_FROM && dims >= OrbitClassRatio.GRAM_DIMS, "the Gram path");
        OrbitClassRatio.Result gram = OrbitClassRatio.of(x, rows, dims, sample, cls);
        OrbitClassRatio.Result direct = direct(x, rows, dims, sample, cls);
        assertEquals(direct.orbit(), gram.orbit(), 1e-12 * direct.orbit());
        assertEquals(direct.sameClass(), gram.sameClass(), 1e-9 * direct.sameClass());

        // collapsed orbits (every point of a sample equal): exactly 0, not the Gram matrix's rounding
        double[] collapsed = x.clone();
        for (int p = 0; p < rows; p++) {
            System.arraycopy(x, (p - p % size) * dims, collapsed, p * dims, dims);
        }
        OrbitClassRatio.Result zero = OrbitClassRatio.of(collapsed, rows, dims, sample, cls);
        assertEquals(0.0, zero.orbit());
        assertEquals(0.0, zero.ratio());
    }

    @Test
    void classByClassSumsOfALayoutAgreeWithTheDefinitionWithOrWithoutOrbitsThatKeepTheirClass() {
        int rows = 3000;
        Random rng = new Random(5);
        double[] xy = new double[2 * rows];
        int[] sample = new int[rows];
        int[] cls = new int[rows];
        for (int p = 0; p < rows; p++) {
            sample[p] = p / 4;
            cls[p] = sample[p] % 7;
            xy[2 * p] = 20 * cls[p] + 3 * rng.nextGaussian();
            xy[2 * p + 1] = 5 * rng.nextGaussian();
        }
        OrbitClassRatio.Result want = direct(xy, rows, 2, sample, cls);
        OrbitClassRatio.Result got = OrbitClassRatio.of(xy, rows, 2, sample, cls);
        assertEquals(want.orbit(), got.orbit(), 1e-12 * want.orbit());
        assertEquals(want.sameClass(), got.sameClass(), 1e-12 * want.sameClass());
        // one orbit split over two classes: the sums over all pairs
        cls[1] = (cls[0] + 1) % 7;
        want = direct(xy, rows, 2, sample, cls);
        got = OrbitClassRatio.of(xy, rows, 2, sample, cls);
        assertEquals(want.orbit(), got.orbit(), 1e-12 * want.orbit());
        assertEquals(want.sameClass(), got.sameClass(), 1e-12 * want.sameClass());
    }

    /** The definition as plain loops over all pairs. */
    private static OrbitClassRatio.Result direct(double[] x, int rows, int dims, int[] sample, int[] cls) {
        double orbit = 0;
        long orbitPairs = 0;
        double same = 0;
        long samePairs = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < rows; j++) {
                if (cls[i] != cls[j] && sample[i] != sample[j]) {
                    continue;
                }
                double sq = 0;
                for (int d = 0; d < dims; d++) {
                    double t = x[i * dims + d] - x[j * dims + d];
                    sq += t * t;
                }
                if (sample[i] == sample[j]) {
                    orbit += Math.sqrt(sq);
                    orbitPairs++;
                } else {
                    same += Math.sqrt(sq);
                    samePairs++;
                }
            }
        }
        return new OrbitClassRatio.Result(orbit / orbitPairs, same / samePairs);
    }
}
