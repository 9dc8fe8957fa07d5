package org.orbitscope.analysis.embedding;

/**
 * The repulsive half of the t-SNE gradient over a 2-D layout, with the normalization of Q: computed exactly,
 * through a quadtree (Barnes-Hut) or by interpolation on a grid and FFT convolution (FIt-SNE).
 */
public interface Repulsion {

    /**
     * @param y the layout, x and y interleaved, {@code 2n} values
     * @param n number of points
     * @param out receives the unnormalized repulsion {@code sum_j q_ij^2 (y_i - y_j)} of every point, interleaved,
     *     with {@code q_ij = 1 / (1 + |y_i - y_j|^2)}
     * @return Q's normalization {@code Z = sum_{i != j} q_ij}
     */
    double compute(double[] y, int n, double[] out);

    /**
     * The sums over all pairs, exactly: O(n²) time, no memory beyond one value per point. Each point's sum is
     * taken in a fixed order and the points' sums are added in index order, so the result is the same on any
     * number of threads.
     *
     * @param y the layout, x and y interleaved
     * @param n number of points
     * @param out receives {@code sum_j q_ij^2 (y_i - y_j)}, interleaved
     * @return {@code Z = sum_{i != j} q_ij}
     */
    static double exact(double[] y, int n, double[] out) {
        double[] z = new double[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double fx = 0;
            double fy = 0;
            double s = 0;
            double yx = y[2 * i];
            double yy = y[2 * i + 1];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dx = yx - y[2 * j];
                double dy = yy - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                s += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            out[2 * i] = fx;
            out[2 * i + 1] = fy;
            z[i] = s;
        });
        double sum = 0;
        for (double v : z) {
            sum += v;
        }
        return sum;
    }
}
