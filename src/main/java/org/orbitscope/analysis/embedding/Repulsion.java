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
}
