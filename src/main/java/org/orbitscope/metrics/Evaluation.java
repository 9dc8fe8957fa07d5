package org.orbitscope.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Result of an evaluation (SPEC section 5): the metric means over samples x all group elements, the
 * per-sample values they average, and what they were computed on. Immutable.
 *
 * @param dataset dataset id the samples came from
 * @param group group id
 * @param samples number of evaluated samples
 * @param settings saliency settings used for SI
 * @param accuracy Acc: accuracy of f(gx) over all orbit points, in [0, 1]
 * @param li mean logit invariance error
 * @param di mean predictive distribution invariance error
 * @param si mean saliency invariance similarity
 * @param sigmaMax mean largest singular value of the input Jacobian (identity orientation)
 * @param igGap mean completeness gap of integrated gradients (identity orientation; NaN for other methods)
 * @param perSample per-sample values, keyed like {@link #asMap()} (each of length {@code samples})
 */
public record Evaluation(String dataset, String group, int samples, SaliencySettings settings, double accuracy,
        double li, double di, double si, double sigmaMax, double igGap, Map<String, double[]> perSample) {

    /** Metric names, in Table 1 order. */
    public static final String ACC = "Acc";
    /** Logit invariance. */
    public static final String LI = "LI";
    /** Distribution invariance. */
    public static final String DI = "DI";
    /** Saliency invariance similarity. */
    public static final String SI = "SI";
    /** Jacobian sensitivity. */
    public static final String SIGMA_MAX = "SigmaMax";
    /** Integrated-gradients completeness gap. */
    public static final String IG_GAP = "IGGap";

    /** Copies the per-sample arrays. */
    public Evaluation {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perSample.entrySet()) {
            if (e.getValue().length != samples) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().length + " values for "
                        + samples + " samples");
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        perSample = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param metric metric name (e.g. {@link #SI})
     * @return a copy of its per-sample values
     */
    public double[] perSample(String metric) {
        double[] v = perSample.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no per-sample values for " + metric);
        }
        return v.clone();
    }

    @Override
    public Map<String, double[]> perSample() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        perSample.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** @return the mean metrics keyed by name: Acc, LI, DI, SI, SigmaMax, IGGap */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(ACC, accuracy);
        m.put(LI, li);
        m.put(DI, di);
        m.put(SI, si);
        m.put(SIGMA_MAX, sigmaMax);
        m.put(IG_GAP, igGap);
        return m;
    }
}
