package org.orbitscope.cli;

import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.analysis.embedding.umap.UmapSettings;
import picocli.CommandLine.Option;

/** The options the embedding commands share: how many samples, the t-SNE or UMAP settings, or PCA instead. */
final class TsneOptions {

    @Option(names = "--samples", defaultValue = "" + OrbitEmbedder.DEFAULT_SAMPLES,
            description = "Test samples; each gives |G| points (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--perplexity", defaultValue = "" + TsneSettings.DEFAULT_PERPLEXITY,
            description = "t-SNE perplexity, 5-50 usual (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(names = "--iterations", defaultValue = "" + TsneSettings.DEFAULT_ITERATIONS,
            description = "t-SNE iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--learning-rate", defaultValue = "" + TsneSettings.DEFAULT_LEARNING_RATE,
            description = "t-SNE learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the initial layout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--method", defaultValue = "auto",
            description = "Layout: t-SNE by barnes-hut (O(n log n) per iteration), fft (FFT-accelerated "
                    + "interpolation, O(n)), exact (smile, O(n\u00b2) time and memory) or auto (barnes-hut up to "
                    + TsneSettings.FFT_FROM + " points, fft beyond); umap (UMAP, umap-learn's algorithm on exact "
                    + "neighbours); or pca (the first two principal components) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--pca", description = "The 2-D PCA projection instead of t-SNE (as --method pca).")
    boolean pcaFlag;

    @Option(names = "--neighbours", defaultValue = "" + UmapSettings.DEFAULT_NEIGHBOURS,
            description = "UMAP neighbourhood size, the point itself included (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--min-dist", defaultValue = "" + UmapSettings.DEFAULT_MIN_DIST,
            description = "UMAP minimum distance between points of the layout (default: ${DEFAULT-VALUE}).")
    double minDist;

    @Option(names = "--epochs", defaultValue = "0",
            description = "UMAP epochs; 0 for umap-learn's choice, " + UmapSettings.SMALL_EPOCHS + " up to "
                    + UmapSettings.SMALL_FROM + " points and " + UmapSettings.LARGE_EPOCHS + " beyond "
                    + "(default: ${DEFAULT-VALUE}).")
    int epochs;

    /** @return whether the layout is the PCA projection */
    boolean pcaOnly() {
        return pcaFlag || "pca".equalsIgnoreCase(method);
    }

    /** @return whether the layout is UMAP */
    boolean umap() {
        return !pcaOnly() && layoutMethod() == TsneSettings.Method.UMAP;
    }

    /** @return the layout method (for PCA: auto, unused) */
    TsneSettings.Method layoutMethod() {
        return pcaOnly() ? TsneSettings.Method.AUTO : TsneSettings.Method.parse(method);
    }

    /** @return the t-SNE settings (validated) */
    TsneSettings settings() {
        return new TsneSettings(perplexity, iterations, learningRate, seed, layoutMethod());
    }

    /** @return the UMAP settings (validated) */
    UmapSettings umapSettings() {
        return new UmapSettings(neighbours, minDist, UmapSettings.DEFAULT_SPREAD, epochs,
                UmapSettings.DEFAULT_NEGATIVE_SAMPLE_RATE, seed);
    }

    /**
     * Refuses, before any work, a layout that cannot run on that many points.
     *
     * @param points number of points
     */
    void checkFits(int points) {
        if (umap()) {
            umapSettings().checkFits(points);
        } else if (!pcaOnly()) {
            settings().checkFits(points, Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * @param embedder the points
     * @param listener progress and cancellation
     * @return the layout these options ask for: PCA, UMAP or t-SNE
     */
    OrbitEmbedding layout(OrbitEmbedder embedder, EmbeddingListener listener) {
        if (pcaOnly()) {
            return embedder.pca();
        }
        return umap() ? embedder.umap(umapSettings(), listener) : embedder.layout(settings(), listener);
    }

    /**
     * @param points number of points
     * @return the layout's name, e.g. {@code t-SNE (fft)}, {@code UMAP} or {@code PCA}
     */
    String describe(int points) {
        return pcaOnly() ? "PCA" : umap() ? "UMAP" : "t-SNE (" + layoutMethod().resolve(points) + ")";
    }
}
