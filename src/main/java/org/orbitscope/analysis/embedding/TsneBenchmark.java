package org.orbitscope.analysis.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.orbitscope.analysis.embedding.umap.Umap;
import org.orbitscope.analysis.embedding.umap.UmapSettings;

/**
 * Times the t-SNE methods and UMAP on the same points: ten Gaussian clusters in {@value OrbitEmbedder#PCA_DIMS}
 * dimensions, the shape of the PCA-reduced activations the Embedding view lays out. Each method runs
 * the default settings (t-SNE: perplexity 30, 1000 iterations; UMAP: umap-learn's) from setup to the last step.
 */
public final class TsneBenchmark {

    /** One measured figure. */
    public record Figure(String name, double value, String unit) {
    }

    private TsneBenchmark() {
    }

    /**
     * Times the methods on one point set: exact (up to {@value #EXACT_UP_TO} points), Barnes-Hut (up to
     * {@link TsneSettings#MAX_POINTS_BARNES_HUT}) and FFT-accelerated interpolation, each from setup to the last
     * iteration, and reports each layout's KL divergence over the nearest-neighbour affinities with Q's
     * normalization summed exactly ({@link BarnesHutTsne#exactCost()}), so that speed is never bought with a
     * worse picture. The exact method reports its own KL (over all affinities).
     *
     * @param points number of points, at least 100
     * @param iterations gradient steps per run, at least 250
     * @return seconds and KL per method, and the ratios of the seconds
     */
    public static List<Figure> run(int points, int iterations) {
        double[][] x = clusters(points, OrbitEmbedder.PCA_DIMS, 10, 7);
        List<Figure> out = new ArrayList<>();
        String n = String.format(Locale.ROOT, "%dpts", points);
        double perplexity = Math.min(TsneSettings.DEFAULT_PERPLEXITY, (points - 1) / 3.0 - 1);
        java.util.Map<TsneSettings.Method, Double> seconds = new java.util.EnumMap<>(TsneSettings.Method.class);
        for (TsneSettings.Method m : List.of(TsneSettings.Method.EXACT, TsneSettings.Method.BARNES_HUT,
                TsneSettings.Method.FFT)) {
            if (m == TsneSettings.Method.EXACT && points > EXACT_UP_TO
                    || m == TsneSettings.Method.BARNES_HUT && points > TsneSettings.MAX_POINTS_BARNES_HUT) {
                continue;
            }
            TsneSettings s = new TsneSettings(perplexity, iterations, TsneSettings.DEFAULT_LEARNING_RATE, 0, m);
            long t0 = System.nanoTime();
            LayoutRun run = OrbitEmbedder.start(x, s, () -> false);
            run.update(iterations - run.iterations());
            double t = (System.nanoTime() - t0) / 1e9;
            seconds.put(m, t);
            double kl = run instanceof BarnesHutTsne b ? b.exactCost() : run.cost();
            out.add(new Figure("tsne-" + m.label() + "-" + n, t, "s"));
            out.add(new Figure("tsne-" + m.label() + "-" + n + "-kl", kl, "1"));
        }
        Double exact = seconds.get(TsneSettings.Method.EXACT);
        Double bh = seconds.get(TsneSettings.Method.BARNES_HUT);
        Double fft = seconds.get(TsneSettings.Method.FFT);
        if (exact != null && bh != null) {
            out.add(new Figure("tsne-exact-over-barnes-hut-" + n, exact / bh, "ratio"));
        }
        if (bh != null && fft != null) {
            out.add(new Figure("tsne-fft-over-barnes-hut-" + n, fft / bh, "ratio"));
        }
        if (points <= UmapSettings.MAX_POINTS) {
            long t0 = System.nanoTime();
            Umap umap = new Umap(x, pcaStart(x), UmapSettings.DEFAULT, () -> false);
            umap.update(umap.epochs());
            double t = (System.nanoTime() - t0) / 1e9;
            out.add(new Figure("umap-" + n, t, "s"));
            out.add(new Figure("umap-" + n + "-knn" + PRESERVED_K, preserved(x, umap.coordinates(), PRESERVED_K),
                    "share"));
        }
        return out;
    }

    /** Neighbours per point of the UMAP layout's quality figure. */
    static final int PRESERVED_K = 15;

    /** The first two principal components of the points: the start the Embedding view gives UMAP. */
    static double[][] pcaStart(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                v[i * d + c] = (float) x[i][c];
            }
        }
        return Pca.project(v, n, d, 2);
    }

    /**
     * The mean share of each point's k nearest neighbours among the points that are also among its k nearest in
     * the layout: 1 when the layout keeps every neighbourhood.
     *
     * @param x the points
     * @param layout their 2-D layout
     * @param k neighbours per point
     * @return the share, in [0, 1]
     */
    static double preserved(double[][] x, double[][] layout, int k) {
        int[][] high = NearestNeighbours.of(x, k, new double[x.length][], () -> false);
        OrbitPurity.Neighbours low = OrbitPurity.nearest(layout, k);
        long kept = 0;
        for (int i = 0; i < x.length; i++) {
            java.util.Set<Integer> near = new java.util.HashSet<>();
            for (int j : high[i]) {
                near.add(j);
            }
            for (int j : low.of(i)) {
                kept += near.contains(j) ? 1 : 0;
            }
        }
        return kept / ((double) k * x.length);
    }

    /**
     * Writes the points {@link #run} lays out, one per line with comma-separated coordinates (shortest round-trip
     * decimals), so that another t-SNE implementation can be timed on the very same points.
     *
     * @param points number of points
     * @param out receives the text, UTF-8
     * @throws java.io.IOException if writing fails
     */
    public static void writePoints(int points, java.io.OutputStream out) throws java.io.IOException {
        java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out,
                java.nio.charset.StandardCharsets.UTF_8));
        for (double[] p : clusters(points, OrbitEmbedder.PCA_DIMS, 10, 7)) {
            for (int d = 0; d < p.length; d++) {
                if (d > 0) {
                    w.write(',');
                }
                w.write(Double.toString(p[d]));
            }
            w.write('\n');
        }
        w.flush();
    }

    /** Largest point count the exact method is timed on (its time and memory grow with n²). */
    static final int EXACT_UP_TO = 2_000;

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
