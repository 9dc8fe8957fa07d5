package org.orbitscope.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/** Post-processing, blur, realignment and cosine conventions of SI, checked by hand. */
class SaliencyMapsTest {

    private static float[] randomMap(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] m = new float[Groups.SIDE * Groups.SIDE];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) r.nextDouble(-1, 1);
        }
        return m;
    }

    @Test
    void kernelSumsToOneAndMatchesTheGaussianByHand() {
        double[] k = GaussianBlur.kernel(3, 1.0);
        double sum = 0;
        for (double v : k) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        // weights proportional to 1, e^-1/2, e^-1 for centre, edge and corner
        double z = 1 + 4 * Math.exp(-0.5) + 4 * Math.exp(-1);
        assertEquals(1 / z, k[4], 1e-12);
        assertEquals(Math.exp(-0.5) / z, k[1], 1e-12);
        assertEquals(Math.exp(-1) / z, k[0], 1e-12);
    }

    @Test
    void periodicBlurWrapsAroundTheTorus() {
        float[] m = new float[36 * 36];
        m[0] = 1f; // corner pixel
        float[] b = new GaussianBlur(3, 1.0, SaliencySettings.Boundary.PERIODIC).apply(m);
        double[] k = GaussianBlur.kernel(3, 1.0);
        assertEquals(k[4], b[0], 1e-7);
        assertEquals(k[0], b[35 * 36 + 35], 1e-7, "opposite corner receives the wrapped corner weight");
        double total = 0;
        for (float v : b) {
            total += v;
        }
        assertEquals(1.0, total, 1e-6, "periodic blur preserves mass");
        float[] z = new GaussianBlur(3, 1.0, SaliencySettings.Boundary.ZERO).apply(m);
        assertEquals(0f, z[35 * 36 + 35]);
    }

    @Test
    void periodicBlurCommutesWithEveryGroupElement() {
        GaussianBlur blur = new GaussianBlur(3, 1.0, SaliencySettings.Boundary.PERIODIC);
        float[] m = randomMap(3);
        for (Group g : Groups.all()) {
            for (int e = 0; e < g.order(); e++) {
                assertArrayEquals(g.apply(e, blur.apply(m)), blur.apply(g.apply(e, m)), 1e-6f,
                        g.id() + " element " + e);
            }
        }
    }

    @Test
    void realignmentByTheInverseIsExact() {
        float[] m = randomMap(5);
        for (Group g : Groups.all()) {
            for (int e = 0; e < g.order(); e++) {
                assertArrayEquals(m, g.apply(g.inverse(e), g.apply(e, m)), g.id() + " element " + e);
            }
        }
    }

    @Test
    void cosineFollowsTheAllZeroConventions() {
        float[] zero = new float[4];
        float[] a = {1, 0, 0, 0};
        float[] b = {1, 1, 0, 0};
        assertEquals(1.0, SaliencyMaps.cosine(zero, zero));
        assertEquals(0.0, SaliencyMaps.cosine(zero, a));
        assertEquals(0.0, SaliencyMaps.cosine(a, zero));
        assertEquals(1 / Math.sqrt(2), SaliencyMaps.cosine(a, b), 1e-12);
        assertEquals(1.0, SaliencyMaps.cosine(b, new float[] {3, 3, 0, 0}), 1e-12);
    }

    @Test
    void postprocessTakesAbsoluteValueAndThresholds() {
        SaliencySettings noBlur = new SaliencySettings(SaliencySettings.Method.INTEGRATED_GRADIENTS, 50,
                SaliencySettings.Baseline.BLACK, SaliencySettings.Target.TRUE_LABEL, 0.9, 1, 1.0, 1, 0,
                SaliencySettings.Boundary.PERIODIC);
        float[] m = {-10f, 9f, 8.99f, 0.5f};
        SaliencyMaps.postprocess(m, 1, 4, noBlur);
        assertArrayEquals(new float[] {10f, 9f, 0f, 0f}, m);
        float[] allZero = new float[4];
        SaliencyMaps.postprocess(allZero, 1, 4, noBlur);
        assertArrayEquals(new float[4], allZero);
    }

    @Test
    void invarianceIsOneForMapsThatTransformWithTheGroupAndLessOtherwise() {
        Group g = Groups.R4;
        float[] m = randomMap(11);
        float[] orbit = new float[g.order() * m.length];
        for (int e = 0; e < g.order(); e++) {
            g.apply(e, m, 0, orbit, e * m.length);
        }
        assertEquals(1.0, SaliencyMaps.invariance(orbit, 1, g)[0], 1e-12);
        float[] same = new float[g.order() * m.length];
        for (int e = 0; e < g.order(); e++) {
            System.arraycopy(m, 0, same, e * m.length, m.length);
        }
        assertTrue(SaliencyMaps.invariance(same, 1, g)[0] < 0.9, "maps that do not rotate are not invariant");
    }

    @Test
    void klDivergenceIsNonNegativeAndZeroOnEqualRows() {
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            float[] p = new float[9];
            float[] q = new float[9];
            for (int j = 0; j < 9; j++) {
                p[j] = (float) r.nextDouble(-20, 20);
                q[j] = (float) r.nextDouble(-20, 20);
            }
            assertTrue(InvarianceErrors.distribution(p, 0, q, 0, 9) >= 0);
            assertEquals(0.0, InvarianceErrors.distribution(p, 0, p, 0, 9), 1e-12);
        }
    }

    @Test
    void settingsValidateThemselves() {
        assertEquals(50, SaliencySettings.DEFAULT.steps());
        assertEquals(SaliencySettings.Boundary.PERIODIC, SaliencySettings.DEFAULT.boundary());
        assertThrows(OrbitscopeException.class, () -> SaliencySettings.DEFAULT.withSteps(0));
        assertThrows(OrbitscopeException.class, () -> new SaliencySettings(SaliencySettings.Method.GRADIENT, 5,
                SaliencySettings.Baseline.BLACK, SaliencySettings.Target.TRUE_LABEL, 1.5, 3, 1, 1, 0,
                SaliencySettings.Boundary.PERIODIC));
        assertThrows(OrbitscopeException.class, () -> new SaliencySettings(SaliencySettings.Method.GRADIENT, 5,
                SaliencySettings.Baseline.BLACK, SaliencySettings.Target.TRUE_LABEL, 0.9, 4, 1, 1, 0,
                SaliencySettings.Boundary.PERIODIC));
    }
}
