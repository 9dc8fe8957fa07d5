package org.orbitscope.analysis.embedding.umap;

import java.util.Arrays;

/**
 * UMAP's fuzzy simplicial set of a k-nearest-neighbour graph, as umap-learn's {@code fuzzy_simplicial_set} builds
 * it: each point's distance to its nearest neighbour ({@code rho}) and a scale ({@code sigma}, by bisection) such
 * that its memberships {@code exp(-(d - rho) / sigma)} sum to {@code log2(k)}, then the fuzzy union of the
 * directed graph and its transpose, {@code w = p + p' - p p'}. The edges are kept in both directions, ordered by
 * row then column, as the layout's optimization visits them.
 *
 * <p>A neighbourhood of k counts the point itself (umap-learn's convention), so each point has {@code k - 1}
 * neighbours here and the means of its distances include its zero distance to itself.
 */
public final class FuzzyGraph {

    private static final int BISECTION_STEPS = 64;
    private static final double SMOOTH_K_TOLERANCE = 1e-5;
    private static final double MIN_K_DIST_SCALE = 1e-3;

    private final int points;
    private final int[] head;
    private final int[] tail;
    private final double[] weight;
    private final double[] rho;
    private final double[] sigma;

    private FuzzyGraph(int points, int[] head, int[] tail, double[] weight, double[] rho, double[] sigma) {
        this.points = points;
        this.head = head;
        this.tail = tail;
        this.weight = weight;
        this.rho = rho;
        this.sigma = sigma;
    }

    /**
     * @param neighbours each point's {@code k - 1} nearest other points, nearest first
     * @param distances their Euclidean distances, ascending
     * @param k the neighbourhood size, the point itself included
     * @return the graph
     * @throws IllegalArgumentException if a row has not {@code k - 1} neighbours
     */
    public static FuzzyGraph of(int[][] neighbours, double[][] distances, int k) {
        int n = neighbours.length;
        for (int i = 0; i < n; i++) {
            if (neighbours[i].length != k - 1 || distances[i].length != k - 1) {
                throw new IllegalArgumentException("point " + i + " has " + neighbours[i].length
                        + " neighbours, expected " + (k - 1));
            }
        }
        double[] rho = new double[n];
        double[] sigma = new double[n];
        double total = 0;
        for (double[] row : distances) {
            for (double d : row) {
                total += d;
            }
        }
        double meanAll = total / ((double) n * k);
        double target = Math.log(k) / Math.log(2);
        for (int i = 0; i < n; i++) {
            smooth(distances[i], k, target, meanAll, i, rho, sigma);
        }
        // the directed memberships, each row sorted by column for the transpose's look-ups
        int m = k - 1;
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        for (int i = 0; i < n; i++) {
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                order[j] = j;
            }
            int[] nb = neighbours[i];
            Arrays.sort(order, (p, q) -> Integer.compare(nb[p], nb[q]));
            cols[i] = new int[m];
            vals[i] = new double[m];
            for (int j = 0; j < m; j++) {
                int o = order[j];
                double d = distances[i][o] - rho[i];
                cols[i][j] = nb[o];
                vals[i][j] = nb[o] == i ? 0 : d <= 0 || sigma[i] == 0 ? 1 : Math.exp(-d / sigma[i]);
            }
        }
        // the union: every edge of either direction once per direction, a row's edges in column order
        int[][] outCols = new int[n][];
        double[][] outVals = new double[n][];
        int[] extra = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                int c = cols[i][j];
                if (Arrays.binarySearch(cols[c], i) < 0) {
                    extra[c]++; // (c, i) exists only through the transpose
                }
            }
        }
        for (int i = 0; i < n; i++) {
            outCols[i] = new int[m + extra[i]];
            outVals[i] = new double[m + extra[i]];
            System.arraycopy(cols[i], 0, outCols[i], 0, m);
            extra[i] = m;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                int c = cols[i][j];
                double p = vals[i][j];
                int back = Arrays.binarySearch(cols[c], i);
                double q = back >= 0 ? vals[c][back] : 0;
                outVals[i][j] = p + q - p * q;
                if (back < 0) {
                    outCols[c][extra[c]] = i;
                    outVals[c][extra[c]++] = p;
                }
            }
        }
        int edges = 0;
        for (int i = 0; i < n; i++) {
            sortRow(outCols[i], outVals[i]);
            for (double v : outVals[i]) {
                edges += v > 0 ? 1 : 0;
            }
        }
        int[] head = new int[edges];
        int[] tail = new int[edges];
        double[] weight = new double[edges];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < outCols[i].length; j++) {
                if (outVals[i][j] > 0) {
                    head[e] = i;
                    tail[e] = outCols[i][j];
                    weight[e++] = outVals[i][j];
                }
            }
        }
        return new FuzzyGraph(n, head, tail, weight, rho, sigma);
    }

    /** umap-learn's {@code smooth_knn_dist} for one point with local connectivity 1 and bandwidth 1. */
    private static void smooth(double[] d, int k, double target, double meanAll, int i, double[] rho,
            double[] sigma) {
        double r = 0;
        for (double v : d) {
            if (v > 0) {
                r = v; // the nearest non-zero distance
                break;
            }
        }
        rho[i] = r;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double psum = 0;
            for (double v : d) {
                double t = v - r;
                psum += t > 0 ? Math.exp(-t / mid) : 1;
            }
            if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
                break;
            }
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2;
            } else {
                lo = mid;
                mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
            }
        }
        double floor;
        if (r > 0) {
            double s = 0;
            for (double v : d) {
                s += v;
            }
            floor = MIN_K_DIST_SCALE * s / k; // the mean over k distances, the zero to itself among them
        } else {
            floor = MIN_K_DIST_SCALE * meanAll;
        }
        sigma[i] = Math.max(mid, floor);
    }

    private static void sortRow(int[] cols, double[] vals) {
        Integer[] order = new Integer[cols.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (p, q) -> Integer.compare(cols[p], cols[q]));
        int[] c = cols.clone();
        double[] v = vals.clone();
        for (int j = 0; j < order.length; j++) {
            cols[j] = c[order[j]];
            vals[j] = v[order[j]];
        }
    }

    /** @return number of points */
    public int points() {
        return points;
    }

    /** @return number of directed edges (each undirected edge twice) */
    public int edges() {
        return head.length;
    }

    /**
     * @param e an edge
     * @return its first point
     */
    public int head(int e) {
        return head[e];
    }

    /**
     * @param e an edge
     * @return its second point
     */
    public int tail(int e) {
        return tail[e];
    }

    /**
     * @param e an edge
     * @return its membership, in (0, 1]
     */
    public double weight(int e) {
        return weight[e];
    }

    /**
     * @param i a point
     * @return its distance to its nearest neighbour at a non-zero distance (0 if it has none)
     */
    public double rho(int i) {
        return rho[i];
    }

    /**
     * @param i a point
     * @return its distance scale
     */
    public double sigma(int i) {
        return sigma[i];
    }
}
