package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.DriftStudy;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.DriftFigure;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure drift}: DI and accuracy ratio under T-MNIST to T-FMNIST drift (paper Fig. 4). */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Drift figure: DI (log scale) and Acc(D(beta))/Acc(D(0)) over beta, one line per model, one "
                + "colour per kind.")
final class FigureDriftCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat; models of one group).")
    private List<Path> models;

    @Option(names = "--betas", split = ",", defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1",
            description = "Blend weights (default: ${DEFAULT-VALUE}).")
    private double[] betas;

    @Option(names = "--samples", defaultValue = "1000",
            description = "First N test samples (default: ${DEFAULT-VALUE}).")
    private int samples;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() throws Exception {
        double drawScale = output.drawingScale();
        if (samples < 1 || samples > 50_000) {
            throw new OrbitscopeException("--samples must be between 1 and 50000, got " + samples + ".");
        }
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        String group = loaded.get(0).card().config().group();
        long split = loaded.get(0).card().config().splitSeed();
        TransformingDataset mnist = TransformingDataset.load(DatasetId.TMNIST, split);
        TransformingDataset fmnist = TransformingDataset.load(DatasetId.TFMNIST, split);
        List<DriftFigure.Curve> curves = new ArrayList<>();
        for (StoredModel m : loaded) {
            if (!m.card().config().group().equals(group) || m.card().config().splitSeed() != split) {
                throw new OrbitscopeException("All models of a drift figure must share group and split seed.");
            }
            curves.add(new DriftFigure.Curve(EvaluationSupport.label(m),
                    org.orbitscope.analysis.Table1.kind(m.card().config()),
                    DriftStudy.runCached(m, mnist, fmnist, betas, samples)));
        }
        output.write(DriftFigure.figure(group.toUpperCase(java.util.Locale.ROOT), curves, drawScale),
                spec.commandLine().getOut());
        return 0;
    }
}
