package org.orbitscope.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.embedding.EmbeddingCsv;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.OrbitPurity;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code embedding}: t-SNE of the penultimate activations of every orbit point (paper Fig. 2) as CSV. */
@Command(name = "embedding", mixinStandardHelpOptions = true,
        description = "t-SNE (or UMAP, or PCA) of the last hidden layer over the orbits of the first N test samples "
                + "(paper Figure 2); "
                + "writes sample,g,class,x,y per orbit point and prints the orbit/class distance ratio and orbit "
                + "purity@k.")
final class EmbeddingCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model directory.")
    private Path model;

    @picocli.CommandLine.Mixin
    private TsneOptions tsne;

    @Option(names = "--out", required = true, description = "CSV file to write.")
    private Path out;

    @Option(names = "--purity-k", defaultValue = "" + OrbitPurity.DEFAULT_K,
            description = "Neighbours per point of orbit purity@k: the share of a point's k nearest neighbours "
                    + "from its own orbit (default: ${DEFAULT-VALUE}).")
    private int purityK;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the settings are checked before any model loads
        tsne.settings();
        tsne.umapSettings();
        // before the minutes of work, not after: a read-only folder or a file in the way fails now
        AtomicFiles.checkWritable(out);
        StoredModel m = ModelStore.load(model);
        TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                m.card().config().splitSeed());
        long t0 = System.nanoTime();
        OrbitEmbedder embedder = OrbitEmbedder.forModel(m, data, tsne.samples, EmbeddingListener.NONE);
        int points = embedder.activations().points();
        if (purityK < 1 || purityK >= points) {
            // before the t-SNE's minutes, not after
            throw new OrbitscopeException("--purity-k must be between 1 and the number of points - 1 = "
                    + (points - 1) + " (" + tsne.samples + " samples x " + embedder.activations().group().order()
                    + " group elements), got " + purityK + ".");
        }
        tsne.checkFits(points);
        OrbitEmbedding pca = embedder.pca();
        stdout.printf(Locale.ROOT, "PCA: %s%n", OrbitEmbedder.explainedText(embedder.explainedVariance(2)));
        long t1 = System.nanoTime();
        err.printf(Locale.ROOT, "%d points (%d samples x %d group elements): activations and PCA in %.1fs%n", points,
                tsne.samples, embedder.activations().group().order(), (t1 - t0) / 1e9);
        err.flush();
        OrbitEmbedding result = pca;
        if (!tsne.pcaOnly()) {
            String what = tsne.describe(points);
            result = tsne.layout(embedder, new EmbeddingListener() {
                @Override
                public void onProgress(int step, int total, double cost, double[][] coordinates) {
                    if (step % 250 == 0 || step == total || tsne.umap() && step % 50 == 0) {
                        err.printf(Locale.ROOT, "%s %d/%d%s  %.1fs%n", tsne.umap() ? "UMAP epoch" : "t-SNE", step,
                                total, Double.isNaN(cost) ? "" : String.format(Locale.ROOT, "  cost %.4f", cost),
                                (System.nanoTime() - t1) / 1e9);
                        err.flush();
                    }
                }
            });
            err.printf(Locale.ROOT, "%s of %d points, %d %s: %.1fs%n", what, points, result.iterations(),
                    tsne.umap() ? "epochs" : "iterations", (System.nanoTime() - t1) / 1e9);
            if (!tsne.umap()) {
                stdout.printf(Locale.ROOT, "t-SNE KL divergence: %.4f (%s, %d points)%n", result.cost(),
                        tsne.layoutMethod().resolve(points), points);
            }
        }
        long t2 = System.nanoTime();
        OrbitPurity.Result purity = OrbitPurity.of(embedder.activations(), result, purityK);
        err.printf(Locale.ROOT, "orbit purity@%d (nearest neighbours of %d points): %.1fs%n", purityK, points,
                (System.nanoTime() - t2) / 1e9);
        err.flush();
        List<EmbeddingPoint> rows = result.points();
        AtomicFiles.writeFile(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            EmbeddingCsv.write(rows, w);
            w.flush();
        });
        stdout.printf(Locale.ROOT, "orbit/class distance ratio: %.4f in the %s layout (orbit %.4g, class %.4g), "
                + "%.4f in the %d-d activations (orbit %.4g, class %.4g)%n", result.layoutRatio().ratio(),
                result.method().label(), result.layoutRatio().orbit(),
                result.layoutRatio().sameClass(), result.activationRatio().ratio(), embedder.activations().width(),
                result.activationRatio().orbit(), result.activationRatio().sameClass());
        stdout.println(purity.summary());
        stdout.flush();
        return 0;
    }
}
