package org.orbitscope.metrics;

import org.orbitscope.model.Classifier;

/** Input Jacobians {@code d f(x) / d x} of a network and their largest singular values. */
public final class Jacobians {

    private Jacobians() {
    }

    /**
     * Computes the Jacobian of every sample in a batch: one forward pass, then one backward pass per
     * logit.
     *
     * @param net the network (its last-pass buffers are overwritten)
     * @param x inputs, {@code n x d}
     * @param n number of samples
     * @return {@code n} Jacobians of {@code k x d}, row-major, concatenated
     */
    public static float[] of(Classifier net, float[] x, int n) {
        int k = net.outputs();
        int d = net.inputs();
        net.forward(x, n);
        float[] jac = new float[n * k * d];
        float[] seed = new float[n * k];
        float[] grad = new float[n * d];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.fill(seed, 0f);
            for (int r = 0; r < n; r++) {
                seed[r * k + c] = 1f;
            }
            net.inputGradient(seed, grad);
            for (int r = 0; r < n; r++) {
                System.arraycopy(grad, r * d, jac, (r * k + c) * d, d);
            }
        }
        return jac;
    }

    /**
     * {@code sigma_max(J(x))} for every sample of a batch (SPEC section 5, SigmaMax).
     *
     * @param net the network
     * @param x inputs, {@code n x d}
     * @param n number of samples
     * @return the largest singular value of each sample's {@code k x d} Jacobian
     */
    public static double[] sigmaMax(Classifier net, float[] x, int n) {
        int k = net.outputs();
        int d = net.inputs();
        float[] jac = of(net, x, n);
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = SpectralNorm.of(jac, r * k * d, k, d);
        }
        return out;
    }
}
