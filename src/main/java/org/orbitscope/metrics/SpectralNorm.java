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
        int n = a.length;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < n; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
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
                }
            }
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = a[i][i];
        }
        return e;
    }
}
