package org.orbitscope.analysis.embedding.umap;

/**
 * The parameters a, b of UMAP's layout similarity {@code 1 / (1 + a d^(2b))}: the least-squares fit of that curve
 * to 1 below the minimum distance and {@code exp(-(d - minDist) / spread)} beyond it, on 300 evenly spaced
 * distances from 0 to {@code 3 spread}, as umap-learn's {@code find_ab_params} fits it (there with SciPy's
 * {@code curve_fit}, here with Levenberg-Marquardt steps from the same start, a = b = 1).
 */
public final class CurveFit {

    /** Distances sampled. */
    static final int SAMPLES = 300;
    private static final int MAX_STEPS = 500;
    private static final double TOLERANCE = 1e-14;

    private CurveFit() {
    }

    /**
     * @param spread the layout's distance scale, above 0
     * @param minDist the minimum distance, 0 to {@code spread}
     * @return {@code {a, b}}
     */
    public static double[] ab(double spread, double minDist) {
        double[] x = new double[SAMPLES];
        double[] y = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = 3 * spread * i / (SAMPLES - 1);
            y[i] = x[i] < minDist ? 1 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, y, a, b);
        for (int step = 0; step < MAX_STEPS; step++) {
            // normal equations of the residuals r = y - f and the Jacobian of f
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (x[i] == 0) {
                    continue; // f(0) = 1 whatever a and b: no gradient, no residual
                }
                double u = Math.pow(x[i], 2 * b);
                double f = 1 / (1 + a * u);
                double da = -u * f * f;
                double db = -a * u * 2 * Math.log(x[i]) * f * f;
                double r = y[i] - f;
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            boolean moved = false;
            while (lambda < 1e12) {
                double maa = jaa * (1 + lambda);
                double mbb = jbb * (1 + lambda);
                double det = maa * mbb - jab * jab;
                double stepA = (mbb * ga - jab * gb) / det;
                double stepB = (maa * gb - jab * ga) / det;
                double c = cost(x, y, a + stepA, b + stepB);
                if (c <= cost) {
                    double change = Math.abs(stepA) / Math.abs(a) + Math.abs(stepB) / Math.abs(b);
                    a += stepA;
                    b += stepB;
                    lambda = Math.max(1e-12, lambda / 10);
                    boolean done = cost - c <= TOLERANCE * cost || change <= TOLERANCE;
                    cost = c;
                    moved = !done;
                    break;
                }
                lambda *= 10;
            }
            if (!moved) {
                break;
            }
        }
        return new double[] {a, b};
    }

    private static double cost(double[] x, double[] y, double a, double b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double f = x[i] == 0 ? 1 : 1 / (1 + a * Math.pow(x[i], 2 * b));
            s += (y[i] - f) * (y[i] - f);
        }
        return s;
    }
}
