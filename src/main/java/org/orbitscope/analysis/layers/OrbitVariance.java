package org.orbitscope.analysis.layers;

/**
 * Accumulates, orbit by orbit, the variances of every unit of one layer that {@link UnitVariances} holds.
 * Numerically stable in one pass: each orbit's mean and spread are computed exactly (two passes over its
 * {@code |G|} points), then merged into the running totals with Chan et al.'s pairwise update; the
 * per-element variances use Welford's update. Not thread-safe.
 */
public final class OrbitVariance {

    private final int width;
    private final int order;
    private int samples;
    private boolean finite = true;
    /** Sum over samples of the orbit's population variance, per unit. */
    private final double[] orbitSum;
    /** Running mean and sum of squared deviations over all points, per unit. */
    private final double[] mean;
    private final double[] m2;
    /** Per group element, running mean and squared deviations over the samples, {@code order x width}. */
    private final double[] elementMean;
    private final double[] elementM2;
    private final double[] orbitMean;

    /**
     * @param width units of the layer
     * @param order points per orbit (the group order)
     */
    public OrbitVariance(int width, int order) {
        if (width < 1 || order < 1) {
            throw new IllegalArgumentException("need at least one unit and one group element");
        }
        this.width = width;
        this.order = order;
        orbitSum = new double[width];
        mean = new double[width];
        m2 = new double[width];
        elementMean = new double[order * width];
        elementM2 = new double[order * width];
        orbitMean = new double[width];
    }

    /**
     * Adds whole orbits.
     *
     * @param acts activations, row {@code (first + i) * order + g} is unit values of {@code g x_i}
     *     ({@code width} values per row, row-major)
     * @param firstRow the first row to read (a multiple of {@code order})
     * @param orbits number of orbits to add
     */
    public void add(float[] acts, int firstRow, int orbits) {
        if (firstRow % order != 0 || (long) (firstRow + orbits * order) * width > acts.length) {
            throw new IllegalArgumentException("rows must hold whole orbits of " + order + " points of " + width
                    + " units");
        }
        double invOrder = 1.0 / order;
        for (int i = 0; i < orbits; i++) {
            int base = (firstRow + i * order) * width;
            java.util.Arrays.fill(orbitMean, 0);
            for (int g = 0; g < order; g++) {
                int o = base + g * width;
                for (int u = 0; u < width; u++) {
                    float a = acts[o + u];
                    if (!Float.isFinite(a)) {
                        finite = false;
                    }
                    orbitMean[u] += a;
                }
            }
            double n = samples;
            double invNext = 1.0 / (n + 1);
            for (int u = 0; u < width; u++) {
                double mu = orbitMean[u] * invOrder;
                double ss = 0;
                for (int g = 0; g < order; g++) {
                    double d = acts[base + g * width + u] - mu;
                    ss += d * d;
                }
                orbitSum[u] += ss * invOrder;
                // Chan et al.: merge (n * order points, mean[u], m2[u]) with (order points, mu, ss)
                double delta = mu - mean[u];
                mean[u] += delta * invNext;
                m2[u] += ss + delta * delta * n * order * invNext;
                for (int g = 0; g < order; g++) {
                    int e = g * width + u;
                    double a = acts[base + g * width + u];
                    double de = a - elementMean[e];
                    elementMean[e] += de * invNext;
                    elementM2[e] += de * (a - elementMean[e]);
                }
            }
            samples++;
        }
    }

    /** @return orbits added so far */
    public int samples() {
        return samples;
    }

    /**
     * @return the variances of every unit over the orbits added so far
     * @throws IllegalStateException if no orbit was added
     */
    public UnitVariances result() {
        if (samples == 0) {
            throw new IllegalStateException("no orbit was added");
        }
        double[] o = new double[width];
        double[] t = new double[width];
        double[] s = new double[width];
        for (int u = 0; u < width; u++) {
            o[u] = orbitSum[u] / samples;
            t[u] = m2[u] / ((double) samples * order);
            double sum = 0;
            for (int g = 0; g < order; g++) {
                sum += elementM2[g * width + u] / samples;
            }
            s[u] = sum / order;
        }
        return new UnitVariances(o, t, s, samples, order, finite);
    }
}
