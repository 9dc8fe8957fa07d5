package org.orbitscope.analysis.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times both t-SNE methods on the same points: ten Gaussian clusters in {@value OrbitEmbedder#PCA_DIMS}
 * dimensions, the shape of the PCA-reduced activations the Embedding view lays out. Each method runs
 * the default settings (perplexity 30, 1000 iterations) from setup to the last iteration.
 */
public final class TsneBenchmark {

    /** One measured figure. */
    public record Figure(String name, double value, String unit) {
    }

    private TsneBenchmark() {
    }

    /**
     * @param points number of points, at least 100
     * @param iterations gradient steps per run, at least 250
     * @return seconds per method and exact / Barnes-Hut
     */
    public static List<Figure> run(int points, int iterations) {
        double[][] x = clusters(points, OrbitEmbedder.PCA_DIMS, 10, 7);
        double[] seconds = new double[2];
        TsneSettings.Method[] methods = {TsneSettings.Method.EXACT, TsneSettings.Method.BARNES_HUT};
        for (int m = 0; m < 2; m++) {
            TsneSettings s = new TsneSettings(Math.min(TsneSettings.DEFAULT_PERPLEXITY, (points - 1) / 3.0 - 1),
                    iterations, TsneSettings.DEFAULT_LEARNING_RATE, 0, methods[m]);
            long t0 = System.nanoTime();
            TsneRun run = OrbitEmbedder.start(x, s, () -> false);
            run.update(iterations - run.iterations());
            seconds[m] = (System.nanoTime() - t0) / 1e9;
        }
        List<Figure> out = new ArrayList<>();
        String n = String.format(Locale.ROOT, "%dpts", points);
        out.add(new Figure("tsne-exact-" + n, seconds[0], "s"));
        out.add(new Figure("tsne-barnes-hut-" + n, seconds[1], "s"));
        out.add(new Figure("tsne-exact-over-barnes-hut-" + n, seconds[0] / seconds[1], "ratio"));
        return out;
    }

    /** {@code clusters} Gaussian clusters of unit spread, centres drawn with spread 5, in {@code dims} dimensions. */
    static double[][] clusters(int points, int dims, int clusters, long seed) {
        Random rng = new Random(seed);
        double[][] centres = new double[clusters][dims];
        for (double[] c : centres) {
            for (int d = 0; d < dims; d++) {
                c[d] = 5 * rng.nextGaussian();
            }
        }
        double[][] x = new double[points][dims];
        for (int i = 0; i < points; i++) {
            double[] c = centres[i % clusters];
            for (int d = 0; d < dims; d++) {
                x[i][d] = c[d] + rng.nextGaussian();
            }
        }
        return x;
    }
}
