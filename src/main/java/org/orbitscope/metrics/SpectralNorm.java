package org.orbitscope.metrics;

/**
 * Largest singular value of a small-by-large matrix (such as a 9 x 1296 Jacobian), through the
 * eigenvalues of its k x k Gram matrix {@code J J^T} found by the cyclic Jacobi method.
 */
public final class SpectralNorm {

    private SpectralNorm() {
    }

    /**
     * @param m row-major matrix of {@code rows x cols}
     * @param off offset of the matrix in {@code m}
     * @param rows rows (the small dimension; the Gram matrix is rows x rows)
     * @param cols columns
     * @return {@code sigma_max(m)}
     */
    public static double of(float[] m, int off, int rows, int cols) {
        double[][] gram = new double[rows][rows];
        for (int a = 0; a < rows; a++) {
            for (int b = a; b < rows; b++) {
                double s = 0;
                int oa = off + a * cols;
                int ob = off + b * cols;
                for (int i = 0; i < cols; i++) {
                    s += (double) m[oa + i] * m[ob + i];
                }
                gram[a][b] = s;
                gram[b][a] = s;
            }
        }
        double[] eig = symmetricEigenvalues(gram);
        double max = 0;
        for (double e : eig) {
            max = Math.max(max, e);
        }
        return Math.sqrt(max);
    }

    /**
     * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (accurate to machine precision for the
     * small matrices used here).
     *
     * @param a symmetric matrix (destroyed)
     * @return its eigenvalues, unordered
     */
    public static double[] symmetricEigenvalues(double[][] a) {
        return symmetricEigen(a, null, 1e-30);
    }

    /**
     * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
     *
     * @param a symmetric matrix (destroyed)
     * @param v {@code n x n}, receives the eigenvectors as columns; {@code null} when only the values are needed
     * @param tolerance sweeps stop once the squared off-diagonal norm is below this fraction of the squared
     *     diagonal norm; the eigenvalues are then accurate to about this fraction
     * @return the eigenvalues, unordered, in the order of the columns of {@code v}
     */
    public static double[] symmetricEigen(double[][] a, double[][] v, double tolerance) {
        int n = a.length;
        if (v != null) {
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(v[i], 0);
                v[i][i] = 1;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < n; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= tolerance * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(a, p, q, c, s, true);
                    rotate(a, p, q, c, s, false);
                    if (v != null) {
                        rotate(v, p, q, c, s, true);
                    }
                }
            }
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = a[i][i];
        }
        return e;
    }

    /** Applies a Jacobi rotation of columns (or rows) {@code p} and {@code q}. */
    private static void rotate(double[][] m, int p, int q, double c, double s, boolean columns) {
        for (int k = 0; k < m.length; k++) {
            if (columns) {
                double mkp = m[k][p];
                double mkq = m[k][q];
                m[k][p] = c * mkp - s * mkq;
                m[k][q] = s * mkp + c * mkq;
            } else {
                double mpk = m[p][k];
                double mqk = m[q][k];
                m[p][k] = c * mpk - s * mqk;
                m[q][k] = s * mpk + c * mqk;
            }
        }
    }
}
