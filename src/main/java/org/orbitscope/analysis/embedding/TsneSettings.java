package org.orbitscope.analysis.embedding;

import org.orbitscope.OrbitscopeException;

/**
 * Settings of one exact t-SNE run (van der Maaten and Hinton, 2008), checked in the compact constructor.
 *
 * @param perplexity effective number of neighbours, typically 5-50; must be below the number of points
 * @param iterations gradient steps, 250-5000 (1000 is usual)
 * @param learningRate gradient step size, 10-1000 (200 is usual)
 * @param seed seed of the random initial layout
 */
public record TsneSettings(double perplexity, int iterations, double learningRate, long seed) {

    /** Default perplexity. */
    public static final double DEFAULT_PERPLEXITY = 30;
    /** Default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 1000;
    /** Default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 200;
    /** Exact t-SNE keeps about this many n x n double matrices alive (distances, P, Q). */
    static final int SQUARE_MATRICES = 3;
    /** Largest point count exact t-SNE is allowed on, whatever the heap. */
    public static final int MAX_POINTS = 10_000;

    /** The usual settings: perplexity 30, 1000 iterations, learning rate 200, seed 0. */
    public static final TsneSettings DEFAULT = new TsneSettings(DEFAULT_PERPLEXITY, DEFAULT_ITERATIONS,
            DEFAULT_LEARNING_RATE, 0);

    /** Checks every argument and says which one is wrong. */
    public TsneSettings {
        if (!(perplexity >= 2 && perplexity <= 100)) {
            throw new OrbitscopeException("t-SNE perplexity must be between 2 and 100 (5-50 is usual), got "
                    + perplexity + ".");
        }
        if (iterations < 250 || iterations > 10_000) {
            throw new OrbitscopeException("t-SNE iterations must be between 250 and 10000, got " + iterations
                    + " (smile's exact t-SNE needs 250 for its early-exaggeration phase).");
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
     * Refuses a run that cannot work: too few points for the perplexity, or more points than exact
     * t-SNE fits in memory (it keeps n x n distances, P and Q, so memory grows with n squared).
     *
     * @param points number of points to embed
     * @param maxHeapBytes the heap limit, usually {@code Runtime.getRuntime().maxMemory()}
     * @throws OrbitscopeException if the run would fail or not fit
     */
    public void checkFits(int points, long maxHeapBytes) {
        if (points < 4) {
            throw new OrbitscopeException("t-SNE needs at least 4 points, got " + points + ".");
        }
        if (3 * perplexity >= points) {
            throw new OrbitscopeException("t-SNE perplexity " + perplexity + " is too large for " + points
                    + " points: use at most " + ((points - 1) / 3) + ".");
        }
        long need = memoryBytes(points);
        if (points > MAX_POINTS || need > maxHeapBytes * 0.7) {
            throw new OrbitscopeException(String.format(java.util.Locale.ROOT,
                    "Exact t-SNE of %d points needs about %.1f GB for its %d x %d distance and affinity matrices "
                            + "(memory grows with the square of the points) and %s; use fewer samples (at most %d "
                            + "points here).", points, need / 1e9, points, points,
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
