package org.orbitscope.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.orbitscope.OrbitscopeException;

/**
 * How saliency maps are made for SI (SPEC section 5; paper section 4.1): the attribution method, its
 * baseline and target, and the post-processing (absolute value, threshold, Gaussian blur). Validates
 * itself; {@link #DEFAULT} holds the SPEC's settings.
 *
 * @param method attribution method (SPEC: integrated gradients)
 * @param steps integration steps of the midpoint Riemann rule, 1..10000 (SPEC: 50)
 * @param baseline integration baseline (SPEC: the black image)
 * @param target which logit is attributed (SPEC: the true label)
 * @param threshold fraction of the map's maximum below which values are zeroed, in [0, 1] (SPEC: 0.9)
 * @param blurSize Gaussian kernel width in pixels, odd, 1..35; 1 disables the blur (SPEC: 3)
 * @param blurSigma Gaussian standard deviation in pixels, &gt; 0 (SPEC: 1)
 * @param smoothSamples noisy copies averaged by SmoothGrad, 1..10000
 * @param smoothNoise SmoothGrad noise standard deviation, in normalized input units, &gt;= 0
 * @param boundary how the blur treats the image border (SPEC: periodic)
 */
public record SaliencySettings(Method method, int steps, Baseline baseline, Target target, double threshold,
        int blurSize, double blurSigma, int smoothSamples, double smoothNoise, Boundary boundary) {

    /** Attribution methods. */
    public enum Method {
        /** Integrated gradients, midpoint Riemann rule (the SPEC's method). */
        INTEGRATED_GRADIENTS,
        /** The plain input gradient of the target logit. */
        GRADIENT,
        /** The input gradient averaged over Gaussian-noised copies of the input. */
        SMOOTHGRAD
    }

    /** Integration baselines. */
    public enum Baseline {
        /** Pixel value 0 before normalization: the constant image {@code -mean/std} after it. */
        BLACK,
        /** The all-zero normalized input (the dataset mean image, to first order). */
        ZERO
    }

    /** The attributed logit. */
    public enum Target {
        /** The sample's true label, for every orbit point. */
        TRUE_LABEL,
        /** The class the model predicts for the sample in its identity orientation, for every orbit point. */
        PREDICTED
    }

    /** Blur boundary handling. */
    public enum Boundary {
        /** Wrap around the 36x36 torus; commutes with R4, T3 and D4 (the SPEC's choice). */
        PERIODIC,
        /** Pixels outside the image count as 0 (breaks exact SI = 1 for T3). */
        ZERO
    }

    /** The SPEC section 5 settings. */
    public static final SaliencySettings DEFAULT = new SaliencySettings(Method.INTEGRATED_GRADIENTS, 50,
            Baseline.BLACK, Target.TRUE_LABEL, 0.9, 3, 1.0, 25, 0.15, Boundary.PERIODIC);

    /** Checks every setting with a one-sentence error. */
    public SaliencySettings {
        if (method == null || baseline == null || target == null || boundary == null) {
            throw new OrbitscopeException("saliency method, baseline, target and boundary must all be set.");
        }
        if (steps < 1 || steps > 10_000) {
            throw new OrbitscopeException("saliency steps must be between 1 and 10000, got " + steps + ".");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new OrbitscopeException("saliency threshold must be in [0, 1], got " + threshold + ".");
        }
        if (blurSize < 1 || blurSize > 35 || blurSize % 2 == 0) {
            throw new OrbitscopeException("blur kernel size must be odd and between 1 and 35, got " + blurSize + ".");
        }
        if (!(blurSigma > 0) || Double.isInfinite(blurSigma)) {
            throw new OrbitscopeException("blur sigma must be a finite number > 0, got " + blurSigma + ".");
        }
        if (smoothSamples < 1 || smoothSamples > 10_000) {
            throw new OrbitscopeException("SmoothGrad samples must be between 1 and 10000, got " + smoothSamples
                    + ".");
        }
        if (!(smoothNoise >= 0) || Double.isInfinite(smoothNoise)) {
            throw new OrbitscopeException("SmoothGrad noise must be a finite number >= 0, got " + smoothNoise + ".");
        }
    }

    /**
     * @param newMethod attribution method
     * @return these settings with another method
     */
    public SaliencySettings withMethod(Method newMethod) {
        return new SaliencySettings(newMethod, steps, baseline, target, threshold, blurSize, blurSigma, smoothSamples,
                smoothNoise, boundary);
    }

    /**
     * @param newSteps integration steps
     * @return these settings with another step count
     */
    public SaliencySettings withSteps(int newSteps) {
        return new SaliencySettings(method, newSteps, baseline, target, threshold, blurSize, blurSigma, smoothSamples,
                smoothNoise, boundary);
    }

    /**
     * @param newBoundary blur boundary
     * @return these settings with another boundary
     */
    public SaliencySettings withBoundary(Boundary newBoundary) {
        return new SaliencySettings(method, steps, baseline, target, threshold, blurSize, blurSigma, smoothSamples,
                smoothNoise, newBoundary);
    }

    /** @return the settings as a JSON-friendly map (lower-case names), in declaration order */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method.name().toLowerCase(Locale.ROOT));
        m.put("steps", steps);
        m.put("rule", "midpoint");
        m.put("baseline", baseline.name().toLowerCase(Locale.ROOT));
        m.put("target", target.name().toLowerCase(Locale.ROOT));
        m.put("threshold", threshold);
        m.put("blurSize", blurSize);
        m.put("blurSigma", blurSigma);
        m.put("boundary", boundary.name().toLowerCase(Locale.ROOT));
        if (method == Method.SMOOTHGRAD) {
            m.put("smoothSamples", smoothSamples);
            m.put("smoothNoise", smoothNoise);
        }
        return m;
    }
}
