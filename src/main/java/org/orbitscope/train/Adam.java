package org.orbitscope.train;

import org.orbitscope.model.Parameters;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in the form of PyTorch's {@code torch.optim.Adam}
 * (no weight decay): {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}.
 */
public final class Adam {

    /** First-moment decay. */
    public static final double BETA1 = 0.9;
    /** Second-moment decay. */
    public static final double BETA2 = 0.999;
    /** Denominator epsilon. */
    public static final double EPS = 1e-8;

    private final double lr;
    private final Parameters m;
    private final Parameters v;
    private long step;

    /**
     * @param shape parameters whose shape the moments take
     * @param learningRate step size, e.g. 8e-4
     */
    public Adam(Parameters shape, double learningRate) {
        this(learningRate, zeros(shape), zeros(shape), 0);
    }

    /**
     * Restores an optimizer from saved state.
     *
     * @param learningRate step size
     * @param m first moments
     * @param v second moments
     * @param step number of steps taken
     */
    public Adam(double learningRate, Parameters m, Parameters v, long step) {
        this.lr = learningRate;
        this.m = m;
        this.v = v;
        this.step = step;
    }

    private static Parameters zeros(Parameters shape) {
        return new Parameters(shape.sizes());
    }

    /**
     * Applies one update.
     *
     * @param params parameters, updated in place
     * @param grads their gradients
     */
    public void update(Parameters params, Parameters grads) {
        step++;
        double bc1 = 1 - Math.pow(BETA1, step);
        double bc2 = 1 - Math.pow(BETA2, step);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float eps = (float) EPS;
        for (int l = 0; l < params.layers(); l++) {
            apply(params.weight(l), grads.weight(l), m.weight(l), v.weight(l), b1, b2, stepSize, invSqrtBc2, eps);
            apply(params.bias(l), grads.bias(l), m.bias(l), v.bias(l), b1, b2, stepSize, invSqrtBc2, eps);
        }
    }

    private static void apply(float[] p, float[] g, float[] m, float[] v, float b1, float b2, float stepSize,
            float invSqrtBc2, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + eps);
        }
    }

    /** @return first moments (live) */
    public Parameters firstMoments() {
        return m;
    }

    /** @return second moments (live) */
    public Parameters secondMoments() {
        return v;
    }

    /** @return steps taken */
    public long step() {
        return step;
    }

    /** @return the learning rate */
    public double learningRate() {
        return lr;
    }
}
