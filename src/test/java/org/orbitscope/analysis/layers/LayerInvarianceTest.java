package org.orbitscope.analysis.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.Classifier;

/**
 * The normalized orbit variance on a two-layer model small enough to compute by hand, through a classifier
 * that is only the model interface.
 */
class LayerInvarianceTest {

    /** The horizontal flip of a 2 x 2 image: pixels (p0, p1, p2, p3) become (p1, p0, p3, p2). */
    static final Group FLIP = new Group("flip", "flip", 2, new int[][] {{0, 1, 2, 3}, {1, 0, 3, 2}},
            new String[] {"id", "flip"});

    /**
     * h1 = (a, b, c) with a = p0 (moves with the flip), b = p0 + p1 (invariant), c = 0 (dead); logits =
     * (a + b, b).
     */
    static final class HandModel implements Classifier {
        private float[] h1 = new float[0];
        private float[] z = new float[0];

        @Override
        public int inputs() {
            return 4;
        }

        @Override
        public int outputs() {
            return 2;
        }

        @Override
        public float[] forward(float[] x, int n) {
            h1 = new float[n * 3];
            z = new float[n * 2];
            for (int r = 0; r < n; r++) {
                float a = x[r * 4];
                float b = x[r * 4] + x[r * 4 + 1];
                h1[r * 3] = a;
                h1[r * 3 + 1] = b;
                h1[r * 3 + 2] = 0;
                z[r * 2] = a + b;
                z[r * 2 + 1] = b;
            }
            return z;
        }

        @Override
        public void inputGradient(float[] dLogits, float[] dInput) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Layer> layers() {
            return List.of(new Layer("h1", 3), new Layer(LOGITS, 2));
        }

        @Override
        public float[] activations(String layer) {
            return "h1".equals(layer) ? h1 : z;
        }

        @Override
        public String embeddingLayer() {
            return "h1";
        }
    }

    /** Two samples: x1 = (1, 0, 0, 0) and x2 = (3, 1, 0, 0). */
    private static final float[] X = {1, 0, 0, 0, 3, 1, 0, 0};

    private static LayerProfile profile(LayerSettings.Denominator d) {
        return LayerProfile.compute(new HandModel(), X, 2, FLIP, new LayerSettings(d), LayerListener.NONE);
    }

    @Test
    void twoLayerExampleMatchesTheHandComputation() {
        // unit a: orbits {1, 0} and {3, 1}: O = (0.25 + 1) / 2 = 0.625; all points {1, 0, 3, 1}: T = 1.1875;
        // per element {1, 3} and {0, 1}: S = (1 + 0.25) / 2 = 0.625.
        // unit b: orbits {1, 1} and {4, 4}: O = 0, T = S = 2.25. unit c: constant, reported, not divided.
        LayerInvariance h1 = profile(LayerSettings.Denominator.TOTAL).layer("h1");
        assertEquals(3, h1.units());
        assertEquals(1, h1.constantUnits());
        assertEquals(10.0 / 19, h1.perUnit()[0], 1e-15);
        assertEquals(0.0, h1.perUnit()[1], 0.0);
        assertTrue(Double.isNaN(h1.perUnit()[2]), "a constant unit has no ratio");
        assertEquals(5.0 / 19, h1.value(), 1e-15, "mean over the units that vary");
        assertArrayEquals(new int[] {1, 0, 2}, h1.unitOrder(), "most invariant first, constant last");

        // logits: z0 = a + b, orbits {2, 1} and {7, 5}: O = 0.625, T = 5.6875, S = (6.25 + 4) / 2 = 5.125.
        LayerInvariance z = profile(LayerSettings.Denominator.TOTAL).layer("logits");
        assertEquals(0, z.constantUnits());
        assertEquals(10.0 / 91, z.perUnit()[0], 1e-15);
        assertEquals(5.0 / 91, z.value(), 1e-15);

        assertEquals(0.5, profile(LayerSettings.Denominator.PER_ELEMENT).layer("h1").value(), 1e-15);
        assertEquals(5.0 / 82, profile(LayerSettings.Denominator.PER_ELEMENT).layer("logits").value(), 1e-15);
        assertEquals(0.3125, profile(LayerSettings.Denominator.NONE).layer("h1").value(), 1e-15);
        LayerInvariance raw = profile(LayerSettings.Denominator.NONE).layer("logits");
        assertEquals(0.3125, raw.value(), 1e-15);

        // unnormalized and summed over the logits, the orbit variance is LI averaged over the orbit's points
        // as references; for a group of two elements that is LI itself: (0.5 + 2) / 4 = 0.625
        double li = Evaluator.outputs(new HandModel(), X, new int[] {0, 0}, 2, FLIP)[1];
        assertEquals(0.625, li, 1e-12);
        assertEquals(li, raw.value() * raw.varyingUnits(), 1e-12);
    }

    @Test
    void distributionOverUnitsAndItsQuantiles() {
        LayerInvariance h1 = profile(LayerSettings.Denominator.TOTAL).layer("h1");
        assertArrayEquals(new double[] {0, 10.0 / 19}, h1.sorted(), 1e-15);
        assertEquals(0.0, h1.quantile(0), 0);
        assertEquals(5.0 / 19, h1.quantile(0.5), 1e-15);
        assertEquals(10.0 / 19, h1.quantile(1), 1e-15);
    }

    @Test
    void aModelWhoseUnitsNeverVaryHasNoValueAndSaysWhy() {
        // one sample that the flip leaves unchanged: every unit is constant over the points measured
        LayerProfile p = LayerProfile.compute(new HandModel(), new float[] {1, 1, 0, 0}, 1, FLIP,
                LayerSettings.DEFAULT, LayerListener.NONE);
        for (LayerInvariance l : p.layers()) {
            assertEquals(l.units(), l.constantUnits());
            assertTrue(Double.isNaN(l.value()));
        }
    }

    @Test
    void nonFiniteActivationsAreRefusedWithTheReason() {
        float[] x = {Float.NaN, 0, 0, 0, 3, 1, 0, 0};
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> LayerProfile.compute(new HandModel(),
                x, 2, FLIP, LayerSettings.DEFAULT, LayerListener.NONE));
        assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
    }

    @Test
    void cancellationStopsBeforeTheNextBatch() {
        LayerListener cancelled = new LayerListener() {
            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> LayerProfile.compute(new HandModel(), X, 2, FLIP,
                LayerSettings.DEFAULT, cancelled));
    }

    @Test
    void settingsAreNamedAndValidated() {
        assertEquals(LayerSettings.Denominator.PER_ELEMENT, LayerSettings.Denominator.byId("per-element"));
        assertEquals(LayerSettings.Denominator.TOTAL, LayerSettings.Denominator.byId("TOTAL"));
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> LayerSettings.Denominator.byId("std"));
        assertTrue(e.getMessage().contains("total, per-element or none"), e.getMessage());
        assertThrows(OrbitscopeException.class, () -> new LayerSettings(null));
    }

    @Test
    void chunksMergeToTheSameVariancesAsOnePass() {
        // the running merge over orbits equals the two-pass definition on random data
        java.util.Random r = new java.util.Random(3);
        int n = 37;
        int order = 4;
        int w = 5;
        float[] acts = new float[n * order * w];
        for (int i = 0; i < acts.length; i++) {
            acts[i] = (float) (r.nextGaussian() * 3 + 10);
        }
        OrbitVariance once = new OrbitVariance(w, order);
        once.add(acts, 0, n);
        OrbitVariance parts = new OrbitVariance(w, order);
        parts.add(acts, 0, 10);
        parts.add(acts, 10 * order, 27);
        UnitVariances a = once.result();
        UnitVariances b = parts.result();
        for (int u = 0; u < w; u++) {
            double mean = 0;
            for (int p = 0; p < n * order; p++) {
                mean += acts[p * w + u];
            }
            mean /= n * order;
            double t = 0;
            double o = 0;
            double s = 0;
            for (int i = 0; i < n; i++) {
                double mu = 0;
                for (int g = 0; g < order; g++) {
                    mu += acts[(i * order + g) * w + u];
                }
                mu /= order;
                for (int g = 0; g < order; g++) {
                    double v = acts[(i * order + g) * w + u];
                    t += (v - mean) * (v - mean);
                    o += (v - mu) * (v - mu) / order;
                }
            }
            for (int g = 0; g < order; g++) {
                double mg = 0;
                for (int i = 0; i < n; i++) {
                    mg += acts[(i * order + g) * w + u];
                }
                mg /= n;
                for (int i = 0; i < n; i++) {
                    double v = acts[(i * order + g) * w + u];
                    s += (v - mg) * (v - mg) / n / order;
                }
            }
            assertEquals(t / (n * order), a.total()[u], 1e-10);
            assertEquals(o / n, a.orbit()[u], 1e-10);
            assertEquals(s, a.perElement()[u], 1e-10);
            assertEquals(a.total()[u], b.total()[u], 1e-12);
            assertEquals(a.orbit()[u], b.orbit()[u], 1e-12);
            assertEquals(a.perElement()[u], b.perElement()[u], 1e-12);
        }
    }
}
