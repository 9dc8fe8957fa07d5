package org.orbitscope.train;

import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.model.Regularizer;

/**
 * Loss values and their gradients w.r.t. the logits, on row-major {@code n x k} arrays. All losses are
 * means over the batch, so gradients carry a {@code 1/n} factor.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Softmax cross-entropy. Writes {@code dL/dz = (softmax(z) - onehot(y)) / n} into {@code grad}.
     *
     * @param z logits, at least {@code n x k}
     * @param labels true classes
     * @param n rows
     * @param k classes
     * @param grad output gradient, at least {@code n x k} (overwritten on the first {@code n} rows)
     * @return mean cross-entropy
     */
    public static double crossEntropy(float[] z, int[] labels, int n, int k, float[] grad) {
        double sum = 0;
        float invN = 1f / n;
        for (int r = 0; r < n; r++) {
            int o = r * k;
            double lse = InvarianceErrors.logSumExp(z, o, k);
            int y = labels[r];
            sum += lse - z[o + y];
            for (int j = 0; j < k; j++) {
                float p = (float) Math.exp(z[o + j] - lse);
                grad[o + j] = (p - (j == y ? 1f : 0f)) * invN;
            }
        }
        return sum / n;
    }

    /**
     * Invariance regularizer between rows {@code a} (f(x)) and {@code b} (f(gx)), averaged over the batch;
     * adds {@code nu * dR/da} and {@code nu * dR/db} (with the {@code 1/n} factor) to the gradients.
     * The gradient flows through both logits.
     *
     * @param reg the regularizer
     * @param z logits holding both rows
     * @param aOff offset of the first {@code a} row
     * @param bOff offset of the first {@code b} row
     * @param n pairs
     * @param k classes
     * @param nu weight of the regularizer in the loss
     * @param grad gradient array with the same layout as {@code z} (added to)
     * @return the mean regularizer value (without {@code nu})
     */
    public static double regularizer(Regularizer reg, float[] z, int aOff, int bOff, int n, int k, double nu,
            float[] grad) {
        double sum = 0;
        double scale = nu / n;
        double[] p = new double[k];
        double[] q = new double[k];
        for (int r = 0; r < n; r++) {
            int a = aOff + r * k;
            int b = bOff + r * k;
            switch (reg) {
                case L2 -> {
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        double d = (double) z[a + j] - z[b + j];
                        s += d * d;
                        grad[a + j] += (float) (scale * d);
                        grad[b + j] -= (float) (scale * d);
                    }
                    sum += 0.5 * s;
                }
                case L2NORM -> {
                    double diff2 = 0;
                    double norm2 = 0;
                    for (int j = 0; j < k; j++) {
                        double d = (double) z[a + j] - z[b + j];
                        diff2 += d * d;
                        norm2 += (double) z[a + j] * z[a + j];
                    }
                    norm2 = Math.max(norm2, 1e-12);
                    sum += diff2 / norm2;
                    for (int j = 0; j < k; j++) {
                        double d = (double) z[a + j] - z[b + j];
                        grad[a + j] += (float) (scale * (2 * d / norm2 - 2 * diff2 * z[a + j] / (norm2 * norm2)));
                        grad[b + j] -= (float) (scale * 2 * d / norm2);
                    }
                }
                case KL -> {
                    double lzp = InvarianceErrors.logSumExp(z, a, k);
                    double lzq = InvarianceErrors.logSumExp(z, b, k);
                    double kl = 0;
                    for (int j = 0; j < k; j++) {
                        double logp = z[a + j] - lzp;
                        double logq = z[b + j] - lzq;
                        p[j] = Math.exp(logp);
                        q[j] = Math.exp(logq);
                        kl += p[j] * (logp - logq);
                    }
                    sum += kl;
                    for (int j = 0; j < k; j++) {
                        double logRatio = (z[a + j] - lzp) - (z[b + j] - lzq);
                        grad[a + j] += (float) (scale * p[j] * (logRatio - kl));
                        grad[b + j] += (float) (scale * (q[j] - p[j]));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return sum / n;
    }
}
