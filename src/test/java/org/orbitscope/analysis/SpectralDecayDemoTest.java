package org.orbitscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/** Proposition 3.1: minimizing the logit invariance error never increases sigma_max(W). */
class SpectralDecayDemoTest {

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void sigmaMaxOfHandMatrix() {
        // [[3, 0], [0, 4], [0, 0]]: singular values 4, 3
        assertEquals(4.0, SpectralDecayDemo.sigmaMax(new double[] {3, 0, 0, 4, 0, 0}, 3, 2), 1e-12);
    }

    @Test
    void gradientFlowNeverIncreasesTheSpectralNorm() {
        int k = 9;
        int d = 40;
        double[] w0 = random(k * d, 1);
        double[] eps = random(d, 2);
        double[] times = {0, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 100};
        double[] s = SpectralDecayDemo.gradientFlow(w0, k, d, eps, times);
        assertEquals(SpectralDecayDemo.sigmaMax(w0, k, d), s[0], 1e-12);
        for (int t = 1; t < s.length; t++) {
            assertTrue(s[t] <= s[t - 1] + 1e-12, "t=" + times[t] + ": " + s[t] + " > " + s[t - 1]);
        }
        // as t -> infinity, W eps -> 0: W(t) = W0 (I - eps eps^T / |eps|^2)
        assertTrue(s[s.length - 1] < s[0]);
    }

    @Test
    void gradientDescentOverGroupPairsNeverIncreasesTheSpectralNorm() {
        Group g = Groups.R4;
        int d = g.pixels();
        int n = 3;
        double[] eps = new double[n * g.order() * d];
        int row = 0;
        for (int i = 0; i < n; i++) {
            float[] x = new float[d];
            double[] v = random(d, 10 + i);
            for (int p = 0; p < d; p++) {
                x[p] = (float) v[p];
            }
            for (int e = 0; e < g.order(); e++) {
                float[] gx = g.apply(e, x);
                for (int p = 0; p < d; p++) {
                    eps[row * d + p] = x[p] - gx[p];
                }
                row++;
            }
        }
        int k = 4;
        double[] w0 = random(k * d, 3);
        double[] s = SpectralDecayDemo.gradientDescent(w0, k, d, eps, row, 20);
        for (int t = 1; t < s.length; t++) {
            assertTrue(s[t] <= s[t - 1] + 1e-9, "step " + t + ": " + s[t] + " > " + s[t - 1]);
        }
    }
}
