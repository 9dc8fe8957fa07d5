package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.SplitMix64;

class LossesTest {

    @Test
    void crossEntropyOfUniformLogitsIsLogK() {
        float[] z = new float[2 * 9];
        float[] g = new float[z.length];
        double ce = Losses.crossEntropy(z, new int[] {0, 4}, 2, 9, g);
        assertEquals(Math.log(9), ce, 1e-12);
        // (1/9 - 1) / 2 for the true class, (1/9) / 2 elsewhere
        assertEquals((1.0 / 9 - 1) / 2, g[0], 1e-7);
        assertEquals((1.0 / 9) / 2, g[1], 1e-7);
        assertEquals((1.0 / 9 - 1) / 2, g[9 + 4], 1e-7);
    }

    @Test
    void l2RegularizerHandValue() {
        // a = (1, 2), b = (3, 0): 0.5 * (4 + 4) = 4
        float[] z = {1, 2, 3, 0};
        float[] g = new float[4];
        double r = Losses.regularizer(Regularizer.L2, z, 0, 2, 1, 2, 1f, g);
        assertEquals(4.0, r, 1e-12);
        assertEquals(-2f, g[0], 1e-6);
        assertEquals(2f, g[1], 1e-6);
        assertEquals(2f, g[2], 1e-6);
        assertEquals(-2f, g[3], 1e-6);
    }

    @Test
    void l2normRegularizerHandValue() {
        // a = (3, 4), b = (3, 0): 16 / 25
        float[] z = {3, 4, 3, 0};
        double r = Losses.regularizer(Regularizer.L2NORM, z, 0, 2, 1, 2, 1f, new float[4]);
        assertEquals(16.0 / 25, r, 1e-12);
    }

    @Test
    void klIsNonNegativeAndZeroForEqualOrShiftedLogits() {
        SplitMix64 rnd = new SplitMix64(1);
        for (int t = 0; t < 200; t++) {
            float[] z = new float[18];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (rnd.nextGaussian() * 3);
            }
            assertTrue(Losses.regularizer(Regularizer.KL, z, 0, 9, 1, 9, 1f, new float[18]) >= 0);
        }
        float[] same = {1, 2, 3, 11, 12, 13};
        assertEquals(0.0, Losses.regularizer(Regularizer.KL, same, 0, 3, 1, 3, 1f, new float[6]), 1e-12);
    }

    @Test
    void regularizerGradientsMatchFiniteDifferences() {
        SplitMix64 rnd = new SplitMix64(2);
        int n = 3;
        int k = 9;
        for (Regularizer reg : Regularizer.values()) {
            float[] z = new float[2 * n * k];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) rnd.nextGaussian();
            }
            float nu = 0.7f;
            float[] g = new float[z.length];
            Losses.regularizer(reg, z, 0, n * k, n, k, nu, g);
            double eps = 1e-3;
            for (int i = 0; i < z.length; i++) {
                float orig = z[i];
                z[i] = (float) (orig + eps);
                double up = nu * Losses.regularizer(reg, z, 0, n * k, n, k, nu, new float[z.length]);
                z[i] = (float) (orig - eps);
                double down = nu * Losses.regularizer(reg, z, 0, n * k, n, k, nu, new float[z.length]);
                z[i] = orig;
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, g[i], 2e-3 * Math.max(1, Math.abs(fd)), reg + " d/dz[" + i + "]");
            }
        }
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        SplitMix64 rnd = new SplitMix64(3);
        int n = 2;
        int k = 9;
        float[] z = new float[n * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextGaussian();
        }
        int[] y = {3, 8};
        float[] g = new float[z.length];
        Losses.crossEntropy(z, y, n, k, g);
        for (int i = 0; i < z.length; i++) {
            float orig = z[i];
            z[i] = orig + 1e-3f;
            double up = Losses.crossEntropy(z, y, n, k, new float[z.length]);
            z[i] = orig - 1e-3f;
            double down = Losses.crossEntropy(z, y, n, k, new float[z.length]);
            z[i] = orig;
            assertEquals((up - down) / 2e-3, g[i], 2e-3);
        }
    }
}
