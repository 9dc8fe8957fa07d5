package org.orbitscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import-npz}: makes a model directory from weights in the interchange format, with the model card
 * (kind, group, dataset) read from a JSON file, by default the one {@code export-npz} writes beside the
 * archive.
 */
@Command(name = "import-npz", mixinStandardHelpOptions = true,
        description = "Create a model directory from a .npz in the interchange format and its model card JSON.")
final class ImportNpzCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", description = "The .npz file.")
    private Path npz;

    @Option(names = "--card", description = "Model card JSON (default: FILE.json beside the .npz).")
    private Path card;

    @Option(names = "--out", required = true, description = "Model directory to create.")
    private Path out;

    static Path cardBeside(Path npz) {
        String name = npz.getFileName().toString();
        String base = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return npz.resolveSibling(base + ".json");
    }

    @Override
    public Integer call() throws Exception {
        Path cardFile = card != null ? card : cardBeside(npz);
        if (!Files.isRegularFile(cardFile)) {
            throw new OrbitscopeException(cardFile + ": no model card JSON (pass one with --card).");
        }
        if (ModelStore.isModel(out)) {
            throw new OrbitscopeException(out + " already holds a model.");
        }
        JsonNode node = ModelStore.json().readTree(cardFile.toFile());
        ModelConfig config;
        try {
            config = ModelStore.json().treeToValue(node.path("config"), ModelConfig.class);
        } catch (Exception e) {
            throw new OrbitscopeException(cardFile + ": invalid model card config (" + e.getMessage().lines()
                    .findFirst().orElse("") + ").", e);
        }
        if (config == null) {
            throw new OrbitscopeException(cardFile + ": model card has no config.");
        }
        Map<String, NpyArray> arrays = Npz.read(npz);
        Parameters p = ModelStore.fromArrays(arrays, config.sizes(), npz.toString());
        Normalization norm = new Normalization(scalar(arrays, "norm_mean"), scalar(arrays, "norm_std"));
        String now = ModelStore.now();
        ModelCard c = new ModelCard(ModelCard.SCHEMA_VERSION, out.getFileName().toString(), config, norm,
                "weights.npz", "", ModelCard.IMPORTED, "Imported from " + npz.getFileName() + ".", 0, Double.NaN,
                List.of(), Map.of(), Map.of("orbitscope", org.orbitscope.Version.current()), now, now);
        ModelStore.save(out, c, p);
        spec.commandLine().getOut().println("Imported " + config.label() + " into " + out + ".");
        return 0;
    }

    private float scalar(Map<String, NpyArray> arrays, String key) {
        NpyArray a = arrays.get(key);
        if (a == null || !a.isFloat() || a.size() != 1) {
            throw new OrbitscopeException(npz + ": float32 scalar " + key + " is missing.");
        }
        return a.floats()[0];
    }
}
