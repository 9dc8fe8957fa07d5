package org.orbitscope.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.Version;
import org.orbitscope.data.Normalization;

/**
 * Makes a model directory from weights in the interchange format of SPEC section 6 and a model card JSON
 * that says what the weights are (kind, group, dataset, layer sizes): the import behind {@code import-npz}.
 * The weights and the normalization statistics come from the {@code .npz}; only the card's {@code config} is
 * used. Every problem with either file is an {@link OrbitscopeException} naming that file.
 */
public final class NpzImport {

    private NpzImport() {
    }

    /**
     * The model card JSON that {@code export-npz} writes beside an archive.
     *
     * @param npz the archive
     * @return {@code NAME.json} for {@code NAME.npz}
     */
    public static Path cardBeside(Path npz) {
        String name = npz.getFileName().toString();
        String base = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return npz.resolveSibling(base + ".json");
    }

    /**
     * Imports weights into a new model directory.
     *
     * @param npz the weights
     * @param cardFile a model card JSON with the configuration of those weights
     * @param out the model directory to create
     * @return the card as written
     * @throws OrbitscopeException naming the file at fault: a missing or unreadable file, a card that is not
     *     JSON or has no valid {@code config}, weights of other shapes than the config describes, weights or
     *     normalization statistics that are not usable numbers, or {@code out} that already holds a model
     */
    public static ModelCard run(Path npz, Path cardFile, Path out) {
        if (!Files.isRegularFile(npz)) {
            throw new OrbitscopeException(npz + ": no such file.");
        }
        if (!Files.isRegularFile(cardFile)) {
            throw new OrbitscopeException(cardFile + ": no model card JSON for " + npz.getFileName() + ".");
        }
        if (ModelStore.isModel(out)) {
            throw new OrbitscopeException(out + " already holds a model.");
        }
        ModelConfig config = readConfig(cardFile);
        Map<String, NpyArray> arrays = Npz.read(npz);
        Parameters p = ModelStore.fromArrays(arrays, config.sizes(), npz.toString());
        Normalization norm = ModelStore.normalization(arrays, npz.toString());
        String now = ModelStore.now();
        ModelCard c = new ModelCard(ModelCard.SCHEMA_VERSION, out.getFileName().toString(), config, norm,
                "weights.npz", "", ModelCard.IMPORTED, "Imported from " + npz.getFileName() + ".", 0, Double.NaN,
                List.of(), Map.of(), Map.of("orbitscope", Version.current()), now, now);
        return ModelStore.save(out, c, p);
    }

    /**
     * @param cardFile a model card JSON
     * @return its {@code config}
     * @throws OrbitscopeException naming the file if it is not JSON or its config is missing or invalid
     */
    static ModelConfig readConfig(Path cardFile) {
        JsonNode node = ModelStore.readJsonObject(cardFile, "model card");
        JsonNode config = node.get("config");
        if (config == null || config.isNull()) {
            throw new OrbitscopeException(cardFile + ": the model card has no \"config\" (the kind, group, dataset "
                    + "and layer sizes of the weights).");
        }
        if (!config.isObject()) {
            throw new OrbitscopeException(cardFile + ": the model card's \"config\" is not a JSON object.");
        }
        try {
            return ModelStore.json().treeToValue(config, ModelConfig.class);
        } catch (JsonProcessingException e) {
            throw new OrbitscopeException(cardFile + ": the model card's config is invalid: " + JsonErrors.describe(e)
                    + ".", e);
        }
    }
}
