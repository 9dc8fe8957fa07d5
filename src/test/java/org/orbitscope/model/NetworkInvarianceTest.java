package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.InvarianceErrors;

/** A weight-tied network is invariant by construction; a plain one is not. */
class NetworkInvarianceTest {

    private static float[] randomImages(int n, int d, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double maxLogitInvariance(Architecture arch, Parameters p, Group g) {
        int n = 8;
        int d = g.pixels();
        float[] x = randomImages(n, d, 99);
        Network net = new Network(arch, p);
        float[] fx = net.logits(x, n);
        double worst = 0;
        for (int h = 0; h < g.order(); h++) {
            int[] el = new int[n];
            java.util.Arrays.fill(el, h);
            float[] fgx = net.logits(g.applyRows(el, x), n);
            for (int r = 0; r < n; r++) {
                worst = Math.max(worst, InvarianceErrors.logit(fx, r * 9, fgx, r * 9, 9));
            }
        }
        return worst;
    }

    @Test
    void weightTiedIsInvariantForEveryGroupAndPooling() {
        for (Group g : Groups.all()) {
            for (Pooling pool : Pooling.values()) {
                Architecture arch = Architecture.weightTied(Parameters.PAPER_SIZES, g, pool);
                Parameters p = Parameters.initialize(Parameters.PAPER_SIZES, 1);
                double li = maxLogitInvariance(arch, p, g);
                assertTrue(li < 1e-10, g + " " + pool + ": LI " + li);
            }
        }
    }

    @Test
    void plainNetworkIsNotInvariant() {
        Parameters p = Parameters.initialize(Parameters.PAPER_SIZES, 1);
        double li = maxLogitInvariance(Architecture.plain(Parameters.PAPER_SIZES), p, Groups.R4);
        assertTrue(li > 1e-4, "LI " + li);
    }

    @Test
    void parameterCountIsThePapers() {
        assertEquals(233_225, new Parameters(Parameters.PAPER_SIZES).count());
    }

    @Test
    void penultimateActivationsOfWeightTiedOrbitCoincide() {
        Group g = Groups.R4;
        Network net = new Network(Architecture.weightTied(Parameters.PAPER_SIZES, g, Pooling.MAX),
                Parameters.initialize(Parameters.PAPER_SIZES, 3));
        float[] x = randomImages(1, g.pixels(), 5);
        net.forward(x, 1);
        float[] a = java.util.Arrays.copyOf(net.penultimate(), 128);
        for (int h = 1; h < g.order(); h++) {
            net.forward(g.apply(h, x), 1);
            float[] b = java.util.Arrays.copyOf(net.penultimate(), 128);
            for (int j = 0; j < 128; j++) {
                assertEquals(a[j], b[j], 1e-5f * Math.max(1f, Math.abs(a[j])));
            }
        }
    }
}
