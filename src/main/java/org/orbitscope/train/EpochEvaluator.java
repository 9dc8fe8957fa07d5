package org.orbitscope.train;

import java.util.Map;
import org.orbitscope.analysis.layers.OrbitRecorder;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.model.Classifier;

/**
 * The per-epoch figures of a training run, on fixed validation data so that epochs are comparable:
 * accuracy on the whole validation set (each sample with its fixed group element), LI, DI and every layer's
 * invariance over the full orbits of the first {@code monitorSamples} validation samples (one forward pass
 * for the three), and SigmaMax on the first {@code sigmaSamples}.
 */
final class EpochEvaluator {

    private static final int BATCH = 1000;

    private final Split validation;
    private final Group group;
    private final Normalization norm;
    private final int[] fixed;
    private final int monitor;
    private final int sigma;
    private final int k;
    /** The first max(monitor, sigma) validation samples, identity orientation: fixed, so built once. */
    private final float[] monitorInputs;
    private final int[] monitorLabels;

    EpochEvaluator(Split validation, Group group, Normalization norm, int monitorSamples, int sigmaSamples,
            int classes) {
        this.validation = validation;
        this.group = group;
        this.norm = norm;
        this.fixed = validation.fixedElements(group);
        this.monitor = Math.min(monitorSamples, validation.size());
        this.sigma = Math.min(sigmaSamples, validation.size());
        this.k = classes;
        int first = Math.max(monitor, sigma);
        this.monitorInputs = first == 0 ? new float[0] : Evaluator.inputs(validation, first, norm);
        this.monitorLabels = first == 0 ? new int[0] : Evaluator.labels(validation, first);
    }

    /** Accuracy on the validation set with its fixed elements. */
    double accuracy(Classifier net) {
        int n = validation.size();
        int d = group.pixels();
        float[] x = new float[Math.min(BATCH, n) * d];
        int correct = 0;
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            int[] idx = range(start, b);
            int[] el = new int[b];
            System.arraycopy(fixed, start, el, 0, b);
            validation.fill(idx, el, group, norm, x);
            float[] z = net.forward(x, b);
            for (int r = 0; r < b; r++) {
                if (InvarianceErrors.argmax(z, r * k, k) == validation.label(start + r)) {
                    correct++;
                }
            }
        }
        return (double) correct / n;
    }

    /**
     * What the monitored orbits give.
     *
     * @param li logit invariance error
     * @param di distribution invariance error
     * @param layers each layer's normalized orbit variance ({@code analysis.layers}, default normalization)
     */
    record Invariance(double li, double di, Map<String, Double> layers) {
    }

    /**
     * LI and DI over full orbits of the monitored subset (the evaluation's own code) and, read from the same
     * forward passes, the invariance of every layer.
     */
    Invariance invariance(Classifier net) {
        if (monitor == 0) {
            return new Invariance(Double.NaN, Double.NaN, Map.of());
        }
        OrbitRecorder layers = new OrbitRecorder(net.layers(), group.order());
        double[] r = Evaluator.outputs(net, monitorInputs, monitorLabels, monitor, group, layers::observe);
        return new Invariance(r[1], r[2], layers.values());
    }

    /** Mean SigmaMax over the first samples (identity orientation). */
    double sigmaMax(Classifier net) {
        if (sigma == 0) {
            return Double.NaN;
        }
        return Evaluator.sigmaMax(net, monitorInputs, sigma);
    }

    private static int[] range(int start, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = start + i;
        }
        return r;
    }
}
