package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.figure.LayersFigure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure layers}: where each model's invariance lives, and how it formed over training. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Layer invariance of one or more models: models x layers with a heatmap of the units "
                + "sorted by invariance, the per-layer profile, and, for models whose card records it, each "
                + "layer's invariance over training.")
final class FigureLayersCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat for one row per model).")
    private List<Path> models;

    @Option(names = "--samples", defaultValue = "500",
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--normalization", defaultValue = "total",
            description = "total, per-element or none (default: ${DEFAULT-VALUE}).")
    private String normalization;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() {
        double drawScale = output.drawingScale();
        LayerSettings settings = new LayerSettings(LayerSettings.Denominator.byId(normalization));
        List<LayersCommand.Measured> measured = LayersCommand.measure(EvaluationSupport.loadAll(models),
                new EvaluationSupport(dataDir), null, samples, settings, spec.commandLine().getErr());
        List<LayersFigure.Row> rows = measured.stream().map(m -> new LayersFigure.Row(m.name(), m.profile(),
                m.model().card().history())).toList();
        output.write(LayersFigure.figure(rows, drawScale), spec.commandLine().getOut());
        return 0;
    }
}
