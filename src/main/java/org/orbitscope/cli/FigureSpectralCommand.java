package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.SpectralStudy;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.BarPlot;
import org.orbitscope.figure.DriftFigure;
import org.orbitscope.figure.SpectralFigure;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure spectral}: SigmaMax(J) per kind of model, and the Proposition 3.1 demonstration. */
@Command(name = "spectral", mixinStandardHelpOptions = true,
        description = "Spectral-decay figure: SigmaMax(J) per kind of model (bars: mean, std and every seed; the "
                + "value stored by evaluate, else computed) beside sigma_max(W) along gradient descent on the logit "
                + "invariance error of a linear model.")
final class FigureSpectralCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat; models of one group).")
    private List<Path> models;

    @Option(names = "--samples", defaultValue = "1000",
            description = "Test samples when a card holds no SigmaMax yet (default: ${DEFAULT-VALUE}).")
    private int samples;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() throws Exception {
        double drawScale = output.drawingScale();
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        StoredModel first = loaded.get(0);
        Group group = first.card().config().groupValue();
        TransformingDataset data = TransformingDataset.load(first.card().config().datasetValue(),
                first.card().config().splitSeed());
        Map<String, List<Double>> byKind = new LinkedHashMap<>();
        for (String k : SpectralStudy.KINDS) {
            byKind.put(k, new ArrayList<>());
        }
        for (StoredModel m : loaded) {
            if (!m.card().config().group().equals(first.card().config().group())
                    || !m.card().config().dataset().equals(first.card().config().dataset())) {
                throw new org.orbitscope.OrbitscopeException("figure spectral compares models of one dataset and "
                        + "group; " + m.dir() + " is " + m.card().config().dataset() + " " + m.card().config().group()
                        + ", " + first.dir() + " " + first.card().config().dataset() + " "
                        + first.card().config().group() + ".");
            }
            Object stored = m.card().metrics().get(Evaluation.SIGMA_MAX);
            double v;
            if (stored instanceof Number num) {
                v = num.doubleValue();
            } else {
                Split test = data.test();
                int n = Math.min(samples, test.size());
                v = Evaluator.sigmaMax(m.classifier(), Evaluator.inputs(test, n, m.card().normalization()), n);
            }
            byKind.computeIfAbsent(org.orbitscope.analysis.Table1.kind(m.card().config()), k -> new ArrayList<>())
                    .add(v);
        }
        List<BarPlot.Bar> bars = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : byKind.entrySet()) {
            if (!e.getValue().isEmpty()) {
                bars.add(new BarPlot.Bar(e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).toArray(),
                        DriftFigure.color(e.getKey())));
            }
        }
        // Proposition 3.1 on real data: 64 test images and a random non-identity element each
        SpectralStudy.Curve curve = SpectralStudy.proposition31(group, data.test(), first.card().normalization());
        output.write(SpectralFigure.figure(data.id().displayName() + " " + group.id().toUpperCase(java.util.Locale.ROOT)
                + ": sensitivity per kind of model", bars, curve.steps(), curve.sigma(), drawScale),
                        spec.commandLine().getOut());
        return 0;
    }
}
