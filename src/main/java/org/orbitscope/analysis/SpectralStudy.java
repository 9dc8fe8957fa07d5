package org.orbitscope.analysis;

import java.util.Arrays;
import java.util.List;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.SplitMix64;

/**
 * The spectral-decay study (paper Fig. 5 and Proposition 3.1): the order in which kinds of models are shown,
 * and {@code sigma_max(W)} of a linear model along gradient descent on its logit invariance error, with
 * real test images and random non-identity group elements.
 */
public final class SpectralStudy {

    /** Kinds of models in the order the figure shows them. */
    public static final List<String> KINDS = List.of("DA", "IR-kl", "IR-l2", "IR-l2norm", "WT");

    /** Test images paired with a group element in the demonstration. */
    public static final int PAIRS = 64;

    /** Gradient-descent steps of the demonstration. */
    public static final int STEPS = 100;

    /**
     * The demonstration's curve.
     *
     * @param steps step numbers 0..STEPS
     * @param sigma {@code sigma_max(W)} after each step
     */
    public record Curve(double[] steps, double[] sigma) {
    }

    private SpectralStudy() {
    }

    /**
     * Runs Proposition 3.1 on real data: a 9-class linear model with uniform initial weights (seed 1), the
     * first {@link #PAIRS} test images and a random non-identity element each, {@link #STEPS} steps.
     *
     * @param group the group
     * @param test the test split (at least {@link #PAIRS} images)
     * @param normalization the models' input normalization
     * @return the curve
     */
    public static Curve proposition31(Group group, Split test, Normalization normalization) {
        int k = 9;
        int d = group.pixels();
        SplitMix64 rng = new SplitMix64(1);
        double[] w0 = new double[k * d];
        double bound = 1 / Math.sqrt(d);
        for (int i = 0; i < w0.length; i++) {
            w0[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        int pairs = Math.min(PAIRS, test.size());
        float[] x = Evaluator.inputs(test, pairs, normalization);
        double[] eps = new double[pairs * d];
        for (int i = 0; i < pairs; i++) {
            int g = 1 + rng.nextInt(group.order() - 1);
            float[] gx = group.apply(g, Arrays.copyOfRange(x, i * d, (i + 1) * d));
            for (int p = 0; p < d; p++) {
                eps[i * d + p] = x[i * d + p] - gx[p];
            }
        }
        double[] sigma = SpectralDecayDemo.gradientDescent(w0, k, d, eps, pairs, STEPS);
        double[] xs = new double[STEPS + 1];
        for (int i = 0; i <= STEPS; i++) {
            xs[i] = i;
        }
        return new Curve(xs, sigma);
    }
}
