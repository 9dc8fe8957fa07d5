package org.orbitscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.orbitscope.data.Normalization;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Attributions;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.metrics.SaliencyMaps;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Classifier;

/**
 * The saliency of samples across their group orbits (the paper's Figures 1 and 3): for every sample
 * {@code x} and group element {@code g}, the post-processed saliency map {@code m(g x)} as computed, the
 * same map realigned to the sample's own orientation {@code g^-1 m(g x)}, the prediction on {@code g x},
 * and the per-sample SI. The numbers are those of {@link Evaluator} (same attribution, post-processing and
 * cosine code), so a row's SI here equals that sample's SI in an evaluation.
 */
public final class OrbitSaliency {

    /**
     * One sample's orbit.
     *
     * @param sample index of the sample in its split
     * @param label true class
     * @param image the sample in [0,1] pixel values, identity orientation, {@code 1296} values
     * @param maps {@code maps[g]}: post-processed saliency of {@code g x}, in the orientation of {@code g x}
     * @param aligned {@code aligned[g]}: {@code g^-1 maps[g]}, in the sample's own orientation
     * @param predicted predicted class of {@code g x}
     * @param probability softmax probability of that class
     * @param cosine {@code cos(m(x), g^-1 m(g x))} per element (1 for the identity)
     * @param si mean of {@code cosine} over all elements (the sample's SI)
     * @param gap completeness gap of the raw integrated-gradient attributions of {@code g x} (NaN for
     *     other methods)
     */
    public record Row(int sample, int label, float[] image, float[][] maps, float[][] aligned, int[] predicted,
            float[] probability, double[] cosine, double si, double[] gap) {
    }

    private OrbitSaliency() {
    }

    /**
     * Computes the orbit saliency of some samples, all orbits in one batch.
     *
     * @param net the model's network
     * @param group the group whose orbits are shown
     * @param norm the model's normalization
     * @param x normalized inputs in identity orientation, {@code n x 1296}
     * @param labels true classes
     * @param samples the samples' indices (for the rows' labels)
     * @param settings saliency method and post-processing
     * @return one row per sample
     */
    public static List<Row> compute(Classifier net, Group group, Normalization norm, float[] x, int[] labels,
            int[] samples, SaliencySettings settings) {
        int n = samples.length;
        int d = group.pixels();
        int k = net.outputs();
        int order = group.order();
        float[] orbit = Evaluator.orbits(x, n, group);
        int rows = n * order;
        float[] logits = net.logits(orbit, rows);
        int[] targets = new int[rows];
        for (int i = 0; i < n; i++) {
            int target = settings.target() == SaliencySettings.Target.TRUE_LABEL ? labels[i]
                    : InvarianceErrors.argmax(logits, (i * order + group.identity()) * k, k);
            Arrays.fill(targets, i * order, (i + 1) * order, target);
        }
        float[] base = Evaluator.baseline(settings, norm, d);
        float[] maps = Attributions.compute(net, orbit, rows, targets, base, settings, 0);
        double[] gaps = settings.method() == SaliencySettings.Method.INTEGRATED_GRADIENTS
                ? Attributions.completenessGap(net, orbit, rows, targets, base, maps) : null;
        SaliencyMaps.postprocess(maps, rows, d, settings);
        double[] si = SaliencyMaps.invariance(maps, n, group);
        List<Row> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] image = new float[d];
            for (int p = 0; p < d; p++) {
                image[p] = x[i * d + p] * norm.std() + norm.mean();
            }
            float[][] m = new float[order][];
            float[][] a = new float[order][];
            int[] pred = new int[order];
            float[] prob = new float[order];
            double[] cos = new double[order];
            double[] gap = new double[order];
            for (int g = 0; g < order; g++) {
                int row = i * order + g;
                m[g] = Arrays.copyOfRange(maps, row * d, (row + 1) * d);
                a[g] = group.apply(group.inverse(g), m[g]);
                pred[g] = InvarianceErrors.argmax(logits, row * k, k);
                prob[g] = (float) Math.exp(logits[row * k + pred[g]] - InvarianceErrors.logSumExp(logits, row * k, k));
                gap[g] = gaps == null ? Double.NaN : gaps[row];
            }
            float[] ref = a[group.identity()];
            for (int g = 0; g < order; g++) {
                cos[g] = SaliencyMaps.cosine(ref, a[g]);
            }
            out.add(new Row(samples[i], labels[i], image, m, a, pred, prob, cos, si[i], gap));
        }
        return out;
    }
}
