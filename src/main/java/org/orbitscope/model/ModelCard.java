package org.orbitscope.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.orbitscope.data.Normalization;

/**
 * The model card {@code model.json}: what a model is, how it was made, how training went and, once
 * evaluated, its metrics. Plain data; {@link ModelStore} reads and writes it.
 *
 * @param schemaVersion card format version ({@link #SCHEMA_VERSION})
 * @param name display name
 * @param config the full training configuration
 * @param normalization the training split's statistics the model expects its inputs normalized with
 * @param weightsFile file name of the weights (.npz) in the model directory
 * @param weightsSha256 SHA-256 of that file, checked on load
 * @param status {@code training}, {@code complete}, {@code cancelled}, {@code diverged} or {@code imported}
 * @param message a sentence on how the run ended, or {@code null}
 * @param bestEpoch the epoch whose weights were kept (best validation accuracy), 0 if none
 * @param bestValidationAccuracy validation accuracy of those weights
 * @param history one record per trained epoch
 * @param metrics evaluated metrics by name (filled by evaluation), possibly empty
 * @param software versions of the software that made the model
 * @param created ISO-8601 time the run started
 * @param updated ISO-8601 time of the last change
 * @param source where an imported model came from (for ONNX: the source file's SHA-256, opset, producer,
 *     operators, input layout and what the import adapted); empty for models Orbitscope trained. Cards
 *     written before this field existed read with it empty.
 */
public record ModelCard(int schemaVersion, String name, ModelConfig config, Normalization normalization,
        String weightsFile, String weightsSha256, String status, String message, int bestEpoch,
        double bestValidationAccuracy, List<EpochRecord> history, Map<String, Object> metrics,
        Map<String, String> software, String created, String updated, Map<String, Object> source) {

    /** Current card format. */
    public static final int SCHEMA_VERSION = 1;

    /** Status of a run still in progress (or killed while in progress). */
    public static final String TRAINING = "training";
    /** Status of a run that trained all its epochs. */
    public static final String COMPLETE = "complete";
    /** Status of a run stopped by the user. */
    public static final String CANCELLED = "cancelled";
    /** Status of a run stopped because its loss became NaN or infinite. */
    public static final String DIVERGED = "diverged";
    /** Status of weights imported from an .npz file. */
    public static final String IMPORTED = "imported";

    /** Normalizes null collections to empty ones. */
    public ModelCard {
        history = history == null ? List.of() : List.copyOf(history);
        metrics = sortedCopy(metrics);
        software = sortedCopy(software);
        source = source == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(source));
    }

    /**
     * A card of a model Orbitscope made itself (no {@code source}).
     *
     * @param schemaVersion card format version
     * @param name display name
     * @param config the configuration
     * @param normalization input statistics
     * @param weightsFile weights file name
     * @param weightsSha256 its checksum
     * @param status run status
     * @param message how the run ended, or null
     * @param bestEpoch the kept epoch
     * @param bestValidationAccuracy its validation accuracy
     * @param history per-epoch records
     * @param metrics evaluated metrics
     * @param software software versions
     * @param created creation time
     * @param updated last change
     */
    public ModelCard(int schemaVersion, String name, ModelConfig config, Normalization normalization,
            String weightsFile, String weightsSha256, String status, String message, int bestEpoch,
            double bestValidationAccuracy, List<EpochRecord> history, Map<String, Object> metrics,
            Map<String, String> software, String created, String updated) {
        this(schemaVersion, name, config, normalization, weightsFile, weightsSha256, status, message, bestEpoch,
                bestValidationAccuracy, history, metrics, software, created, updated, Map.of());
    }

    /** @return true if the model is an imported ONNX graph rather than an Orbitscope network */
    public boolean isOnnx() {
        return config != null && config.kind() == ModelKind.ONNX;
    }

    /**
     * An unmodifiable copy that iterates in key order, so that a card rewritten with the same content
     * is the same file (a plain {@code Map.copyOf} iterates in an order that changes from run to run).
     */
    private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(map)));
    }

    /**
     * @param file new weights file name
     * @param sha256 its checksum
     * @return a copy pointing to other weights
     */
    public ModelCard withWeights(String file, String sha256) {
        return new ModelCard(schemaVersion, name, config, normalization, file, sha256, status, message, bestEpoch,
                bestValidationAccuracy, history, metrics, software, created, updated, source);
    }

    /**
     * @param newMetrics metrics by name
     * @return a copy with these metrics
     */
    public ModelCard withMetrics(Map<String, Object> newMetrics) {
        return new ModelCard(schemaVersion, name, config, normalization, weightsFile, weightsSha256, status, message,
                bestEpoch, bestValidationAccuracy, history, newMetrics, software, created, updated, source);
    }

    /**
     * @param time ISO-8601 time
     * @return a copy with another update time
     */
    public ModelCard withUpdated(String time) {
        return new ModelCard(schemaVersion, name, config, normalization, weightsFile, weightsSha256, status, message,
                bestEpoch, bestValidationAccuracy, history, metrics, software, created, time, source);
    }
}
