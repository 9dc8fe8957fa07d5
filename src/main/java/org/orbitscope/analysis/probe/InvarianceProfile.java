package org.orbitscope.analysis.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Attributions;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.model.Classifier;

/**
 * A model's invariance profile: LI, DI and accuracy against the angle of a rotation (or the pixels of a
 * shift), far beyond the group's own elements. For every transformation {@code T} of the grid and the
 * samples {@code x_1..x_N} (pixel values in [0, 1], labels {@code y_i}):
 * <pre>
 *   LI(T)  = mean_i 0.5 ||f(x_i) - f(T x_i)||^2
 *   DI(T)  = mean_i KL(softmax f(x_i) || softmax f(T x_i))
 *   Acc(T) = mean_i [argmax f(T x_i) = y_i]
 * </pre>
 * with {@code T x} made in [0, 1] pixel space (zero outside) and then normalized by the model's statistics,
 * the group element's exact permutation where {@code T} is one. At the group's elements these are the terms
 * Table 1 averages: the mean of LI over the group's elements is the evaluation's LI on the same samples.
 */
public final class InvarianceProfile {

    /**
     * The profile at one transformation.
     *
     * @param transform the transformation
     * @param element the group element it equals, or -1
     * @param li mean logit invariance error
     * @param di mean KL divergence of the predictive distributions
     * @param accuracy fraction of {@code T x_i} classified correctly, in [0, 1]
     */
    public record Point(Transform transform, int element, double li, double di, double accuracy) {
    }

    private InvarianceProfile() {
    }

    /**
     * The first {@code n} samples of a split as [0, 1] pixel values.
     *
     * @param split the split (usually the test split)
     * @param n samples, 1..size
     * @return {@code n x 1296} values
     */
    public static float[] images(Split split, int n) {
        if (n < 1 || n > split.size()) {
            throw new IllegalArgumentException("cannot take " + n + " samples of " + split.name());
        }
        int d = split.image(0).length;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            split.image(i, out, i * d);
        }
        return out;
    }

    /**
     * Computes the profile.
     *
     * @param net the model (its buffers are overwritten)
     * @param norm the model's normalization
     * @param group the model's group (for exact elements), or null
     * @param images samples in [0, 1], {@code n x net.inputs()}
     * @param labels their classes
     * @param n number of samples, &gt;= 1
     * @param transforms the grid
     * @param listener progress (transformations done of all) and cancellation
     * @return one point per transformation, in grid order
     * @throws CancellationException if the listener cancels
     */
    public static List<Point> compute(Classifier net, Normalization norm, Group group, float[] images, int[] labels,
            int n, List<Transform> transforms, Evaluator.Listener listener) {
        int d = net.inputs();
        int k = net.outputs();
        int side = (int) Math.round(Math.sqrt(d));
        if (n < 1 || images.length < n * d || labels.length < n) {
            throw new IllegalArgumentException("need " + n + " images of " + d + " values and their labels");
        }
        int chunk = Math.max(1, Math.min(n, Attributions.CHUNK_ROWS));
        float[] buf = new float[chunk * d];
        float[] fx = new float[n * k];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            for (int p = 0; p < m * d; p++) {
                buf[p] = norm.apply(images[start * d + p]);
            }
            System.arraycopy(net.forward(buf, m), 0, fx, start * k, m * k);
        }
        List<Point> out = new ArrayList<>(transforms.size());
        float[] moved = new float[d];
        for (int t = 0; t < transforms.size(); t++) {
            if (listener.isCancelled()) {
                throw new CancellationException("profile cancelled");
            }
            Transform tr = transforms.get(t);
            Transform.Action action = tr.on(group);
            double li = 0;
            double di = 0;
            double correct = 0;
            for (int start = 0; start < n; start += chunk) {
                int m = Math.min(chunk, n - start);
                for (int i = 0; i < m; i++) {
                    action.apply(images, (start + i) * d, side, 0f, moved, 0);
                    int o = i * d;
                    for (int p = 0; p < d; p++) {
                        buf[o + p] = norm.apply(moved[p]);
                    }
                }
                float[] ft = net.forward(buf, m);
                for (int i = 0; i < m; i++) {
                    int s = start + i;
                    li += InvarianceErrors.logit(fx, s * k, ft, i * k, k);
                    di += InvarianceErrors.distribution(fx, s * k, ft, i * k, k);
                    if (InvarianceErrors.argmax(ft, i * k, k) == labels[s]) {
                        correct++;
                    }
                }
            }
            out.add(new Point(tr, action.element(), li / n, di / n, correct / n));
            listener.onProgress(t + 1, transforms.size());
        }
        return List.copyOf(out);
    }
}
