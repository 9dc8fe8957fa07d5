package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.Normalization;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;

/**
 * The model interface every metric and view uses: the native network's layers and activations, and the
 * metrics of a model that is only a {@link Classifier} (as an imported graph is) equal the network's.
 */
class ClassifierTest {

    private static final int[] SIZES = {1296, 20, 16, 9};

    /** A classifier that is not a Network: it only forwards the interface's calls. */
    private record Delegate(Classifier inner) implements Classifier {
        @Override
        public int inputs() {
            return inner.inputs();
        }

        @Override
        public int outputs() {
            return inner.outputs();
        }

        @Override
        public float[] forward(float[] x, int n) {
            return inner.forward(x, n);
        }

        @Override
        public void inputGradient(float[] dLogits, float[] dInput) {
            inner.inputGradient(dLogits, dInput);
        }

        @Override
        public List<Layer> layers() {
            return inner.layers();
        }

        @Override
        public float[] activations(String layer) {
            return inner.activations(layer);
        }

        @Override
        public String embeddingLayer() {
            return inner.embeddingLayer();
        }
    }

    private static float[] images(int n) {
        SplitMix64 r = new SplitMix64(5);
        float[] x = new float[n * 1296];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void theNetworkNamesItsLayersAndGivesTheirActivations() {
        Parameters p = Parameters.initialize(SIZES, 3);
        Network net = new Network(Architecture.plain(SIZES), p);
        assertEquals(List.of(new Classifier.Layer("h1", 20), new Classifier.Layer("h2", 16),
                new Classifier.Layer(Classifier.LOGITS, 9)), net.layers());
        assertEquals("h2", net.embeddingLayer());
        float[] x = images(3);
        float[] logits = net.logits(x, 3);
        // h1 = relu(x W0 + b0), computed by hand for one unit of one row
        double z = p.bias(0)[4];
        for (int i = 0; i < 1296; i++) {
            z += x[1296 + i] * p.weight(0)[i * 20 + 4];
        }
        assertEquals(Math.max(0, z), net.activations("h1")[20 + 4], 1e-4);
        assertArrayEquals(logits, java.util.Arrays.copyOf(net.activations(Classifier.LOGITS), 27));
        assertThrows(IllegalArgumentException.class, () -> net.activations("h3"));
        assertThrows(IllegalArgumentException.class, () -> net.layer("conv1"));
    }

    @Test
    void metricsOfAnyClassifierEqualTheNetworks() {
        Parameters p = Parameters.initialize(SIZES, 4);
        Network net = new Network(Architecture.plain(SIZES), p);
        int n = 6;
        float[] x = images(n);
        int[] y = {0, 1, 2, 3, 4, 5};
        Normalization norm = new Normalization(0.1f, 0.3f);
        Evaluation direct = Evaluator.evaluate(net, x, y, n, Groups.R4, norm, SaliencySettings.DEFAULT, "tmnist",
                Evaluator.SILENT);
        Evaluation through = Evaluator.evaluate(new Delegate(new Network(Architecture.plain(SIZES), p)), x, y, n,
                Groups.R4, norm, SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        assertEquals(direct.asMap(), through.asMap());
        assertArrayEquals(direct.perSample().get(Evaluation.SI), through.perSample().get(Evaluation.SI));
    }
}
