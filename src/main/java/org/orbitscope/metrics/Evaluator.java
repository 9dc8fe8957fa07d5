package org.orbitscope.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.model.Classifier;

/**
 * Evaluates a network on full group orbits (SPEC section 5): Acc, LI, DI and SI over samples x all group
 * elements (identity included), SigmaMax on the identity orientation. Samples are processed in chunks
 * whose orbits (and integration steps) go through the network as large batches.
 */
public final class Evaluator {

    /** Samples whose orbits are built at once. */
    public static final int SAMPLE_CHUNK = 250;

    /** Progress and cancellation of a long evaluation. */
    public interface Listener {
        /**
         * @param done samples evaluated so far
         * @param total samples to evaluate
         */
        default void onProgress(int done, int total) {
        }

        /** @return true to stop; the evaluation then throws {@link CancellationException} */
        default boolean isCancelled() {
            return false;
        }
    }

    /** A listener that ignores progress and never cancels. */
    public static final Listener SILENT = new Listener() { };

    private Evaluator() {
    }

    /**
     * The normalized inputs of the first {@code n} samples of a split, identity orientation.
     *
     * @param split the split
     * @param n number of samples, at most {@code split.size()}
     * @param norm normalization
     * @return {@code n x 1296} values
     */
    public static float[] inputs(Split split, int n, Normalization norm) {
        if (n < 1 || n > split.size()) {
            throw new IllegalArgumentException("cannot take " + n + " samples of " + split);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        float[] x = new float[n * split.image(0).length];
        split.fill(idx, null, null, norm, x);
        return x;
    }

    /**
     * @param split the split
     * @param n number of samples
     * @return the labels of the first {@code n} samples
     */
    public static int[] labels(Split split, int n) {
        return Arrays.copyOf(split.labels(), n);
    }

    /**
     * The baseline image of the settings: constant {@code -mean/std} for BLACK, zeros for ZERO.
     *
     * @param settings settings
     * @param norm normalization
     * @param d input size
     * @return {@code d} values
     */
    public static float[] baseline(SaliencySettings settings, Normalization norm, int d) {
        float[] b = new float[d];
        if (settings.baseline() == SaliencySettings.Baseline.BLACK) {
            Arrays.fill(b, norm.apply(0f));
        }
        return b;
    }

    /**
     * Builds the orbits of a batch: row {@code i * order + g} is {@code g x_i}.
     *
     * @param x inputs, {@code n x pixels}
     * @param n samples
     * @param group group
     * @return {@code n * order x pixels} values
     */
    public static float[] orbits(float[] x, int n, Group group) {
        int d = group.pixels();
        int order = group.order();
        float[] out = new float[n * order * d];
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < order; g++) {
                group.apply(g, x, i * d, out, (i * order + g) * d);
            }
        }
        return out;
    }

    /**
     * Full evaluation on explicit inputs.
     *
     * @param net network (its buffers are overwritten)
     * @param x normalized inputs in identity orientation, {@code n x 1296}
     * @param y labels
     * @param n number of samples
     * @param group group whose orbits are evaluated
     * @param norm the model's normalization (for the black baseline)
     * @param settings saliency settings
     * @param dataset dataset id, recorded in the result
     * @param listener progress and cancellation
     * @return the evaluation
     * @throws CancellationException if the listener cancels
     */
    public static Evaluation evaluate(Classifier net, float[] x, int[] y, int n, Group group, Normalization norm,
            SaliencySettings settings, String dataset, Listener listener) {
        int d = group.pixels();
        int k = net.outputs();
        int order = group.order();
        int id = group.identity();
        if (x.length < n * d || y.length < n) {
            throw new IllegalArgumentException("fewer inputs or labels than " + n + " samples");
        }
        float[] base = baseline(settings, norm, d);
        float[] f0 = net.logits(base, 1);
        double[] acc = new double[n];
        double[] li = new double[n];
        double[] di = new double[n];
        double[] si = new double[n];
        double[] sigma = new double[n];
        double[] gap = new double[n];
        boolean ig = settings.method() == SaliencySettings.Method.INTEGRATED_GRADIENTS;
        for (int start = 0; start < n; start += SAMPLE_CHUNK) {
            if (listener.isCancelled()) {
                throw new CancellationException("evaluation cancelled");
            }
            int m = Math.min(SAMPLE_CHUNK, n - start);
            float[] xc = Arrays.copyOfRange(x, start * d, (start + m) * d);
            float[] orbit = orbits(xc, m, group);
            int rows = m * order;
            float[] logits = net.logits(orbit, rows);
            int[] targets = new int[rows];
            for (int i = 0; i < m; i++) {
                int s = start + i;
                int ref = (i * order + id) * k;
                int target = settings.target() == SaliencySettings.Target.TRUE_LABEL ? y[s]
                        : InvarianceErrors.argmax(logits, ref, k);
                double correct = 0;
                double l = 0;
                double dd = 0;
                for (int g = 0; g < order; g++) {
                    int o = (i * order + g) * k;
                    if (InvarianceErrors.argmax(logits, o, k) == y[s]) {
                        correct++;
                    }
                    l += InvarianceErrors.logit(logits, ref, logits, o, k);
                    dd += InvarianceErrors.distribution(logits, ref, logits, o, k);
                    targets[i * order + g] = target;
                }
                acc[s] = correct / order;
                li[s] = l / order;
                di[s] = dd / order;
            }
            float[] maps = Attributions.compute(net, orbit, rows, targets, base, settings, start);
            for (int i = 0; i < m; i++) {
                int s = start + i;
                if (!ig) {
                    gap[s] = Double.NaN;
                    continue;
                }
                int row = i * order + id;
                double sum = 0;
                for (int p = 0; p < d; p++) {
                    sum += maps[row * d + p];
                }
                int c = targets[row];
                gap[s] = Math.abs(sum - ((double) logits[row * k + c] - f0[c]));
            }
            SaliencyMaps.postprocess(maps, rows, d, settings);
            System.arraycopy(SaliencyMaps.invariance(maps, m, group), 0, si, start, m);
            System.arraycopy(Jacobians.sigmaMax(net, xc, m), 0, sigma, start, m);
            listener.onProgress(start + m, n);
        }
        Map<String, double[]> per = new LinkedHashMap<>();
        per.put(Evaluation.ACC, acc);
        per.put(Evaluation.LI, li);
        per.put(Evaluation.DI, di);
        per.put(Evaluation.SI, si);
        per.put(Evaluation.SIGMA_MAX, sigma);
        per.put(Evaluation.IG_GAP, gap);
        return new Evaluation(dataset, group.id(), n, settings,
                Stats.mean(acc), Stats.mean(li), Stats.mean(di), Stats.mean(si), Stats.mean(sigma),
                Stats.mean(gap), per);
    }

    /**
     * Output-level metrics only (Acc, LI, DI over full orbits), without saliency: what the drift study
     * needs.
     *
     * @param net network
     * @param x normalized inputs, identity orientation, {@code n x 1296}
     * @param y labels
     * @param n samples
     * @param group group
     * @return {@code {Acc, LI, DI}} means
     */
    public static double[] outputs(Classifier net, float[] x, int[] y, int n, Group group) {
        return outputs(net, x, y, n, group, null);
    }

    /** Sees every forward pass of {@link #outputs}, right after it, while the model still holds its activations. */
    @FunctionalInterface
    public interface OrbitBatches {
        /**
         * @param net the model, holding the activations of the pass
         * @param orbits whole orbits in the pass (row {@code i * |G| + g} is {@code g x_i})
         */
        void onBatch(Classifier net, int orbits);
    }

    /**
     * {@link #outputs(Classifier, float[], int[], int, Group)} that also shows each forward pass to an
     * observer, so that more can be read from the same pass (the training monitor's layer invariance).
     *
     * @param net network
     * @param x normalized inputs, identity orientation, {@code n x 1296}
     * @param y labels
     * @param n samples
     * @param group group
     * @param observer called after each pass, or {@code null}
     * @return {@code {Acc, LI, DI}} means
     */
    public static double[] outputs(Classifier net, float[] x, int[] y, int n, Group group, OrbitBatches observer) {
        int d = group.pixels();
        int k = net.outputs();
        int order = group.order();
        int id = group.identity();
        double correct = 0;
        double l = 0;
        double dd = 0;
        int chunk = Math.max(1, Attributions.CHUNK_ROWS / order);
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            float[] orbit = orbits(Arrays.copyOfRange(x, start * d, (start + m) * d), m, group);
            float[] logits = net.forward(orbit, m * order);
            for (int i = 0; i < m; i++) {
                int ref = (i * order + id) * k;
                for (int g = 0; g < order; g++) {
                    int o = (i * order + g) * k;
                    if (InvarianceErrors.argmax(logits, o, k) == y[start + i]) {
                        correct++;
                    }
                    l += InvarianceErrors.logit(logits, ref, logits, o, k);
                    dd += InvarianceErrors.distribution(logits, ref, logits, o, k);
                }
            }
            if (observer != null) {
                observer.onBatch(net, m);
            }
        }
        double total = (double) n * order;
        return new double[] {correct / total, l / total, dd / total};
    }

    /**
     * Mean SigmaMax of the first {@code n} inputs.
     *
     * @param net network
     * @param x normalized inputs, {@code n x d}
     * @param n samples
     * @return mean largest singular value of the input Jacobian
     */
    public static double sigmaMax(Classifier net, float[] x, int n) {
        int d = net.inputs();
        double s = 0;
        for (int start = 0; start < n; start += SAMPLE_CHUNK) {
            int m = Math.min(SAMPLE_CHUNK, n - start);
            for (double v : Jacobians.sigmaMax(net, Arrays.copyOfRange(x, start * d, (start + m) * d), m)) {
                s += v;
            }
        }
        return s / n;
    }

}
