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
        double[] values = org.orbitscope.metrics.SpectralNorm.symmetricEigen(cov, vectors, 1e-22);
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
}
