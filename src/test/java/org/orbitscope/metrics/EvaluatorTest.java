package org.orbitscope.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;

/** Evaluation on real test samples with tiny random networks. */
class EvaluatorTest {

    private static final int[] SIZES = {1296, 32, 16, 9};
    private static final int N = 6;
    private static TransformingDataset data;
    private static float[] x;
    private static int[] y;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
        x = Evaluator.inputs(data.test(), N, data.normalization());
        y = Evaluator.labels(data.test(), N);
    }

    private static Evaluation evaluate(Architecture arch, long seed, Group g) {
        Network net = new Network(arch, Parameters.initialize(SIZES, seed));
        return Evaluator.evaluate(net, x, y, N, g, data.normalization(), SaliencySettings.DEFAULT, "tmnist",
                Evaluator.SILENT);
    }

    @Test
    void inputsAreTheNormalizedTestImages() {
        Normalization norm = data.normalization();
        float[] img = data.test().image(2);
        for (int p = 0; p < img.length; p++) {
            assertEquals(norm.apply(img[p]), x[2 * 1296 + p]);
        }
        assertEquals(data.test().label(2), y[2]);
    }

    @Test
    void weightTiedModelIsGenuinelyInvariant() {
        for (Group g : new Group[] {Groups.R4, Groups.T3}) {
            Evaluation e = evaluate(Architecture.weightTied(SIZES, g, Pooling.MAX), 7, g);
            assertEquals(0.0, e.li(), 1e-9, g.id() + " LI");
            assertEquals(0.0, e.di(), 1e-9, g.id() + " DI");
            assertEquals(1.0, e.si(), 1e-6, g.id() + " SI");
            for (double s : e.perSample(Evaluation.SI)) {
                assertEquals(1.0, s, 1e-6);
            }
            double[] acc = e.perSample(Evaluation.ACC);
            for (double a : acc) {
                assertTrue(a == 0.0 || a == 1.0, "an invariant model is right on all or none of an orbit");
            }
        }
    }

    @Test
    void plainModelIsNotInvariant() {
        Evaluation e = evaluate(Architecture.plain(SIZES), 7, Groups.R4);
        assertTrue(e.li() > 0, "LI " + e.li());
        assertTrue(e.di() > 0, "DI " + e.di());
        assertTrue(e.si() < 1 - 1e-3, "SI " + e.si());
        assertTrue(e.sigmaMax() > 0);
        assertEquals(N, e.perSample(Evaluation.LI).length);
        assertEquals(Stats.mean(e.perSample(Evaluation.SI)), e.si(), 1e-15);
        assertEquals(Arrays.asList("Acc", "LI", "DI", "SI", "SigmaMax", "IGGap"),
                java.util.List.copyOf(e.asMap().keySet()));
    }

    @Test
    void integratedGradientsAreComplete() {
        // a small random MLP: sum of attributions = f_c(x) - f_c(x0) within 1% at 50 steps
        Network net = new Network(Architecture.plain(new int[] {1296, 16, 9}), Parameters.initialize(
                new int[] {1296, 16, 9}, 3));
        float[] base = Evaluator.baseline(SaliencySettings.DEFAULT, data.normalization(), 1296);
        float[] f0 = net.logits(base, 1);
        float[] fx = net.logits(x, N);
        int[] targets = new int[N];
        for (int i = 0; i < N; i++) {
            // the class whose logit moves most along the path, so the 1% is of a sizeable difference
            int best = 0;
            for (int c = 1; c < 9; c++) {
                if (Math.abs(fx[i * 9 + c] - f0[c]) > Math.abs(fx[i * 9 + best] - f0[best])) {
                    best = c;
                }
            }
            targets[i] = best;
        }
        float[] a = Attributions.integratedGradients(net, x, N, targets, base, 50);
        double[] gap = Attributions.completenessGap(net, x, N, targets, base, a);
        for (int i = 0; i < N; i++) {
            double diff = Math.abs(fx[i * 9 + targets[i]] - f0[targets[i]]);
            assertTrue(gap[i] <= 0.01 * diff, "sample " + i + ": gap " + gap[i] + " of " + diff);
        }
    }

    @Test
    void batchedAttributionsEqualOneAtATime() {
        Network net = new Network(Architecture.plain(SIZES), Parameters.initialize(SIZES, 5));
        float[] base = Evaluator.baseline(SaliencySettings.DEFAULT, data.normalization(), 1296);
        float[] all = Attributions.integratedGradients(net, x, N, y, base, 7);
        for (int i = 0; i < N; i++) {
            float[] one = Attributions.integratedGradients(net, Arrays.copyOfRange(x, i * 1296, (i + 1) * 1296), 1,
                    new int[] {y[i]}, base, 7);
            assertArrayEquals(one, Arrays.copyOfRange(all, i * 1296, (i + 1) * 1296), 1e-5f);
        }
    }

    @Test
    void linearModelJacobianHasTheWeightMatrixTopSingularValue() {
        // W^T = [[0, 3, 0, 0], [4, 0, 0, 0]] (2 x 4): singular values 4 and 3
        Parameters p = new Parameters(new int[] {4, 2});
        p.weight(0)[1 * 2 + 0] = 3f;
        p.weight(0)[0 * 2 + 1] = 4f;
        p.bias(0)[0] = 1f;
        Network net = new Network(Architecture.plain(new int[] {4, 2}), p);
        float[] in = {0.5f, -1f, 2f, 3f, 1f, 1f, 1f, 1f};
        assertEquals(4.0, Evaluator.sigmaMax(net, in, 2), 1e-9);
    }

    @Test
    void outputMetricsAgreeWithTheFullEvaluation() {
        Network net = new Network(Architecture.plain(SIZES), Parameters.initialize(SIZES, 7));
        Evaluation e = evaluate(Architecture.plain(SIZES), 7, Groups.R4);
        double[] o = Evaluator.outputs(net, x, y, N, Groups.R4);
        assertEquals(e.accuracy(), o[0], 1e-12);
        assertEquals(e.li(), o[1], 1e-9);
        assertEquals(e.di(), o[2], 1e-9);
    }
}
