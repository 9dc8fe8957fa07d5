package org.orbitscope.analysis.embedding.umap;

import org.orbitscope.OrbitscopeException;

/**
 * Settings of one UMAP run, checked in the compact constructor; the defaults are umap-learn's.
 *
 * @param neighbours size of each point's neighbourhood, the point itself included (umap-learn's
 *     {@code n_neighbors}), 2-200
 * @param minDist how tightly the layout may pack points ({@code min_dist}), 0 to {@code spread}
 * @param spread the scale of the layout's distances ({@code spread}), above 0, at most 10
 * @param epochs passes over the graph, 10-5000, or 0 for umap-learn's choice by size ({@link #epochsFor})
 * @param negativeSampleRate points pushed away per attraction ({@code negative_sample_rate}), 1-50
 * @param seed seed of the start's jitter and of the negative samples
 */
public record UmapSettings(int neighbours, double minDist, double spread, int epochs, int negativeSampleRate,
        long seed) {

    /** Default neighbourhood, the point itself included. */
    public static final int DEFAULT_NEIGHBOURS = 15;
    /** Default minimum distance. */
    public static final double DEFAULT_MIN_DIST = 0.1;
    /** Default spread. */
    public static final double DEFAULT_SPREAD = 1;
    /** Default negative samples per attraction. */
    public static final int DEFAULT_NEGATIVE_SAMPLE_RATE = 5;
    /** Most points for which the default number of epochs is {@value #SMALL_EPOCHS}. */
    public static final int SMALL_FROM = 10_000;
    /** Default epochs up to {@value #SMALL_FROM} points. */
    public static final int SMALL_EPOCHS = 500;
    /** Default epochs beyond {@value #SMALL_FROM} points. */
    public static final int LARGE_EPOCHS = 200;
    /** Largest point count UMAP is allowed on (its exact neighbour search is O(n²) in time). */
    public static final int MAX_POINTS = 250_000;

    /** umap-learn's defaults with seed 0. */
    public static final UmapSettings DEFAULT = new UmapSettings(DEFAULT_NEIGHBOURS, DEFAULT_MIN_DIST, DEFAULT_SPREAD,
            0, DEFAULT_NEGATIVE_SAMPLE_RATE, 0);

    /** Checks every argument and says which one is wrong. */
    public UmapSettings {
        if (neighbours < 2 || neighbours > 200) {
            throw new OrbitscopeException("UMAP neighbours must be between 2 and 200 (15 is usual), got "
                    + neighbours + ".");
        }
        if (!(spread > 0 && spread <= 10)) {
            throw new OrbitscopeException("UMAP spread must be above 0 and at most 10 (1 is usual), got " + spread
                    + ".");
        }
        if (!(minDist >= 0 && minDist <= spread)) {
            throw new OrbitscopeException("UMAP minimum distance must be between 0 and the spread " + spread
                    + " (0.1 is usual), got " + minDist + ".");
        }
        if (epochs != 0 && (epochs < 10 || epochs > 5000)) {
            throw new OrbitscopeException("UMAP epochs must be between 10 and 5000, or 0 for the default by size, got "
                    + epochs + ".");
        }
        if (negativeSampleRate < 1 || negativeSampleRate > 50) {
            throw new OrbitscopeException("UMAP negative sample rate must be between 1 and 50 (5 is usual), got "
                    + negativeSampleRate + ".");
        }
    }

    /**
     * @param s a seed
     * @return these settings with that seed
     */
    public UmapSettings withSeed(long s) {
        return new UmapSettings(neighbours, minDist, spread, epochs, negativeSampleRate, s);
    }

    /**
     * @param points number of points
     * @return the epochs to run: the given number, or umap-learn's default, {@value #SMALL_EPOCHS} up to
     *     {@value #SMALL_FROM} points and {@value #LARGE_EPOCHS} beyond
     */
    public int epochsFor(int points) {
        return epochs != 0 ? epochs : points <= SMALL_FROM ? SMALL_EPOCHS : LARGE_EPOCHS;
    }

    /**
     * Refuses a run that cannot work.
     *
     * @param points number of points to lay out
     * @throws OrbitscopeException for fewer points than a neighbourhood or more than {@value #MAX_POINTS}
     */
    public void checkFits(int points) {
        if (points <= neighbours) {
            throw new OrbitscopeException("UMAP with " + neighbours + " neighbours needs more than " + neighbours
                    + " points, got " + points + ".");
        }
        if (points > MAX_POINTS) {
            throw new OrbitscopeException("UMAP is limited to " + MAX_POINTS + " points, got " + points + ".");
        }
    }
}
