package org.orbitscope.analysis.layers;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Attributions;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.StoredModel;

/**
 * Where a model's invariance lives: the normalized orbit variance of every layer, hidden layers and logits,
 * on the full orbits of some samples. Computed through {@link Classifier} only, so any model that names its
 * layers can be measured.
 *
 * @param layers one entry per layer, input to output, logits last
 * @param samples number of samples whose orbits were measured
 * @param group the group whose orbits were measured
 * @param settings the normalization
 */
public record LayerProfile(List<LayerInvariance> layers, int samples, String group, LayerSettings settings) {

    /** Default number of test samples ({@code layers --samples}). */
    public static final int DEFAULT_SAMPLES = 500;

    /** Copies the list. */
    public LayerProfile {
        layers = List.copyOf(layers);
    }

    /**
     * @param name a layer name
     * @return that layer's invariance
     * @throws IllegalArgumentException if there is none
     */
    public LayerInvariance layer(String name) {
        return layers.stream().filter(l -> l.layer().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
    }

    /**
     * Measures every layer on the full orbits of explicit inputs. The orbits go through the model in the
     * same batches as {@link Evaluator#outputs}, so the training monitor (which records during that pass)
     * and a recomputation from saved weights see the same activations.
     *
     * @param net the model (its buffers are overwritten)
     * @param x normalized inputs in identity orientation, {@code n x inputs}
     * @param n number of samples, at least 1
     * @param group the group whose orbits are measured
     * @param settings the normalization
     * @param listener progress and cancellation, checked between batches
     * @return the profile
     * @throws CancellationException if the listener cancels
     * @throws OrbitscopeException if an activation is NaN or infinite
     */
    public static LayerProfile compute(Classifier net, float[] x, int n, Group group, LayerSettings settings,
            LayerListener listener) {
        int d = group.pixels();
        int order = group.order();
        if (n < 1 || x.length < n * d) {
            throw new IllegalArgumentException("need at least one sample and " + n + " inputs");
        }
        OrbitRecorder recorder = new OrbitRecorder(net.layers(), order);
        int chunk = chunk(order);
        for (int start = 0; start < n; start += chunk) {
            if (listener.isCancelled()) {
                throw new CancellationException("layer invariance cancelled");
            }
            int m = Math.min(chunk, n - start);
            float[] orbit = Evaluator.orbits(Arrays.copyOfRange(x, start * d, (start + m) * d), m, group);
            net.forward(orbit, m * order);
            recorder.observe(net, m);
            listener.onProgress(start + m, n);
        }
        List<LayerInvariance> layers = recorder.result(settings.denominator());
        for (LayerInvariance l : layers) {
            if (Double.isNaN(l.value()) && l.constantUnits() < l.units()) {
                throw new OrbitscopeException("The model's activations in layer " + l.layer() + " contain NaN or "
                        + "infinite values (did its training diverge?), so their invariance cannot be measured.");
            }
        }
        return new LayerProfile(layers, n, group.id(), settings);
    }

    /**
     * Measures a stored model on the first {@code samples} test samples of its dataset, its own group and
     * normalization.
     *
     * @param model the model
     * @param data its dataset (same id and split seed as the card)
     * @param samples number of test samples
     * @param settings the normalization
     * @param listener progress and cancellation
     * @return the profile
     * @throws OrbitscopeException if the sample count is out of range or an activation is not finite
     */
    public static LayerProfile forModel(StoredModel model, TransformingDataset data, int samples,
            LayerSettings settings, LayerListener listener) {
        Split test = data.test();
        if (samples < 1 || samples > test.size()) {
            throw new OrbitscopeException("The number of samples must be between 1 and " + test.size() + ", got "
                    + samples + ".");
        }
        float[] x = Evaluator.inputs(test, samples, model.card().normalization());
        return compute(model.classifier(), x, samples, model.card().config().groupValue(), settings, listener);
    }

    /**
     * @param order the group order
     * @return samples per forward pass, as in {@link Evaluator#outputs}
     */
    static int chunk(int order) {
        return Math.max(1, Attributions.CHUNK_ROWS / order);
    }
}
