package org.orbitscope.metrics;

/** Summary statistics used wherever results are aggregated (over samples, over seeds). */
public final class Stats {

    private Stats() {
    }

    /**
     * @param v values
     * @return their mean, NaN for none
     */
    public static double mean(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /**
     * @param v values
     * @return the sample standard deviation ({@code n - 1} in the denominator), 0 for fewer than two values
     */
    public static double sampleStd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double e : v) {
            s += (e - m) * (e - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
