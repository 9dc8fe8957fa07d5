package org.orbitscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.NpzImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import-npz}: makes a model directory from weights in the interchange format, with the model card
 * (kind, group, dataset) read from a JSON file, by default the one {@code export-npz} writes beside the
 * archive.
 */
@Command(name = "import-npz", mixinStandardHelpOptions = true,
        description = "Create a model directory from a .npz in the interchange format and its model card JSON. "
                + "The weights and norm_mean, norm_std come from the .npz, the configuration from the card.")
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
        return NpzImport.cardBeside(npz);
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(npz)) {
            throw new OrbitscopeException(npz + ": no such file.");
        }
        Path cardFile = card != null ? card : cardBeside(npz);
        if (!Files.isRegularFile(cardFile)) {
            throw new OrbitscopeException(cardFile + ": no model card JSON for " + npz.getFileName()
                    + " (pass one with --card).");
        }
        ModelCard c = NpzImport.run(npz, cardFile, out);
        spec.commandLine().getOut().println("Imported " + c.config().label() + " into " + out + ".");
        return 0;
    }
}
