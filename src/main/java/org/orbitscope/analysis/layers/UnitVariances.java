package org.orbitscope.analysis.layers;

/**
 * The three variances of every unit of one layer over full orbits of {@code samples} samples.
 *
 * @param orbit {@code O}: per unit, the variance over a sample's orbit (population variance over the
 *     {@code |G|} points), averaged over the samples
 * @param total {@code T}: per unit, the variance over all {@code samples x |G|} points
 * @param perElement {@code S}: per unit, the variance over the samples at each group element, averaged over
 *     the elements
 * @param samples number of samples (orbits)
 * @param order group order (points per orbit)
 * @param finite false if some activation was NaN or infinite (the variances are then meaningless)
 */
public record UnitVariances(double[] orbit, double[] total, double[] perElement, int samples, int order,
        boolean finite) {

    /** Checks the arrays agree. */
    public UnitVariances {
        if (orbit.length != total.length || orbit.length != perElement.length) {
            throw new IllegalArgumentException("one value per unit in each array");
        }
    }

    /** @return number of units */
    public int units() {
        return orbit.length;
    }
}
