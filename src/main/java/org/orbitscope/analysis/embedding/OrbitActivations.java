package org.orbitscope.analysis.embedding;

import java.util.Arrays;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.model.Classifier;

/**
 * Penultimate-layer activations of every orbit point of some test samples: row {@code i * |G| + g} is
 * the last hidden layer of the network on {@code g} applied to sample {@code samples[i]}.
 *
 * @param samples the test-sample indices, in row order
 * @param group the group whose elements are applied
 * @param values activations, {@code points() x width} row-major
 * @param width activations per point (the last hidden layer's width, 128 in the paper)
 * @param labels the true class of each point
 * @param predicted the predicted class of each point
 */
public record OrbitActivations(int[] samples, Group group, float[] values, int width, int[] labels,
        int[] predicted) {

    private static final int CHUNK = 256;

    /** @return number of points, samples x |G| */
    public int points() {
        return samples.length * group.order();
    }

    /** @return the sample of each point */
    public int[] pointSamples() {
        int order = group.order();
        int[] s = new int[points()];
        for (int p = 0; p < s.length; p++) {
            s[p] = samples[p / order];
        }
        return s;
    }

    /**
     * Runs the model on the orbit of each sample and keeps its embedding layer (the last hidden layer).
     *
     * @param net the model (its buffers are overwritten)
     * @param test the split the samples come from
     * @param samples test-sample indices
     * @param group the group
     * @param norm the model's input normalization
     * @param listener checked for cancellation between chunks
     * @return the activations
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public static OrbitActivations compute(Classifier net, Split test, int[] samples, Group group, Normalization norm,
            EmbeddingListener listener) {
        return compute(net, net.embeddingLayer(), test, samples, group, norm, listener);
    }

    /**
     * Runs the model on the orbit of each sample and keeps one named layer.
     *
     * @param layer the layer kept, one of {@link Classifier#layers()}
     * @param net the network (its buffers are overwritten)
     * @param test the split the samples come from
     * @param samples test-sample indices
     * @param group the group
     * @param norm the model's input normalization
     * @param listener checked for cancellation between chunks
     * @return the activations
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public static OrbitActivations compute(Classifier net, String layer, Split test, int[] samples, Group group,
            Normalization norm, EmbeddingListener listener) {
        int order = group.order();
        int n = samples.length;
        int width = net.layer(layer).width();
        int k = net.outputs();
        int d = net.inputs();
        float[] values = new float[n * order * width];
        int[] labels = new int[n * order];
        int[] predicted = new int[n * order];
        for (int start = 0; start < n; start += CHUNK) {
            if (listener.isCancelled()) {
                throw new java.util.concurrent.CancellationException("embedding cancelled");
            }
            int m = Math.min(CHUNK, n - start);
            int rows = m * order;
            int[] idx = new int[rows];
            int[] el = new int[rows];
            for (int i = 0; i < m; i++) {
                for (int g = 0; g < order; g++) {
                    idx[i * order + g] = samples[start + i];
                    el[i * order + g] = g;
                }
            }
            float[] x = new float[rows * d];
            test.fill(idx, el, group, norm, x);
            float[] logits = net.forward(x, rows);
            System.arraycopy(net.activations(layer), 0, values, start * order * width, rows * width);
            for (int r = 0; r < rows; r++) {
                int p = start * order + r;
                labels[p] = test.label(idx[r]);
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (logits[r * k + c] > logits[r * k + best]) {
                        best = c;
                    }
                }
                predicted[p] = best;
            }
        }
        return new OrbitActivations(Arrays.copyOf(samples, n), group, values, width, labels, predicted);
    }
}
