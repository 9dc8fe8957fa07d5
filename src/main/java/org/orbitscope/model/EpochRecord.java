package org.orbitscope.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training epoch produced (one entry of the model card's history).
 *
 * @param epoch epoch number, from 1
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainCe mean cross-entropy part
 * @param trainReg mean regularizer part (without nu; 0 unless IR)
 * @param trainAccuracy accuracy on the augmented training batches
 * @param validationAccuracy accuracy on the validation set (each sample with its fixed group element)
 * @param li logit invariance error on the monitored validation subset (full orbits)
 * @param di distribution invariance error on the same subset
 * @param sigmaMax mean largest singular value of the input Jacobian on a small validation subset
 * @param seconds wall time of the epoch including its evaluation
 * @param layerInvariance per layer (hidden layers, then {@code logits}), the normalized orbit variance on the
 *     same orbits as LI and DI ({@code analysis.layers}, default normalization: orbit variance over the
 *     variance over all orbit points; 0 is invariant); empty for runs recorded before it existed
 */
public record EpochRecord(int epoch, double trainLoss, double trainCe, double trainReg, double trainAccuracy,
        double validationAccuracy, double li, double di, double sigmaMax, double seconds,
        Map<String, Double> layerInvariance) {

    /** Name of the per-layer field in the card, absent from cards written before it existed. */
    static final String LAYER_INVARIANCE = "layerInvariance";

    /** Keeps the layers in their order, unmodifiable; {@code null} becomes empty. */
    public EpochRecord {
        layerInvariance = layerInvariance == null || layerInvariance.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(layerInvariance));
    }

    /**
     * An epoch without per-layer values (as recorded before they existed).
     *
     * @param epoch epoch number, from 1
     * @param trainLoss mean training loss
     * @param trainCe mean cross-entropy part
     * @param trainReg mean regularizer part
     * @param trainAccuracy accuracy on the training batches
     * @param validationAccuracy validation accuracy
     * @param li logit invariance error
     * @param di distribution invariance error
     * @param sigmaMax mean largest singular value
     * @param seconds wall time
     */
    public EpochRecord(int epoch, double trainLoss, double trainCe, double trainReg, double trainAccuracy,
            double validationAccuracy, double li, double di, double sigmaMax, double seconds) {
        this(epoch, trainLoss, trainCe, trainReg, trainAccuracy, validationAccuracy, li, di, sigmaMax, seconds,
                Map.of());
    }

    /**
     * @param newSeconds wall time
     * @return this record with another wall time (histories compared across runs differ only there)
     */
    public EpochRecord withSeconds(double newSeconds) {
        return new EpochRecord(epoch, trainLoss, trainCe, trainReg, trainAccuracy, validationAccuracy, li, di,
                sigmaMax, newSeconds, layerInvariance);
    }

    /** The fields every card has always had: each is required, with its type checked. */
    private record Stored(int epoch, double trainLoss, double trainCe, double trainReg, double trainAccuracy,
            double validationAccuracy, double li, double di, double sigmaMax, double seconds) {
    }

    /**
     * Reads a record from a card. The older fields are as strict as every card field (missing or mistyped is
     * an error); the per-layer values may be absent, so that cards written before them still load.
     *
     * @param node the JSON object
     * @return the record
     * @throws java.io.IOException if a field is missing or of the wrong type
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EpochRecord fromJson(JsonNode node) throws java.io.IOException {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an epoch record must be a JSON object");
        }
        ObjectNode rest = ((ObjectNode) node).deepCopy();
        JsonNode layers = rest.remove(LAYER_INVARIANCE);
        Stored s = ModelStore.json().treeToValue(rest, Stored.class);
        Map<String, Double> values = layers == null || layers.isNull() ? Map.of()
                : ModelStore.json().readerFor(new TypeReference<LinkedHashMap<String, Double>>() { })
                        .readValue(layers);
        if (values.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(LAYER_INVARIANCE + " holds a null value");
        }
        return new EpochRecord(s.epoch(), s.trainLoss(), s.trainCe(), s.trainReg(), s.trainAccuracy(),
                s.validationAccuracy(), s.li(), s.di(), s.sigmaMax(), s.seconds(), values);
    }
}
