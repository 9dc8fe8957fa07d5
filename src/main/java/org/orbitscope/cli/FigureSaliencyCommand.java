package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.ModelLabels;
import org.orbitscope.figure.SaliencyGridFigure;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure saliency}: the orbit saliency grid of one or more models (paper Fig. 1 and 3 style). */
@Command(name = "saliency", mixinStandardHelpOptions = true,
        description = "Orbit saliency grid: per sample one row of cells per model, one cell per group element; each "
                + "cell the saliency map realigned by g^-1 over the sample. The same figure as the app's export.")
final class FigureSaliencyCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat to compare models).")
    private List<Path> models;

    @Option(names = "--samples", split = ",", description = "Test-sample indices, e.g. 0,7,42.")
    private int[] samples;

    @Option(names = "--rows", defaultValue = "4",
            description = "Without --samples: the first N test samples (default: ${DEFAULT-VALUE}).")
    private int rows;

    @Option(names = "--group", description = "Group of the columns (default: the first model's).")
    private String group;

    @Option(names = "--unaligned", description = "Show each map as computed on g x instead of realigned.")
    private boolean unaligned;

    @Option(names = "--layout", defaultValue = "stacked", description = "Models of a sample stacked (one row of "
            + "cells per model) or side-by-side (default: ${DEFAULT-VALUE}).")
    private String layout;

    @Option(names = "--columns", defaultValue = "2",
            description = "Columns of samples, 1 to 8 (default: ${DEFAULT-VALUE}).")
    private int columns;

    @Option(names = "--labels", defaultValue = "short", description = "Model labels: short (DA, IR, WT, longer "
            + "only where two models would share one) or name (the card's) (default: ${DEFAULT-VALUE}).")
    private String labels;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Option(names = "--maps",
            description = "Also write the maps as .npz: aligned and raw [models, samples, |G|, 1296].")
    private Path mapsOut;

    @Override
    public Integer call() throws Exception {
        if (mapsOut != null) {
            AtomicFiles.checkWritable(mapsOut);
        }
        SaliencyGridFigure.Arrangement arrangement = SaliencyGridFigure.Arrangement.byId(layout);
        ModelLabels.Style labelStyle = ModelLabels.Style.byId(labels);
        if (columns < 1 || columns > SaliencyGridFigure.MAX_COLUMNS) {
            throw new OrbitscopeException("--columns must be between 1 and " + SaliencyGridFigure.MAX_COLUMNS
                    + ", got " + columns + ".");
        }
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        List<String> names = ModelLabels.of(loaded.stream().map(StoredModel::card).toList(),
                loaded.stream().map(EvaluationSupport::label).toList(), labelStyle);
        StoredModel first = loaded.get(0);
        Group g = group != null ? Groups.byId(group) : first.card().config().groupValue();
        TransformingDataset data = TransformingDataset.load(first.card().config().datasetValue(),
                first.card().config().splitSeed());
        Split test = data.test();
        int[] idx = samples;
        if (idx == null) {
            if (rows < 1 || rows > 64) {
                throw new OrbitscopeException("--rows must be between 1 and 64, got " + rows + ".");
            }
            idx = new int[rows];
            for (int i = 0; i < rows; i++) {
                idx[i] = i;
            }
        }
        for (int i : idx) {
            if (i < 0 || i >= test.size()) {
                throw new OrbitscopeException("sample " + i + " is outside the test split "
                        + "(0.." + (test.size() - 1) + ").");
            }
        }
        double drawScale = output.drawingScale();
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            labels[i] = test.label(idx[i]);
        }
        List<SaliencyGridFigure.Panel> panels = new ArrayList<>();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        int d = g.pixels();
        float[] aligned = new float[loaded.size() * idx.length * g.order() * d];
        float[] raw = new float[aligned.length];
        int mi = 0;
        for (StoredModel m : loaded) {
            if (!m.card().config().dataset().equals(first.card().config().dataset())) {
                throw new OrbitscopeException("All models of one figure must use the same dataset.");
            }
            float[] x = new float[idx.length * d];
            test.fill(idx, null, null, m.card().normalization(), x);
            List<OrbitSaliency.Row> r = OrbitSaliency.compute(m.classifier(), g, m.card().normalization(), x,
                    labels, idx, SaliencySettings.DEFAULT);
            panels.add(new SaliencyGridFigure.Panel(names.get(mi), r));
            for (int i = 0; i < r.size(); i++) {
                for (int e = 0; e < g.order(); e++) {
                    int off = ((mi * idx.length + i) * g.order() + e) * d;
                    System.arraycopy(r.get(i).aligned()[e], 0, aligned, off, d);
                    System.arraycopy(r.get(i).maps()[e], 0, raw, off, d);
                }
            }
            mi++;
        }
        SaliencyGridFigure.Options o = new SaliencyGridFigure.Options(!unaligned, 72, drawScale, 0.9,
                org.orbitscope.figure.Colormap.INFERNO, data.id().classNames(), arrangement, columns);
        output.write(SaliencyGridFigure.figure(panels, g, o), spec.commandLine().getOut());
        if (mapsOut != null) {
            int[] shape = {loaded.size(), idx.length, g.order(), d};
            arrays.put("aligned", NpyArray.of(aligned, shape));
            arrays.put("raw", NpyArray.of(raw, shape));
            arrays.put("samples", NpyArray.ofInts(idx.clone(), idx.length));
            arrays.put("labels", NpyArray.ofInts(labels, labels.length));
            AtomicFiles.writeFile(mapsOut, stream -> Npz.write(stream, arrays));
        }
        if (mapsOut != null) {
            spec.commandLine().getOut().printf("Wrote %s.%n", mapsOut);
        }
        return 0;
    }
}
