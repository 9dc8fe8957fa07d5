package org.orbitscope.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.orbitscope.model.Classifier;

/**
 * Input attributions of one logit per sample, batched: all samples x integration steps (or noisy copies)
 * go through the network in forward/backward batches of about {@link Classifier#passRows()} rows.
 *
 * <p>Integrated gradients (Sundararajan et al. 2017) with the midpoint Riemann rule:
 * {@code a(x) = (x - x0) * (1/S) * sum_{s=0}^{S-1} grad f_c(x0 + (s + 0.5)/S * (x - x0))}.
 */
public final class Attributions {

    /** Rows per forward pass of the metrics that batch orbits (LI, DI, profiles), for native networks. */
    public static final int CHUNK_ROWS = Classifier.LARGE_PASS_ROWS;

    private Attributions() {
    }

    /**
     * Attributions by the method of the settings.
     *
     * @param net network (its buffers are overwritten)
     * @param x inputs, {@code n x d} (normalized)
     * @param n number of samples
     * @param targets attributed class per sample
     * @param baseline the {@code d}-value baseline image (normalized), used by integrated gradients
     * @param settings method, steps, SmoothGrad samples and noise
     * @param seed SmoothGrad noise seed
     * @return {@code n x d} attributions (raw, before post-processing)
     */
    public static float[] compute(Classifier net, float[] x, int n, int[] targets, float[] baseline,
            SaliencySettings settings, long seed) {
        return switch (settings.method()) {
            case INTEGRATED_GRADIENTS -> integratedGradients(net, x, n, targets, baseline, settings.steps());
            case GRADIENT -> gradients(net, x, n, targets);
            case SMOOTHGRAD -> smoothGrad(net, x, n, targets, settings.smoothSamples(), settings.smoothNoise(), seed);
        };
    }

    /**
     * Gradient of the target logit w.r.t. the input, for every row.
     *
     * @param net network
     * @param x inputs, {@code n x d}
     * @param n rows
     * @param targets class per row
     * @return {@code n x d} gradients
     */
    public static float[] gradients(Classifier net, float[] x, int n, int[] targets) {
        int d = net.inputs();
        int k = net.outputs();
        float[] out = new float[n * d];
        int chunk = Math.max(1, Math.min(n, net.passRows()));
        float[] buf = new float[chunk * d];
        float[] seedBuf = new float[chunk * k];
        float[] grad = new float[chunk * d];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            System.arraycopy(x, start * d, buf, 0, m * d);
            net.forward(buf, m);
            Arrays.fill(seedBuf, 0f);
            for (int r = 0; r < m; r++) {
                seedBuf[r * k + checkTarget(targets[start + r], k)] = 1f;
            }
            net.inputGradient(seedBuf, grad);
            System.arraycopy(grad, 0, out, start * d, m * d);
        }
        return out;
    }

    /**
     * Integrated gradients with the midpoint rule, batched over samples x steps.
     *
     * @param net network
     * @param x inputs, {@code n x d}
     * @param n samples
     * @param targets attributed class per sample
     * @param baseline {@code d} values
     * @param steps number of steps S (SPEC: 50)
     * @return {@code n x d} attributions
     */
    public static float[] integratedGradients(Classifier net, float[] x, int n, int[] targets, float[] baseline,
            int steps) {
        int d = net.inputs();
        int k = net.outputs();
        if (baseline.length != d) {
            throw new IllegalArgumentException("baseline has " + baseline.length + " values, expected " + d);
        }
        float[] out = new float[n * d];
        int per = Math.max(1, Math.min(n, net.passRows() / steps));
        int rowsMax = per * steps;
        float[] buf = new float[rowsMax * d];
        float[] seedBuf = new float[rowsMax * k];
        float[] grad = new float[rowsMax * d];
        float[] alpha = new float[steps];
        for (int s = 0; s < steps; s++) {
            alpha[s] = (float) ((s + 0.5) / steps);
        }
        double[] acc = new double[d];
        for (int start = 0; start < n; start += per) {
            int m = Math.min(per, n - start);
            int rows = m * steps;
            for (int i = 0; i < m; i++) {
                int xo = (start + i) * d;
                for (int s = 0; s < steps; s++) {
                    int o = (i * steps + s) * d;
                    float a = alpha[s];
                    for (int p = 0; p < d; p++) {
                        buf[o + p] = baseline[p] + a * (x[xo + p] - baseline[p]);
                    }
                }
            }
            net.forward(buf, rows);
            Arrays.fill(seedBuf, 0, rows * k, 0f);
            for (int i = 0; i < m; i++) {
                int c = checkTarget(targets[start + i], k);
                for (int s = 0; s < steps; s++) {
                    seedBuf[(i * steps + s) * k + c] = 1f;
                }
            }
            net.inputGradient(seedBuf, grad);
            for (int i = 0; i < m; i++) {
                Arrays.fill(acc, 0);
                for (int s = 0; s < steps; s++) {
                    int o = (i * steps + s) * d;
                    for (int p = 0; p < d; p++) {
                        acc[p] += grad[o + p];
                    }
                }
                int xo = (start + i) * d;
                for (int p = 0; p < d; p++) {
                    out[xo + p] = (float) ((x[xo + p] - baseline[p]) * acc[p] / steps);
                }
            }
        }
        return out;
    }

    /**
     * SmoothGrad: the target logit's gradient averaged over {@code samples} copies of each input with
     * independent Gaussian noise of standard deviation {@code noise} added.
     *
     * @param net network
     * @param x inputs, {@code n x d}
     * @param n samples
     * @param targets class per sample
     * @param samples noisy copies per sample
     * @param noise noise standard deviation (normalized units)
     * @param seed noise seed
     * @return {@code n x d} attributions
     */
    public static float[] smoothGrad(Classifier net, float[] x, int n, int[] targets, int samples, double noise,
            long seed) {
        int d = net.inputs();
        float[] noisy = new float[n * samples * d];
        int[] t = new int[n * samples];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < samples; s++) {
                int o = (i * samples + s) * d;
                t[i * samples + s] = targets[i];
                for (int p = 0; p < d; p++) {
                    noisy[o + p] = x[i * d + p] + (float) (noise * gaussian(rng));
                }
            }
        }
        float[] g = gradients(net, noisy, n * samples, t);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < samples; s++) {
                int o = (i * samples + s) * d;
                for (int p = 0; p < d; p++) {
                    out[i * d + p] += g[o + p];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= samples;
        }
        return out;
    }

    /**
     * Completeness gap of integrated gradients per sample: {@code |sum(a) - (f_c(x) - f_c(x0))|}.
     *
     * @param net network
     * @param x inputs, {@code n x d}
     * @param n samples
     * @param targets attributed class per sample
     * @param baseline {@code d} values
     * @param attributions {@code n x d} attributions of those inputs
     * @return {@code n} gaps
     */
    public static double[] completenessGap(Classifier net, float[] x, int n, int[] targets, float[] baseline,
            float[] attributions) {
        int d = net.inputs();
        int k = net.outputs();
        float[] f0 = net.logits(baseline, 1);
        double[] gap = new double[n];
        int chunk = Math.max(1, Math.min(n, net.passRows()));
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            float[] logits = net.forward(Arrays.copyOfRange(x, start * d, (start + m) * d), m);
            for (int r = 0; r < m; r++) {
                int i = start + r;
                int c = targets[i];
                double sum = 0;
                for (int p = 0; p < d; p++) {
                    sum += attributions[i * d + p];
                }
                gap[i] = Math.abs(sum - ((double) logits[r * k + c] - f0[c]));
            }
        }
        return gap;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static int checkTarget(int c, int k) {
        if (c < 0 || c >= k) {
            throw new IllegalArgumentException("target class " + c + " outside 0.." + (k - 1));
        }
        return c;
    }
}
