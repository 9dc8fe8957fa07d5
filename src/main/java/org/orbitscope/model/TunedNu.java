package org.orbitscope.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The IR weight a nu search chose ({@code tune-nu}, {@code reproduce-models}), read from its record in a models
 * directory's {@code nu-tuning} folder, so that a new IR model can start from it.
 *
 * @param nu the chosen nu
 * @param file the record it was read from
 */
public record TunedNu(double nu, Path file) {

    /** The folder of a models directory that holds the nu searches. */
    public static final String FOLDER = "nu-tuning";

    /**
     * @param modelsDir a models directory
     * @param dataset dataset id, e.g. {@code tmnist}
     * @param group group id, e.g. {@code r4}
     * @param regularizer regularizer id, e.g. {@code l2}
     * @return the chosen nu, if a readable search of that dataset, group and regularizer exists
     */
    public static Optional<TunedNu> find(Path modelsDir, String dataset, String group, String regularizer) {
        Path file = modelsDir.resolve(FOLDER).resolve(dataset + "-" + group + "-" + regularizer + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = ModelStore.readJsonObject(file, "nu-tuning record");
            double nu = n.path("chosenNu").asDouble(Double.NaN);
            return Double.isFinite(nu) && nu >= 0 ? Optional.of(new TunedNu(nu, file)) : Optional.empty();
        } catch (RuntimeException e) {
            // a damaged record is no default; the dialog keeps its own
            return Optional.empty();
        }
    }
}
