package org.orbitscope.analysis.embedding;

import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.embedding.umap.UmapSettings;

/**
 * Settings of one t-SNE run (van der Maaten and Hinton, 2008), checked in the compact constructor.
 *
 * @param perplexity effective number of neighbours, typically 5-50; must be below the number of points
 * @param iterations gradient steps, 250-5000 (1000 is usual)
 * @param learningRate gradient step size, 10-1000 (200 is usual)
 * @param seed seed of the random initial layout
 * @param method exact, Barnes-Hut, FFT-accelerated interpolation, auto (chosen by the number of points), or UMAP
 *     instead of t-SNE
 */
public record TsneSettings(double perplexity, int iterations, double learningRate, long seed, Method method) {

    /** How the t-SNE gradient is computed. */
    public enum Method {
        /** Exact (smile): all n² affinities and forces; memory and time per iteration grow with n². */
        EXACT("exact"),
        /** Barnes-Hut (theta 0.5): nearest-neighbour affinities and a quadtree; O(n log n) per iteration. */
        BARNES_HUT("barnes-hut"),
        /**
         * FFT-accelerated interpolation (FIt-SNE): nearest-neighbour affinities, the repulsion interpolated on
         * a grid and convolved by FFT; O(n) per iteration plus a grid cost set by the layout's extent.
         */
        FFT("fft"),
        /** Barnes-Hut up to {@link #FFT_FROM} points, FFT beyond. */
        AUTO("auto"),
        /**
         * Not t-SNE: UMAP with umap-learn's defaults ({@link UmapSettings#DEFAULT}) and this run's seed; the
         * perplexity, iterations and learning rate do not apply.
         */
        UMAP("umap");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** @return the name used on the command line and in the app */
        public String label() {
            return label;
        }

        /**
         * @param label {@code exact}, {@code barnes-hut}, {@code fft}, {@code auto} or {@code umap}
         * @return the method
         * @throws OrbitscopeException for any other name
         */
        public static Method parse(String label) {
            for (Method m : values()) {
                if (m.label.equalsIgnoreCase(label)) {
                    return m;
                }
            }
            throw new OrbitscopeException("Unknown layout method '" + label
                    + "': use exact, barnes-hut, fft, auto or umap.");
        }

        /**
         * @param points number of points to embed
         * @return this method, or for {@link #AUTO} the one it picks for that many points
         */
        public Method resolve(int points) {
            return this != AUTO ? this : points <= FFT_FROM ? BARNES_HUT : FFT;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Default perplexity. */
    public static final double DEFAULT_PERPLEXITY = 30;
    /** Default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 1000;
    /** Default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 200;
    /** The default method: chosen by the number of points. */
    public static final Method DEFAULT_METHOD = Method.AUTO;
    /**
     * Most points for which {@link Method#AUTO} picks Barnes-Hut: measured on the orbits of real activations,
     * Barnes-Hut is the faster of the two up to the most points it is allowed on (the FFT's grid follows the
     * layout's extent, which grows with the points), so auto turns to the FFT only where Barnes-Hut is refused.
     */
    public static final int FFT_FROM = TsneSettings.MAX_POINTS_BARNES_HUT;
    /** Largest point count the FFT method is allowed on (the whole test split's orbits under R4 are 200,000). */
    public static final int MAX_POINTS_FFT = 250_000;
    /** Exact t-SNE keeps about this many n x n double matrices alive (distances, P, Q). */
    static final int SQUARE_MATRICES = 3;
    /** Largest point count exact t-SNE is allowed on, whatever the heap. */
    public static final int MAX_POINTS = 10_000;
    /**
     * Largest point count Barnes-Hut t-SNE is allowed on: its exact nearest-neighbour search is still
     * O(n²) in time, though not in memory, and its quadtree grows with n log n per iteration.
     */
    public static final int MAX_POINTS_BARNES_HUT = 25_000;

    /** The usual settings: perplexity 30, 1000 iterations, learning rate 200, seed 0, method chosen by size. */
    public static final TsneSettings DEFAULT = new TsneSettings(DEFAULT_PERPLEXITY, DEFAULT_ITERATIONS,
            DEFAULT_LEARNING_RATE, 0, DEFAULT_METHOD);

    /** Settings with the default method. */
    public TsneSettings(double perplexity, int iterations, double learningRate, long seed) {
        this(perplexity, iterations, learningRate, seed, DEFAULT_METHOD);
    }

    /** Checks every argument and says which one is wrong. */
    public TsneSettings {
        if (method == null) {
            throw new OrbitscopeException("A layout method is required: exact, barnes-hut, fft, auto or umap.");
        }
        if (!(perplexity >= 2 && perplexity <= 100)) {
            throw new OrbitscopeException("t-SNE perplexity must be between 2 and 100 (5-50 is usual), got "
                    + perplexity + ".");
        }
        if (iterations < 250 || iterations > 10_000) {
            throw new OrbitscopeException("t-SNE iterations must be between 250 and 10000, got " + iterations
                    + " (the first 250 are the early-exaggeration phase).");
        }
        if (!(learningRate >= 1 && learningRate <= 5000)) {
            throw new OrbitscopeException("t-SNE learning rate must be between 1 and 5000 (10-1000 is usual), got "
                    + learningRate + ".");
        }
    }

    /**
     * Bytes the exact t-SNE of {@code points} points needs for its n x n matrices.
     *
     * @param points number of points
     * @return estimated bytes
     */
    public static long memoryBytes(int points) {
        return (long) SQUARE_MATRICES * points * points * Double.BYTES;
    }

    /**
     * Refuses a run that cannot work: too few points for the perplexity, more points than exact t-SNE
     * fits in memory (it keeps n x n distances, P and Q, so memory grows with n squared), or more than
     * Barnes-Hut t-SNE handles in reasonable time.
     *
     * @param points number of points to embed
     * @param maxHeapBytes the heap limit, usually {@code Runtime.getRuntime().maxMemory()}
     * @throws OrbitscopeException if the run would fail or not fit
     */
    public void checkFits(int points, long maxHeapBytes) {
        if (method == Method.UMAP) {
            UmapSettings.DEFAULT.checkFits(points);
            return;
        }
        if (points < 4) {
            throw new OrbitscopeException("t-SNE needs at least 4 points, got " + points + ".");
        }
        if (3 * perplexity >= points) {
            throw new OrbitscopeException("t-SNE perplexity " + perplexity + " is too large for " + points
                    + " points: use at most " + ((points - 1) / 3) + ".");
        }
        Method m = method.resolve(points);
        if (m == Method.FFT) {
            if (points > MAX_POINTS_FFT) {
                throw new OrbitscopeException(String.format(java.util.Locale.ROOT,
                        "FFT t-SNE of %d points is beyond the %d points it is allowed on; use fewer samples.",
                        points, MAX_POINTS_FFT));
            }
            return;
        }
        if (m == Method.BARNES_HUT) {
            if (points > MAX_POINTS_BARNES_HUT) {
                throw new OrbitscopeException(String.format(java.util.Locale.ROOT,
                        "Barnes-Hut t-SNE of %d points would take far too long (its exact nearest-neighbour search "
                                + "grows with the square of the points); use at most %d points, or the fft "
                                + "method.", points,
                        MAX_POINTS_BARNES_HUT));
            }
            return;
        }
        long need = memoryBytes(points);
        if (points > MAX_POINTS || need > maxHeapBytes * 0.7) {
            throw new OrbitscopeException(String.format(java.util.Locale.ROOT,
                    "Exact t-SNE of %d points needs about %.1f GB for its %d x %d distance and affinity matrices "
                            + "(memory grows with the square of the points) and %s; use fewer samples (at most %d "
                            + "points here), or the Barnes-Hut method.", points, need / 1e9, points, points,
                    points > MAX_POINTS ? "would take far too long" : String.format(java.util.Locale.ROOT,
                            "the heap allows %.1f GB", maxHeapBytes / 1e9),
                    maxPoints(maxHeapBytes)));
        }
    }

    /**
     * @param maxHeapBytes the heap limit
     * @return the most points exact t-SNE may embed within that heap
     */
    public static int maxPoints(long maxHeapBytes) {
        int n = (int) Math.sqrt(maxHeapBytes * 0.7 / (SQUARE_MATRICES * Double.BYTES));
        return Math.min(MAX_POINTS, n);
    }
}
