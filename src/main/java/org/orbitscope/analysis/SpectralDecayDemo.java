package org.orbitscope.analysis;

import org.orbitscope.metrics.SpectralNorm;

/**
 * Proposition 3.1 of the paper (invariance-induced spectral decay) on a linear model {@code h(x) = W x}:
 * minimizing the logit invariance error {@code 0.5 ||W x - W G x||^2} never increases
 * {@code sigma_max(W)}.
 *
 * <p>Gradient flow: {@code dW/dt = -W Sigma} with {@code Sigma = eps eps^T}, {@code eps = x - G x},
 * solved exactly as {@code W(t) = W(0) exp(-Sigma t)}; Sigma has rank one, so
 * {@code exp(-Sigma t) = I - (1 - exp(-t |eps|^2)) eps eps^T / |eps|^2}. The discrete variant runs
 * gradient descent on the mean error over several pairs {@code (x_i, G_i x_i)}.
 */
public final class SpectralDecayDemo {

    private SpectralDecayDemo() {
    }

    /**
     * Exact gradient flow for one pair.
     *
     * @param w0 {@code W(0)}, {@code k x d} row-major
     * @param k rows of W (outputs)
     * @param d columns of W (inputs)
     * @param eps {@code x - G x}, {@code d} values, not all zero
     * @param times times {@code t >= 0}
     * @return {@code sigma_max(W(t))} for each time
     */
    public static double[] gradientFlow(double[] w0, int k, int d, double[] eps, double[] times) {
        check(w0, k, d);
        if (eps.length != d) {
            throw new IllegalArgumentException("eps has " + eps.length + " values, expected " + d);
        }
        double e2 = 0;
        for (double v : eps) {
            e2 += v * v;
        }
        if (!(e2 > 0)) {
            throw new IllegalArgumentException("eps must not be zero");
        }
        double[] we = new double[k];
        for (int r = 0; r < k; r++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += w0[r * d + c] * eps[c];
            }
            we[r] = s;
        }
        double[] out = new double[times.length];
        double[] w = new double[k * d];
        for (int t = 0; t < times.length; t++) {
            if (!(times[t] >= 0)) {
                throw new IllegalArgumentException("time must be >= 0, got " + times[t]);
            }
            double f = -Math.expm1(-times[t] * e2) / e2;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < d; c++) {
                    w[r * d + c] = w0[r * d + c] - f * we[r] * eps[c];
                }
            }
            out[t] = sigmaMax(w, k, d);
        }
        return out;
    }

    /**
     * Discrete gradient descent on {@code LI = mean_i 0.5 ||W eps_i||^2}:
     * {@code W <- W - lr * W * mean_i eps_i eps_i^T}, with {@code lr = 1 / trace(mean_i eps_i eps_i^T)},
     * which bounds {@code lr * lambda_max <= 1} so that every step is a contraction.
     *
     * @param w0 {@code W(0)}, {@code k x d} row-major (not modified)
     * @param k rows
     * @param d columns
     * @param eps {@code n x d} differences {@code x_i - G_i x_i}, not all zero
     * @param n number of pairs
     * @param steps number of steps
     * @return {@code sigma_max(W)} before the first step and after each step ({@code steps + 1} values)
     */
    public static double[] gradientDescent(double[] w0, int k, int d, double[] eps, int n, int steps) {
        check(w0, k, d);
        if (eps.length != n * d || n < 1) {
            throw new IllegalArgumentException("eps must hold " + n + " x " + d + " values");
        }
        double trace = 0;
        for (double v : eps) {
            trace += v * v;
        }
        trace /= n;
        if (!(trace > 0)) {
            throw new IllegalArgumentException("all eps are zero");
        }
        double lr = 1 / trace;
        double[] w = w0.clone();
        double[] out = new double[steps + 1];
        out[0] = sigmaMax(w, k, d);
        double[] we = new double[k * n];
        for (int step = 1; step <= steps; step++) {
            for (int r = 0; r < k; r++) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += w[r * d + c] * eps[i * d + c];
                    }
                    we[r * n + i] = s;
                }
            }
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < d; c++) {
                    double g = 0;
                    for (int i = 0; i < n; i++) {
                        g += we[r * n + i] * eps[i * d + c];
                    }
                    w[r * d + c] -= lr * g / n;
                }
            }
            out[step] = sigmaMax(w, k, d);
        }
        return out;
    }

    /**
     * @param w {@code k x d} row-major
     * @param k rows
     * @param d columns
     * @return the largest singular value, through the eigenvalues of {@code W W^T}
     */
    public static double sigmaMax(double[] w, int k, int d) {
        double[][] gram = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += w[a * d + c] * w[b * d + c];
                }
                gram[a][b] = s;
                gram[b][a] = s;
            }
        }
        double max = 0;
        for (double e : SpectralNorm.symmetricEigenvalues(gram)) {
            max = Math.max(max, e);
        }
        return Math.sqrt(max);
    }

    private static void check(double[] w, int k, int d) {
        if (k < 1 || d < 1 || w.length != k * d) {
            throw new IllegalArgumentException("W must hold " + k + " x " + d + " values");
        }
    }
}
