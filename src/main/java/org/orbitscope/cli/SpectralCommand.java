package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spectral}: SigmaMax, the mean largest singular value of the input Jacobian, per model. */
@Command(name = "spectral", mixinStandardHelpOptions = true,
        description = "SigmaMax per model: the largest singular value of the 9 x 1296 input Jacobian, averaged "
                + "over the first N test samples (identity orientation).")
final class SpectralCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", description = "Model directories.")
    private List<Path> models;

    @Option(names = "--dataset", description = "tmnist or tfmnist (default: each model's own).")
    private String dataset;

    @Option(names = "--samples", defaultValue = "1000",
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EvaluationSupport support = new EvaluationSupport(dataDir);
        out.println("| Model | SigmaMax |");
        out.println("|---|---|");
        for (StoredModel m : EvaluationSupport.loadAll(models)) {
            DatasetId id = dataset == null ? m.card().config().datasetValue() : DatasetId.byId(dataset);
            Split test = support.dataset(id, m.card().config().splitSeed()).test();
            int n = EvaluationSupport.samples(samples, test);
            double s = Evaluator.sigmaMax(m.classifier(), Evaluator.inputs(test, n, m.card().normalization()), n);
            out.printf(Locale.ROOT, "| %s | %.6g |%n", EvaluationSupport.label(m).replace("|", "\\|"), s);
        }
        out.flush();
        return 0;
    }
}
