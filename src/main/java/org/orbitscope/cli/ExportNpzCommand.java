package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export-npz}: writes a model's weights in the interchange format of SPEC section 6. */
@Command(name = "export-npz", mixinStandardHelpOptions = true,
        description = "Write a model's weights as a NumPy .npz (W0..W5 [in,out], b0..b5, norm_mean, norm_std) "
                + "and its model card as JSON beside it.")
final class ExportNpzCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Model directory.")
    private Path model;

    @Option(names = "--out", required = true, description = "Destination .npz file.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Path card = ImportNpzCommand.cardBeside(out);
        AtomicFiles.checkWritable(out);
        AtomicFiles.checkWritable(card);
        StoredModel m = ModelStore.load(model);
        ModelStore.exportNpz(m, out);
        AtomicFiles.writeFile(card, ModelStore.json().writeValueAsBytes(m.card()));
        spec.commandLine().getOut().println("Wrote " + out + " and " + card + ".");
        return 0;
    }
}
