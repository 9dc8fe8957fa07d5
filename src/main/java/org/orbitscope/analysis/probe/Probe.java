package org.orbitscope.analysis.probe;

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
 * One input under one transformation, for one model: what the probe view shows for each model as the angle
 * or shift changes. For an image {@code x} (pixel values in [0, 1]) and a transformation {@code T}:
 * <ul>
 *   <li>{@code T x} is computed in [0, 1] pixel space (zero outside the image), then both are normalized with
 *       the model's statistics; where {@code T} is an element of the model's group its exact permutation is
 *       used;</li>
 *   <li>the logits, softmax probabilities and predicted classes of {@code x} and {@code T x};</li>
 *   <li>{@code LI = 0.5 ||f(x) - f(T x)||^2} and {@code KL(softmax f(x) || softmax f(T x))} (DI's
 *       definition), as {@link InvarianceErrors} computes them for the group's elements;</li>
 *   <li>the saliency maps {@code m(x)} and {@code m(T x)} (SPEC section 5's method and post-processing, of
 *       the true label when the input is a test sample, else of the class predicted on {@code x}, the same
 *       logit for both), {@code m(T x)} realigned by {@code T^-1} (bilinear, zero outside, or the inverse
 *       element's permutation), and their cosine similarity: the SI term of {@code T}.</li>
 * </ul>
 */
public final class Probe {

    /**
     * What one model does with {@code x} and {@code T x}.
     *
     * @param transform the transformation {@code T}
     * @param element the group element applied exactly, or -1 when {@code T} was interpolated or shifted
     * @param target the class whose saliency is shown
     * @param transformed {@code T x} in [0, 1] pixel values, what the network sees before normalization
     * @param logits {@code f(x)}
     * @param transformedLogits {@code f(T x)}
     * @param probabilities {@code softmax f(x)}
     * @param transformedProbabilities {@code softmax f(T x)}
     * @param predicted argmax of {@code f(x)}
     * @param transformedPredicted argmax of {@code f(T x)}
     * @param li {@code 0.5 ||f(x) - f(T x)||^2}
     * @param kl {@code KL(softmax f(x) || softmax f(T x))}
     * @param saliency {@code m(x)}, post-processed
     * @param transformedSaliency {@code m(T x)}, post-processed, in the orientation of {@code T x}
     * @param realigned {@code T^-1 m(T x)}, in the orientation of {@code x}
     * @param cosine {@code cos(m(x), T^-1 m(T x))} with SPEC's all-zero conventions
     * @param nanos wall time of the whole computation
     */
    public record Result(Transform transform, int element, int target, float[] transformed, float[] logits,
            float[] transformedLogits, double[] probabilities, double[] transformedProbabilities, int predicted,
            int transformedPredicted, double li, double kl, float[] saliency, float[] transformedSaliency,
            float[] realigned, double cosine, long nanos) {
    }

    /**
     * Timings of repeated probe steps.
     *
     * @param steps timed steps (after the warm-up)
     * @param meanMillis mean milliseconds per step
     * @param medianMillis median
     * @param maxMillis slowest step
     */
    public record Timing(int steps, double meanMillis, double medianMillis, double maxMillis) {
    }

    private Probe() {
    }

    /**
     * Probes one model.
     *
     * @param net the model (its buffers are overwritten)
     * @param norm the model's normalization
     * @param group the model's group (its elements are applied exactly), or null
     * @param image the input in [0, 1] pixel values, {@code net.inputs()} values (36 x 36)
     * @param label the true class of a test sample, or -1 for a drawn or imported input
     * @param transform the transformation
     * @param settings saliency method and post-processing
     * @return the result
     */
    public static Result run(Classifier net, Normalization norm, Group group, float[] image, int label,
            Transform transform, SaliencySettings settings) {
        long t0 = System.nanoTime();
        int d = net.inputs();
        int side = (int) Math.round(Math.sqrt(d));
        if (image.length != d || side * side != d) {
            throw new IllegalArgumentException("the image has " + image.length + " values, the model takes " + d);
        }
        int k = net.outputs();
        float[] tx = transform.on(group).apply(image, side, 0f);
        float[] batch = new float[2 * d];
        for (int p = 0; p < d; p++) {
            batch[p] = norm.apply(image[p]);
            batch[d + p] = norm.apply(tx[p]);
        }
        float[] logits = net.logits(batch, 2);
        int predicted = InvarianceErrors.argmax(logits, 0, k);
        int transformedPredicted = InvarianceErrors.argmax(logits, k, k);
        int target = label >= 0 && settings.target() == SaliencySettings.Target.TRUE_LABEL ? label : predicted;
        float[] maps = Attributions.compute(net, batch, 2, new int[] {target, target},
                Evaluator.baseline(settings, norm, d), settings, 0);
        SaliencyMaps.postprocess(maps, 2, d, settings);
        float[] m = Arrays.copyOfRange(maps, 0, d);
        float[] mt = Arrays.copyOfRange(maps, d, 2 * d);
        float[] realigned = transform.inverse().on(group).apply(mt, side, 0f);
        return new Result(transform, transform.elementIn(group), target, tx, Arrays.copyOfRange(logits, 0, k),
                Arrays.copyOfRange(logits, k, 2 * k), softmax(logits, 0, k), softmax(logits, k, k), predicted,
                transformedPredicted, InvarianceErrors.logit(logits, 0, logits, k, k),
                InvarianceErrors.distribution(logits, 0, logits, k, k), m, mt, realigned,
                SaliencyMaps.cosine(m, realigned), System.nanoTime() - t0);
    }

    /**
     * Times the probe step as the view runs it while the slider moves: every transformation once, after
     * {@code warmup} untimed steps.
     *
     * @param net the model
     * @param norm its normalization
     * @param group its group, or null
     * @param image the input in [0, 1]
     * @param label its class, or -1
     * @param transforms the steps to time, at least one
     * @param settings saliency settings
     * @param warmup untimed steps first (the JIT and the native libraries warm up)
     * @return the timings
     */
    public static Timing time(Classifier net, Normalization norm, Group group, float[] image, int label,
            List<Transform> transforms, SaliencySettings settings, int warmup) {
        if (transforms.isEmpty()) {
            throw new IllegalArgumentException("nothing to time");
        }
        for (int i = 0; i < warmup; i++) {
            run(net, norm, group, image, label, transforms.get(i % transforms.size()), settings);
        }
        double[] ms = new double[transforms.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = run(net, norm, group, image, label, transforms.get(i), settings).nanos() / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : ms) {
            sum += v;
        }
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        return new Timing(ms.length, sum / ms.length, median, sorted[sorted.length - 1]);
    }

    /**
     * @param z logits
     * @param off offset of the row
     * @param k classes
     * @return the softmax probabilities of the row, in double precision
     */
    public static double[] softmax(float[] z, int off, int k) {
        double lz = InvarianceErrors.logSumExp(z, off, k);
        double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(z[off + j] - lz);
        }
        return p;
    }
}
