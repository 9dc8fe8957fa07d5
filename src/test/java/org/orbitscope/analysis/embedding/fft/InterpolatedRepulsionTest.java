package org.orbitscope.analysis.embedding.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interpolated repulsion against the exact sums over all pairs, on layouts from the size of t-SNE's first
 * iterations (a spread of 1e-3) to that of a finished 40,000-point layout (an extent of about 400): forces within
 * 5% of their norm with boxes one unit wide (openTSNE's default; about 3% in these dense clusters), within 1e-3
 * with boxes a quarter as wide (the interpolation converges); Z within 2e-3 and 1e-4.
 */
class InterpolatedRepulsionTest {

    /** Exact {@code sum_j q_ij^2 (y_i - y_j)} and {@code Z}. */
    private static double exact(double[] y, int n, double[] out) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            double fx = 0;
            double fy = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                z += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            out[2 * i] = fx;
            out[2 * i + 1] = fy;
        }
        return z;
    }

    @ParameterizedTest(name = "{0} points in clusters of spread {1}, boxes up to {2} wide: error below {3}")
    @CsvSource({"400, 0.001, 1, 1e-4", "600, 1, 1, 1e-4", "800, 10, 1, 5e-2", "1000, 40, 1, 5e-2",
        "600, 60, 1, 5e-2", "800, 10, 0.25, 1e-3", "600, 15, 0.25, 1e-3", "1000, 3, 0.25, 1e-3"})
    void forcesAndNormalizationConvergeToTheExactSumsAsTheBoxesShrink(int n, double spread, double width,
            double tolerance) {
        Random r = new Random(n);
        double[] y = new double[2 * n];
        double[][] centres = new double[6][2];
        for (double[] c : centres) {
            c[0] = spread * r.nextGaussian();
            c[1] = spread * r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % centres.length];
            y[2 * i] = c[0] + 0.1 * spread * r.nextGaussian();
            y[2 * i + 1] = c[1] + 0.1 * spread * r.nextGaussian();
        }
        double[] want = new double[2 * n];
        double zWant = exact(y, n, want);
        InterpolatedRepulsion rep = new InterpolatedRepulsion(width, true);
        double[] got = new double[2 * n];
        double z = rep.compute(y, n, got);
        assertEquals(zWant, z, (width < 1 ? 1e-4 : 2e-3) * zWant, "Z");
        double err = 0;
        double norm = 0;
        for (int c = 0; c < 2 * n; c++) {
            err += (got[c] - want[c]) * (got[c] - want[c]);
            norm += want[c] * want[c];
        }
        assertTrue(Math.sqrt(err / norm) < tolerance, "relative force error " + Math.sqrt(err / norm));
        assertTrue(rep.boxes() >= 1);
    }

    @ParameterizedTest(name = "span {0}")
    @CsvSource({"0", "0.5", "20", "41", "50", "84", "85.5", "300", "424", "5000"})
    void boxesCoverTheLayoutAtMostOneUnitWideAndTheGridFitsTwiceInTheFft(double span) {
        double w = InterpolatedRepulsion.boxWidth(span, InterpolatedRepulsion.MAX_BOX_WIDTH);
        int boxes = InterpolatedRepulsion.boxesFor(span, w);
        assertTrue(boxes * w > span, span + " over " + boxes);
        assertTrue((boxes - 1) * w <= span, "no box more than needed");
        assertTrue(boxes >= InterpolatedRepulsion.MIN_BOXES || span > 424 || span < 1e-4, "fine boxes: " + boxes);
        assertTrue(w <= 1 || span > 424, "boxes at most one unit wide up to the largest grid: " + w);
        int g = boxes * InterpolatedRepulsion.NODES;
        int m = InterpolatedRepulsion.fftSize(g);
        assertTrue(2 * g <= m && m < 3 * g + 16 && m <= InterpolatedRepulsion.MAX_FFT, "grid " + g + " in " + m);
    }

    @Test
    void fewPointsFarApartAreSummedExactlyInsteadOfOnAHugeGrid() {
        int n = 120;
        Random r = new Random(9);
        double[] y = new double[2 * n];
        for (int c = 0; c < y.length; c++) {
            y[c] = 400 * r.nextGaussian();
        }
        double[] want = new double[2 * n];
        double zWant = exact(y, n, want);
        InterpolatedRepulsion rep = new InterpolatedRepulsion();
        double[] got = new double[2 * n];
        assertEquals(zWant, rep.compute(y, n, got), 1e-9 * zWant);
        assertEquals(0, rep.boxes(), "no grid");
        assertArrayEquals(want, got, 1e-12);
    }
}
