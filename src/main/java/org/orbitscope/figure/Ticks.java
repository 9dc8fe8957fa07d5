package org.orbitscope.figure;

/** Tick positions at "nice" values (1, 2, 2.5 or 5 times a power of ten). */
final class Ticks {

    private Ticks() {
    }

    /**
     * @param lo lower data bound
     * @param hi upper data bound
     * @param target about how many ticks
     * @return ascending ticks covering {@code [lo, hi]}
     */
    static double[] nice(double lo, double hi, int target) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double start = Math.floor(lo / step + 1e-9) * step;
        double end = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    /**
     * @param lo lower integer
     * @param hi upper integer
     * @param target about how many ticks
     * @return integer ticks (for log10 axes), every k-th so that there are at most about {@code target}
     */
    static double[] integers(double lo, double hi, int target) {
        int a = (int) lo;
        int b = Math.max((int) hi, a + 1);
        int step = Math.max(1, (int) Math.ceil((b - a) / (double) target));
        a = Math.floorDiv(a, step) * step;
        int n = (b - a + step - 1) / step + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = a + i * step;
        }
        return t;
    }
}
