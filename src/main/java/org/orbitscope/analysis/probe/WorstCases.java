package org.orbitscope.analysis.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Attributions;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Classifier;

/**
 * The test samples ranked by how far from invariant a model is on each: by per-sample LI or DI (means over
 * the sample's orbit, as {@link Evaluator} computes them), by per-sample SI (lowest first), or by how many
 * orbit points {@code g x} are misclassified ({@code flip}: only samples misclassified under some {@code g},
 * most such elements first, then the lowest probability of the true class on the orbit).
 */
public final class WorstCases {

    /** The ranking criterion. */
    public enum By {
        /** Largest per-sample LI first. */
        LI,
        /** Largest per-sample DI first. */
        DI,
        /** Smallest per-sample SI first (needs the saliency maps of every orbit point). */
        SI,
        /** Misclassified under some group element: most misclassified elements first. */
        FLIP;

        /**
         * @param text {@code li}, {@code di}, {@code si} or {@code flip} (case-insensitive)
         * @return the criterion
         * @throws OrbitscopeException for anything else
         */
        public static By parse(String text) {
            for (By b : values()) {
                if (b.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return b;
                }
            }
            throw new OrbitscopeException("Unknown ranking '" + text + "': expected li, di, si or flip.");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One sample's invariance under a model.
     *
     * @param sample index in the split
     * @param label true class
     * @param predicted class predicted on the sample itself (identity orientation)
     * @param li mean over the orbit of {@code 0.5 ||f(x) - f(g x)||^2}
     * @param di mean over the orbit of {@code KL(softmax f(x) || softmax f(g x))}
     * @param si mean over the orbit of the saliency cosine, or NaN if not computed
     * @param misclassified orbit points {@code g x} (identity included) not classified as the label
     * @param order the group's order (orbit points)
     * @param minTrueProbability the lowest softmax probability of the true class over the orbit
     * @param worstElement the element with that lowest probability
     */
    public record Row(int sample, int label, int predicted, double li, double di, double si, int misclassified,
            int order, double minTrueProbability, int worstElement) {

        /**
         * @param by a criterion
         * @return the value the criterion ranks by (for flip: the misclassified orbit points)
         */
        public double score(By by) {
            return switch (by) {
                case LI -> li;
                case DI -> di;
                case SI -> si;
                case FLIP -> misclassified;
            };
        }
    }

    private WorstCases() {
    }

    /**
     * Per-sample invariance of a model on full orbits.
     *
     * @param net the model
     * @param norm its normalization
     * @param group the group whose orbits are taken
     * @param x normalized inputs (identity orientation), {@code n x 1296}
     * @param y labels
     * @param n samples
     * @param settings saliency settings (used when {@code withSi})
     * @param withSi true to compute SI too (a full evaluation: integrated gradients of every orbit point)
     * @param listener progress and cancellation
     * @return one row per sample, in sample order
     * @throws CancellationException if the listener cancels
     */
    public static List<Row> perSample(Classifier net, Normalization norm, Group group, float[] x, int[] y, int n,
            SaliencySettings settings, boolean withSi, Evaluator.Listener listener) {
        int d = group.pixels();
        int k = net.outputs();
        int order = group.order();
        int id = group.identity();
        if (n < 1 || x.length < n * d || y.length < n) {
            throw new IllegalArgumentException("need " + n + " inputs and labels");
        }
        double[] si = new double[n];
        Arrays.fill(si, Double.NaN);
        if (withSi) {
            Evaluation e = Evaluator.evaluate(net, x, y, n, group, norm, settings, "", listener);
            si = e.perSample(Evaluation.SI);
        }
        List<Row> rows = new ArrayList<>(n);
        int chunk = Math.max(1, Attributions.CHUNK_ROWS / order);
        for (int start = 0; start < n; start += chunk) {
            if (listener.isCancelled()) {
                throw new CancellationException("ranking cancelled");
            }
            int m = Math.min(chunk, n - start);
            float[] orbit = Evaluator.orbits(Arrays.copyOfRange(x, start * d, (start + m) * d), m, group);
            float[] logits = net.forward(orbit, m * order);
            for (int i = 0; i < m; i++) {
                int s = start + i;
                int ref = (i * order + id) * k;
                double l = 0;
                double dd = 0;
                int wrong = 0;
                double minP = Double.POSITIVE_INFINITY;
                int worst = id;
                for (int g = 0; g < order; g++) {
                    int o = (i * order + g) * k;
                    if (InvarianceErrors.argmax(logits, o, k) != y[s]) {
                        wrong++;
                    }
                    l += InvarianceErrors.logit(logits, ref, logits, o, k);
                    dd += InvarianceErrors.distribution(logits, ref, logits, o, k);
                    double p = Math.exp(logits[o + y[s]] - InvarianceErrors.logSumExp(logits, o, k));
                    if (p < minP) {
                        minP = p;
                        worst = g;
                    }
                }
                rows.add(new Row(s, y[s], InvarianceErrors.argmax(logits, ref, k), l / order, dd / order, si[s], wrong,
                        order, minP, worst));
            }
            if (!withSi) {
                listener.onProgress(start + m, n);
            }
        }
        return List.copyOf(rows);
    }

    /**
     * Ranks rows.
     *
     * @param rows per-sample rows
     * @param by the criterion (SI needs rows computed with SI)
     * @param label keep only samples of this class, or -1 for all
     * @param top keep at most this many, &gt;= 1
     * @return the ranked rows, worst first; ties in sample order
     * @throws OrbitscopeException if SI is asked of rows without it, or {@code top < 1}
     */
    public static List<Row> rank(List<Row> rows, By by, int label, int top) {
        if (top < 1) {
            throw new OrbitscopeException("--top must be >= 1, got " + top + ".");
        }
        if (by == By.SI && rows.stream().anyMatch(r -> Double.isNaN(r.si()))) {
            throw new OrbitscopeException("Ranking by SI needs the per-sample SI; compute the rows with SI.");
        }
        Comparator<Row> order = switch (by) {
            case LI -> Comparator.comparingDouble(Row::li).reversed();
            case DI -> Comparator.comparingDouble(Row::di).reversed();
            case SI -> Comparator.comparingDouble(Row::si);
            case FLIP -> Comparator.comparingInt(Row::misclassified).reversed()
                    .thenComparingDouble(Row::minTrueProbability);
        };
        return rows.stream()
                .filter(r -> label < 0 || r.label() == label)
                .filter(r -> by != By.FLIP || r.misclassified() > 0)
                .sorted(order.thenComparingInt(Row::sample))
                .limit(top)
                .toList();
    }
}
