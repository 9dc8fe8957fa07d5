package org.orbitscope.analysis.embedding;

/**
 * Principal component analysis by the eigen-decomposition of the covariance matrix (cyclic Jacobi), in
 * pure Java: smile's PCA goes through native LAPACK, which this build does not ship.
 */
public final class Pca {

    private Pca() {
    }

    /**
     * Projects centred rows onto their top principal components.
     *
     * @param data row-major values, {@code rows x cols}
     * @param rows number of rows
     * @param cols number of columns (a few hundred at most: the covariance is {@code cols x cols})
     * @param k components to keep, {@code 1 <= k}; capped at {@code cols}
     * @return {@code rows x min(k, cols)} scores, components ordered by decreasing variance
     */
    public static double[][] project(float[] data, int rows, int cols, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (data.length < (long) rows * cols) {
            throw new IllegalArgumentException("data holds " + data.length + " values, fewer than " + rows + " x "
                    + cols);
        }
        int m = Math.min(k, cols);
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += data[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= Math.max(1, rows);
        }
        double[][] cov = new double[cols][cols];
        double[] row = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                row[c] = data[r * cols + c] - mean[c];
            }
            for (int i = 0; i < cols; i++) {
                double v = row[i];
                if (v == 0) {
                    continue;
                }
                double[] ci = cov[i];
                for (int j = i; j < cols; j++) {
                    ci[j] += v * row[j];
                }
            }
        }
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) {
                cov[i][j] = cov[j][i];
            }
        }
        double[][] vectors = new double[cols][cols];
        double[] values = jacobi(cov, vectors);
        Integer[] order = new Integer[cols];
        for (int i = 0; i < cols; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] out = new double[rows][m];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                row[c] = data[r * cols + c] - mean[c];
            }
            for (int q = 0; q < m; q++) {
                int e = order[q];
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += row[c] * vectors[c][e];
                }
                out[r][q] = s;
            }
        }
        return out;
    }

    /**
     * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
     *
     * @param a symmetric matrix, destroyed
     * @param v receives the eigenvectors as columns
     * @return the eigenvalues, unordered
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-22 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i][i];
        }
        return d;
    }
}
