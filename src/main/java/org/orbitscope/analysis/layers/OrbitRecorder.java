package org.orbitscope.analysis.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orbitscope.model.Classifier;

/**
 * Reads every layer of a model after each forward pass over whole orbits and accumulates its unit variances,
 * so that the invariance of all layers costs no forward pass of its own: the training monitor feeds it the
 * pass that computes LI and DI. Not thread-safe; one recorder per computation.
 */
public final class OrbitRecorder {

    private final List<Classifier.Layer> layers;
    private final OrbitVariance[] acc;

    /**
     * @param layers the layers to record, in the model's order
     * @param order points per orbit (the group order)
     */
    public OrbitRecorder(List<Classifier.Layer> layers, int order) {
        this.layers = List.copyOf(layers);
        this.acc = new OrbitVariance[layers.size()];
        for (int l = 0; l < acc.length; l++) {
            acc[l] = new OrbitVariance(layers.get(l).width(), order);
        }
    }

    /**
     * Records the activations of the model's last forward pass.
     *
     * @param net the model, right after a forward pass whose rows were {@code orbits} whole orbits (row
     *     {@code i * |G| + g} is {@code g x_i})
     * @param orbits number of orbits in that pass
     */
    public void observe(Classifier net, int orbits) {
        for (int l = 0; l < acc.length; l++) {
            acc[l].add(net.activations(layers.get(l).name()), 0, orbits);
        }
    }

    /** @return orbits recorded so far */
    public int samples() {
        return acc.length == 0 ? 0 : acc[0].samples();
    }

    /**
     * @param denominator the normalization
     * @return every layer's invariance over the orbits recorded, in the model's layer order
     */
    public List<LayerInvariance> result(LayerSettings.Denominator denominator) {
        List<LayerInvariance> out = new ArrayList<>();
        for (int l = 0; l < acc.length; l++) {
            out.add(LayerInvariance.of(layers.get(l).name(), acc[l].result(), denominator));
        }
        return List.copyOf(out);
    }

    /**
     * The per-epoch record of a training run: each layer's value under the default normalization.
     *
     * @return layer name to value, in the model's layer order
     */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (LayerInvariance l : result(LayerSettings.DEFAULT.denominator())) {
            out.put(l.layer(), l.value());
        }
        return out;
    }
}
