package org.orbitscope.metrics;

/**
 * Per-sample invariance errors between the logits of {@code x} and of {@code g x} (SPEC section 5, paper
 * equations 1 and 2). Pure functions on row-major arrays of {@code n x k} logits.
 */
public final class InvarianceErrors {

    private InvarianceErrors() {
    }

    /**
     * Logit invariance error {@code LI = 0.5 * ||f(x) - f(gx)||^2} of one pair of rows.
     *
     * @param fx logits of x
     * @param fxOff offset of the row in {@code fx}
     * @param fgx logits of g x
     * @param fgxOff offset of the row in {@code fgx}
     * @param k number of classes
     * @return the error, {@code >= 0}
     */
    public static double logit(float[] fx, int fxOff, float[] fgx, int fgxOff, int k) {
        double s = 0;
        for (int j = 0; j < k; j++) {
            double d = (double) fx[fxOff + j] - fgx[fgxOff + j];
            s += d * d;
        }
        return 0.5 * s;
    }

    /**
     * Predictive distribution invariance error {@code DI = KL(softmax f(x) || softmax f(gx))} of one pair
     * of rows, computed with log-sum-exp in double precision.
     *
     * @param fx logits of x
     * @param fxOff offset of the row in {@code fx}
     * @param fgx logits of g x
     * @param fgxOff offset of the row in {@code fgx}
     * @param k number of classes
     * @return the divergence, {@code >= 0}
     */
    public static double distribution(float[] fx, int fxOff, float[] fgx, int fgxOff, int k) {
        double lzp = logSumExp(fx, fxOff, k);
        double lzq = logSumExp(fgx, fgxOff, k);
        double kl = 0;
        for (int j = 0; j < k; j++) {
            double logp = fx[fxOff + j] - lzp;
            double logq = fgx[fgxOff + j] - lzq;
            kl += Math.exp(logp) * (logp - logq);
        }
        return Math.max(0.0, kl);
    }

    /**
     * @param z values
     * @param off offset of the row
     * @param k row length
     * @return {@code log(sum(exp(z)))}, stable for large values
     */
    public static double logSumExp(float[] z, int off, int k) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            m = Math.max(m, z[off + j]);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            s += Math.exp(z[off + j] - m);
        }
        return m + Math.log(s);
    }

    /**
     * @param z logits
     * @param off offset of the row
     * @param k row length
     * @return the index of the largest logit (the first on ties)
     */
    public static int argmax(float[] z, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (z[off + j] > z[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
