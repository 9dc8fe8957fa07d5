package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.DriftStudy;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drift}: DI and the accuracy ratio on the drift sets D(beta) (SPEC section 5; paper section 4.3). */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "DI and the accuracy ratio Acc(D(beta)) / Acc(D(0)) on the T-MNIST/T-FMNIST blends D(beta), "
                + "over full orbits of the first N test samples, T-MNIST labels, each model's own normalization.")
final class DriftCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", description = "Model directories.")
    private List<Path> models;

    @Option(names = "--betas", split = ",", defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1",
            description = "Blend weights in [0, 1] (default: ${DEFAULT-VALUE}).")
    private List<Double> betas;

    @Option(names = "--samples", defaultValue = "1000",
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--data-dir", description = "Directory holding the two datasets' folders, mnist/ and "
            + "fashion-mnist/, each with its four IDX files (default: the shipped data).")
    private Path dataDir;

    @Option(names = "--mnist-dir", description = "Directory holding the MNIST IDX files (overrides --data-dir).")
    private Path mnistDir;

    @Option(names = "--fmnist-dir", description = "Directory holding the Fashion-MNIST IDX files "
            + "(overrides --data-dir).")
    private Path fmnistDir;

    /** One line of the drift table. */
    record Row(String model, double beta, double accuracy, double accuracyRatio, double di, double li) {
    }

    /** The folder of one dataset: its own option, else its folder under --data-dir, else the shipped data. */
    private Path sourceDir(Path own, DatasetId id) {
        if (own != null) {
            return own;
        }
        return dataDir == null ? null : dataDir.resolve(id.directoryName());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String fmt = EvaluationSupport.format(format);
        for (double b : betas) {
            if (!(b >= 0 && b <= 1)) {
                throw new OrbitscopeException("Drift weight beta " + b + " is outside [0, 1].");
            }
        }
        EvaluationSupport mnistData = new EvaluationSupport(sourceDir(mnistDir, DatasetId.TMNIST));
        EvaluationSupport fmnistData = new EvaluationSupport(sourceDir(fmnistDir, DatasetId.TFMNIST));
        List<Row> rows = new ArrayList<>();
        for (StoredModel m : EvaluationSupport.loadAll(models)) {
            long seed = m.card().config().splitSeed();
            TransformingDataset mnist = mnistData.dataset(DatasetId.TMNIST, seed);
            TransformingDataset fmnist = fmnistData.dataset(DatasetId.TFMNIST, seed);
            DriftStudy.requireDistinct(mnist, fmnist);
            int n = EvaluationSupport.samples(samples, TransformingDataset.drift(mnist, fmnist, 0));
            double[] bs = betas.stream().mapToDouble(Double::doubleValue).toArray();
            // cached in the card under the data's checksums, so other data is never answered from the cache
            List<DriftStudy.Point> points = DriftStudy.runCached(m, mnist, fmnist, bs, n);
            for (DriftStudy.Point p : points) {
                rows.add(new Row(EvaluationSupport.label(m), p.beta(), p.accuracy(), p.accuracyRatio(), p.di(),
                        p.li()));
            }
        }
        switch (fmt) {
            case "csv" -> {
                out.println("model,beta,Acc,AccRatio,DI,LI");
                for (Row r : rows) {
                    out.println(EvaluationSupport.csvCell(r.model()) + "," + r.beta() + ","
                            + EvaluationSupport.num(r.accuracy()) + "," + EvaluationSupport.num(r.accuracyRatio()) + ","
                            + EvaluationSupport.num(r.di()) + "," + EvaluationSupport.num(r.li()));
                }
            }
            case "json" -> out.println(org.orbitscope.model.ModelStore.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(rows));
            default -> {
                out.println("| Model | beta | Acc (%) | Acc ratio | DI | LI |");
                out.println("|---|---|---|---|---|---|");
                for (Row r : rows) {
                    out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.4f | %.4g | %.4g |%n",
                            r.model().replace("|", "\\|"),
                            r.beta(), 100 * r.accuracy(), r.accuracyRatio(), r.di(), r.li());
                }
            }
        }
        out.flush();
        return 0;
    }
}
