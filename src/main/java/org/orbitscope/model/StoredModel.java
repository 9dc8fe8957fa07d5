package org.orbitscope.model;

import java.nio.file.Path;

/**
 * A model loaded from the store: its card and its weights.
 *
 * @param dir the model directory (or {@code null} for a model not on disk)
 * @param card the model card
 * @param parameters the weights
 */
public record StoredModel(Path dir, ModelCard card, Parameters parameters) {

    /** @return the architecture described by the card */
    public Architecture architecture() {
        return card.config().architecture();
    }

    /** @return a new network over these weights (one per thread), for training and weight-level work */
    public Network network() {
        return new Network(architecture(), parameters);
    }

    /**
     * The model as every metric and view inspects it.
     *
     * @return a new classifier over this model (one per thread)
     */
    public Classifier classifier() {
        return network();
    }
}
