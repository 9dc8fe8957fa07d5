package org.orbitscope.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.embedding.EmbeddingCsv;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code embedding}: t-SNE of the penultimate activations of every orbit point (paper Fig. 2) as CSV. */
@Command(name = "embedding", mixinStandardHelpOptions = true,
        description = "t-SNE of the last hidden layer over the orbits of the first N test samples (paper Figure 2); "
                + "writes sample,g,class,x,y per orbit point and prints the orbit/class distance ratio.")
final class EmbeddingCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model directory.")
    private Path model;

    @Option(names = "--samples", defaultValue = "" + OrbitEmbedder.DEFAULT_SAMPLES,
            description = "Test samples; each gives |G| points (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--perplexity", defaultValue = "" + TsneSettings.DEFAULT_PERPLEXITY,
            description = "t-SNE perplexity, 5-50 usual (default: ${DEFAULT-VALUE}).")
    private double perplexity;

    @Option(names = "--iterations", defaultValue = "" + TsneSettings.DEFAULT_ITERATIONS,
            description = "t-SNE iterations (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--learning-rate", defaultValue = "" + TsneSettings.DEFAULT_LEARNING_RATE,
            description = "t-SNE learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the initial layout (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--pca", description = "Write the 2-D PCA projection instead of t-SNE.")
    private boolean pcaOnly;

    @Option(names = "--out", required = true, description = "CSV file to write.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TsneSettings settings = new TsneSettings(perplexity, iterations, learningRate, seed);
        StoredModel m = ModelStore.load(model);
        TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                m.card().config().splitSeed());
        long t0 = System.nanoTime();
        OrbitEmbedder embedder = OrbitEmbedder.forModel(m, data, samples, EmbeddingListener.NONE);
        int points = embedder.activations().points();
        if (!pcaOnly) {
            settings.checkFits(points, Runtime.getRuntime().maxMemory());
        }
        OrbitEmbedding pca = embedder.pca();
        long t1 = System.nanoTime();
        err.printf(Locale.ROOT, "%d points (%d samples x %d group elements): activations and PCA in %.1fs%n", points,
                samples, embedder.activations().group().order(), (t1 - t0) / 1e9);
        err.flush();
        OrbitEmbedding result = pca;
        if (!pcaOnly) {
            result = embedder.tsne(settings, new EmbeddingListener() {
                @Override
                public void onProgress(int iteration, int total, double cost, double[][] coordinates) {
                    if (iteration % 250 == 0 || iteration == total) {
                        err.printf(Locale.ROOT, "t-SNE %d/%d  cost %.4f  %.1fs%n", iteration, total, cost,
                                (System.nanoTime() - t1) / 1e9);
                        err.flush();
                    }
                }
            });
            err.printf(Locale.ROOT, "t-SNE of %d points, %d iterations: %.1fs%n", points, iterations,
                    (System.nanoTime() - t1) / 1e9);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            EmbeddingCsv.write(result.points(), w);
        }
        stdout.printf(Locale.ROOT, "orbit/class distance ratio: %.4f in the %s layout (orbit %.4g, class %.4g), "
                + "%.4f in the %d-d activations (orbit %.4g, class %.4g)%n", result.layoutRatio().ratio(),
                result.method() == OrbitEmbedding.Method.PCA ? "PCA" : "t-SNE", result.layoutRatio().orbit(),
                result.layoutRatio().sameClass(), result.activationRatio().ratio(), embedder.activations().width(),
                result.activationRatio().orbit(), result.activationRatio().sameClass());
        stdout.flush();
        return 0;
    }
}
