package org.orbitscope.cli;

import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.TsneSettings;
import picocli.CommandLine.Option;

/** The options the embedding commands share: how many samples, the t-SNE settings, or PCA instead. */
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

    @Option(names = "--method", defaultValue = "auto", converter = MethodConverter.class,
            description = "t-SNE gradient: barnes-hut (O(n log n) per iteration), fft (FFT-accelerated "
                    + "interpolation, O(n)), exact (smile, O(n\u00b2) time and memory), or auto (barnes-hut up to "
                    + TsneSettings.FFT_FROM + " points, fft beyond) (default: ${DEFAULT-VALUE}).")
    TsneSettings.Method method;

    @Option(names = "--pca", description = "The 2-D PCA projection instead of t-SNE.")
    boolean pcaOnly;

    /** @return the t-SNE settings (validated) */
    TsneSettings settings() {
        return new TsneSettings(perplexity, iterations, learningRate, seed, method);
    }

    /** Reads {@code exact} or {@code barnes-hut}. */
    static final class MethodConverter implements picocli.CommandLine.ITypeConverter<TsneSettings.Method> {
        @Override
        public TsneSettings.Method convert(String value) {
            return TsneSettings.Method.parse(value);
        }
    }
}
