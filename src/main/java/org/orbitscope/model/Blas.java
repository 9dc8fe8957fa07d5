package org.orbitscope.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Single-precision matrix products on plain Java arrays, computed by OpenBLAS (the library ND4J's CPU
 * backend ships) through its JavaCPP binding. All matrices are row-major and dense.
 *
 * <p>Why not ND4J's {@code INDArray.mmul}: each ND4J operation costs tens of microseconds of dispatch
 * and allocation, more than a 512x128x128 product itself; calling the BLAS directly on arrays the
 * JIT also uses for the element-wise work removes that overhead (see {@code orbitscope bench}).
 */
public final class Blas {

    static {
        Loader.load(openblas.class);
    }

    private Blas() {
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} with {@code op(A)} of shape m x k and {@code op(B)} of
     * shape k x n.
     *
     * @param transA use {@code A^T} (A stored k x m) instead of A (stored m x k)
     * @param transB use {@code B^T} (B stored n x k) instead of B (stored k x n)
     * @param m rows of the result
     * @param n columns of the result
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a left matrix
     * @param b right matrix
     * @param beta scale of the previous contents of {@code c} (0 overwrites)
     * @param c result, m x n
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            float[] b, float beta, float[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * k > a.length || (long) k * n > b.length || (long) m * n > c.length) {
            throw new IllegalArgumentException("gemm " + m + "x" + n + "x" + k + " does not fit arrays of "
                    + a.length + ", " + b.length + ", " + c.length);
        }
        openblas.cblas_sgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }

    /**
     * The same product on native memory. Java arrays cross into native code as copies of the whole array
     * (twice: in and back out), which costs more than the product when the arrays are large and the product
     * is called many times on them; native buffers are passed as they are.
     *
     * @param transA use {@code A^T} (A stored k x m)
     * @param transB use {@code B^T} (B stored n x k)
     * @param m rows of the result
     * @param n columns of the result
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a left matrix, at least m x k values
     * @param b right matrix, at least k x n values
     * @param beta scale of the previous contents of {@code c}
     * @param c result, at least m x n values
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a,
            FloatPointer b, float beta, FloatPointer c) {
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * k > a.limit() || (long) k * n > b.limit() || (long) m * n > c.limit()) {
            throw new IllegalArgumentException("gemm " + m + "x" + n + "x" + k + " does not fit buffers of "
                    + a.limit() + ", " + b.limit() + ", " + c.limit());
        }
        openblas.cblas_sgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }

    /**
     * The double-precision product on native memory, for sums that must keep double precision (distances by
     * their Gram matrix).
     *
     * @param transA use {@code A^T} (A stored k x m)
     * @param transB use {@code B^T} (B stored n x k)
     * @param m rows of the result
     * @param n columns of the result
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a left matrix, at least m x k values
     * @param b right matrix, at least k x n values
     * @param beta scale of the previous contents of {@code c}
     * @param c result, at least m x n values
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DoublePointer a,
            DoublePointer b, double beta, DoublePointer c) {
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * k > a.limit() || (long) k * n > b.limit() || (long) m * n > c.limit()) {
            throw new IllegalArgumentException("gemm " + m + "x" + n + "x" + k + " does not fit buffers of "
                    + a.limit() + ", " + b.limit() + ", " + c.limit());
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }
}
