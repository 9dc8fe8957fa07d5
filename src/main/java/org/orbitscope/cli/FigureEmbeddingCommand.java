package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.EmbeddingFigure;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure embedding}: paper Fig. 2, t-SNE of the penultimate activations of several models side by side. */
@Command(name = "embedding", mixinStandardHelpOptions = true,
        description = "t-SNE (or UMAP, or PCA) of the last hidden layer over the orbits of the first N test samples, "
                + "one panel per model (paper Figure 2): colour = class, marker = group element, a trace through each "
                + "orbit.")
final class FigureEmbeddingCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat for panels side by side).")
    private List<Path> models;

    @picocli.CommandLine.Mixin
    private TsneOptions tsne;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() throws Exception {
        double drawScale = output.drawingScale();
        PrintWriter err = spec.commandLine().getErr();
        tsne.settings(); // the t-SNE settings are checked before any model loads
        tsne.umapSettings();
        List<String> titles = new ArrayList<>();
        List<EmbeddingFigure.State> states = new ArrayList<>();
        for (StoredModel m : EvaluationSupport.loadAll(models)) {
            TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                    m.card().config().splitSeed());
            OrbitEmbedder embedder = OrbitEmbedder.forModel(m, data, tsne.samples, EmbeddingListener.NONE);
            int points = embedder.activations().points();
            tsne.checkFits(points);
            long t0 = System.nanoTime();
            OrbitEmbedding e = tsne.layout(embedder, EmbeddingListener.NONE);
            if (!tsne.pcaOnly()) {
                err.printf(Locale.ROOT, "%s: %s of %d points in %.1fs%n", EvaluationSupport.label(m),
                        tsne.describe(points), points, (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
            titles.add(EvaluationSupport.label(m));
            states.add(EmbeddingFigure.State.fitted(e));
        }
        output.write(EmbeddingFigure.panels(titles, states, 520, 460, drawScale), spec.commandLine().getOut());
        return 0;
    }
}
