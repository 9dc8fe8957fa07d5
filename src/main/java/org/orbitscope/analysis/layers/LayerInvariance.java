package org.orbitscope.analysis.layers;

import java.util.Arrays;

/**
 * The invariance of one layer: per unit, its orbit variance divided by the chosen normalization, and the
 * layer's value, the mean over the units that vary. A unit whose activation is the same on every evaluated
 * point (a dead ReLU, say) has no defined ratio: it is counted in {@link #constantUnits()} and left out of the
 * mean and the distribution instead of being divided by zero.
 *
 * @param layer the layer's name, e.g. {@code h1} or {@code logits}
 * @param units the layer's width
 * @param value mean of {@link #perUnit()} over the units that vary (NaN if none does); 0 is invariant
 * @param perUnit one value per unit in the layer's own order, NaN for a constant unit
 * @param constantUnits units whose activation never varied over the evaluated points
 * @param denominator the normalization the values use
 */
public record LayerInvariance(String layer, int units, double value, double[] perUnit, int constantUnits,
        LayerSettings.Denominator denominator) {

    /** Checks the fields agree and copies the array. */
    public LayerInvariance {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("a layer needs a name");
        }
        if (perUnit.length != units || constantUnits < 0 || constantUnits > units) {
            throw new IllegalArgumentException(layer + ": " + perUnit.length + " values for " + units + " units, "
                    + constantUnits + " constant");
        }
        perUnit = perUnit.clone();
    }

    /**
     * The invariance of a layer from its unit variances.
     *
     * @param layer the layer's name
     * @param v the unit variances over the orbits
     * @param denominator the normalization
     * @return per unit {@code O / T}, {@code O / S} or {@code O}, and their mean over the varying units (NaN
     *     for every unit if an activation was not finite)
     */
    public static LayerInvariance of(String layer, UnitVariances v, LayerSettings.Denominator denominator) {
        int n = v.units();
        double[] per = new double[n];
        int constant = 0;
        double sum = 0;
        for (int u = 0; u < n; u++) {
            double o = v.orbit()[u];
            if (v.total()[u] == 0) {
                // never varies: no ratio to report
                per[u] = Double.NaN;
                constant++;
                continue;
            }
            per[u] = switch (denominator) {
                case TOTAL -> o / v.total()[u];
                // a unit that varies only with the group element has S = 0 < O: infinitely orbit-sensitive
                case PER_ELEMENT -> v.perElement()[u] == 0 ? Double.POSITIVE_INFINITY : o / v.perElement()[u];
                case NONE -> o;
            };
            sum += per[u];
        }
        double mean = constant == n ? Double.NaN : sum / (n - constant);
        if (!v.finite()) {
            Arrays.fill(per, Double.NaN);
            mean = Double.NaN;
        }
        return new LayerInvariance(layer, n, mean, per, constant, denominator);
    }

    @Override
    public double[] perUnit() {
        return perUnit.clone();
    }

    /** @return the values of the units that vary, ascending (the distribution over units) */
    public double[] sorted() {
        return Arrays.stream(perUnit).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    /** @return unit indices ordered by value, most invariant first, constant units last */
    public int[] unitOrder() {
        Integer[] idx = new Integer[units];
        for (int i = 0; i < units; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            double x = perUnit[a];
            double y = perUnit[b];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return Double.compare(x, y);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param p the fraction, in [0, 1]
     * @return the {@code p}-quantile of the varying units' values (linear interpolation), NaN if none varies
     */
    public double quantile(double p) {
        double[] s = sorted();
        if (s.length == 0) {
            return Double.NaN;
        }
        double pos = Math.max(0, Math.min(1, p)) * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        double f = pos - lo;
        return s[lo] == s[hi] ? s[lo] : s[lo] + f * (s[hi] - s[lo]);
    }

    /** @return units that vary */
    public int varyingUnits() {
        return units - constantUnits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerInvariance l && layer.equals(l.layer) && units == l.units
                && Double.compare(value, l.value) == 0 && Arrays.equals(perUnit, l.perUnit)
                && constantUnits == l.constantUnits && denominator == l.denominator;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(layer, units, value, Arrays.hashCode(perUnit), constantUnits, denominator);
    }

    @Override
    public String toString() {
        return layer + ": " + value + " over " + varyingUnits() + "/" + units + " units (" + denominator + ")";
    }
}
