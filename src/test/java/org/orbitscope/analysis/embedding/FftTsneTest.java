package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.embedding.fft.InterpolatedRepulsion;

/**
 * t-SNE with the interpolated repulsion: its gradient agrees with the exact gradient (Barnes-Hut at theta 0 opens
 * every cell), its layouts are reproducible for a seed, and it reaches the KL of Barnes-Hut on the same points.
 */
class FftTsneTest {

    private static double[][] layout(int n, double spread, long seed) {
        Random r = new Random(seed);
        double[][] y = new double[n][2];
        for (double[] p : y) {
            p[0] = spread * r.nextGaussian();
            p[1] = spread * r.nextGaussian();
        }
        return y;
    }

    private static double relativeError(double[] got, double[] want) {
        double err = 0;
        double norm = 0;
        for (int c = 0; c < want.length; c++) {
            err += (got[c] - want[c]) * (got[c] - want[c]);
            norm += want[c] * want[c];
        }
        return Math.sqrt(err / norm);
    }

    @Test
    void theGradientIsTheExactGradient() {
        double[][] x = TsneBenchmark.clusters(500, 10, 4, 2);
        BarnesHutTsne exact = new BarnesHutTsne(x, 20, 200, 0, 0);
        BarnesHutTsne coarse = new BarnesHutTsne(x, 20, 200, 0, new InterpolatedRepulsion(1, true), 0, () -> false);
        BarnesHutTsne fine = new BarnesHutTsne(x, 20, 200, 0, new InterpolatedRepulsion(0.25, true), 0, () -> false);
        for (double spread : new double[] {0.01, 3, 10}) {
            double[][] y = layout(500, spread, 5);
            exact.setLayout(y);
            coarse.setLayout(y);
            fine.setLayout(y);
            double[] want = new double[1000];
            double[] got = new double[1000];
            double[] better = new double[1000];
            exact.gradient(12, want);
            coarse.gradient(12, got);
            fine.gradient(12, better);
            // boxes one unit wide (openTSNE's default for a wide layout): within 3%; a quarter as wide: 5e-4
            assertTrue(relativeError(got, want) < 3e-2, "spread " + spread + ": " + relativeError(got, want));
            assertTrue(relativeError(better, want) < 5e-4, "spread " + spread + ": " + relativeError(better, want));
        }
    }

    @Test
    void aSeedGivesOneLayoutAndTheKlOfBarnesHut() {
        double[][] x = TsneBenchmark.clusters(1200, 10, 6, 4);
        BarnesHutTsne a = new BarnesHutTsne(x, 30, 200, 0.5, new InterpolatedRepulsion(1, true), 3, () -> false);
        BarnesHutTsne b = new BarnesHutTsne(x, 30, 200, 0.5, new InterpolatedRepulsion(1, true), 3, () -> false);
        a.update(600);
        b.update(600);
        double[][] ya = a.coordinates();
        double[][] yb = b.coordinates();
        for (int i = 0; i < ya.length; i++) {
            assertArrayEquals(ya[i], yb[i], 0, "point " + i);
        }
        BarnesHutTsne bh = new BarnesHutTsne(x, 30, 200, 0.5, 3);
        bh.update(600);
        double klFft = a.exactCost();
        double klBh = bh.exactCost();
        // one-unit boxes (the default) cost about 2.5% of KL here (seeds 1-6: 1.3% to 3.2%), half-width ones none
        assertEquals(klBh, klFft, 0.04 * klBh, "KL of the FFT layout " + klFft + ", of Barnes-Hut " + klBh);
        BarnesHutTsne fine = new BarnesHutTsne(x, 30, 200, 0.5, new InterpolatedRepulsion(0.5, true), 3,
                () -> false);
        fine.update(600);
        double klFine = fine.exactCost();
        assertEquals(klBh, klFine, 0.015 * klBh, "KL of the half-width FFT layout " + klFine + ", of Barnes-Hut "
                + klBh);
        assertTrue(klFine < klFft, "finer boxes, a better layout: " + klFine + " against " + klFft);
    }
}
