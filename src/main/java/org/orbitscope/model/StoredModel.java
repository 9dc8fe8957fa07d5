package org.orbitscope.model;

import java.nio.file.Path;

/**
 * A model loaded from the store: its card and its weights, or, for an imported graph, what makes its
 * classifiers.
 *
 * @param dir the model directory (or {@code null} for a model not on disk)
 * @param card the model card
 * @param parameters the weights of an Orbitscope network, or null for an imported graph
 * @param imported makes a classifier of an imported graph (one per call), or null for a native network
 */
public record StoredModel(Path dir, ModelCard card, Parameters parameters,
        java.util.function.Supplier<Classifier> imported) {

    /**
     * A native network.
     *
     * @param dir the model directory (or {@code null})
     * @param card the card
     * @param parameters the weights
     */
    public StoredModel(Path dir, ModelCard card, Parameters parameters) {
        this(dir, card, parameters, null);
    }

    /** Checks that the model is one of the two kinds. */
    public StoredModel {
        if ((parameters == null) == (imported == null)) {
            throw new IllegalArgumentException("a stored model has either weights or an imported graph");
        }
    }

    /** @return the architecture described by the card */
    public Architecture architecture() {
        return card.config().architecture();
    }

    /**
     * @return a new network over these weights (one per thread), for training and weight-level work
     * @throws org.orbitscope.OrbitscopeException for an imported graph, which has no such weights
     */
    public Network network() {
        if (parameters == null) {
            throw new org.orbitscope.OrbitscopeException((dir == null ? "This model" : dir.toString())
                    + " is an imported ONNX graph: it is inspected as it is, but has no Orbitscope MLP weights to "
                    + "train, tune or export.");
        }
        return new Network(architecture(), parameters);
    }

    /**
     * The model as every metric and view inspects it.
     *
     * @return a new classifier over this model (one per thread)
     */
    public Classifier classifier() {
        return imported != null ? imported.get() : network();
    }
}
