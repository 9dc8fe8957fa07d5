package org.orbitscope.analysis.embedding;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.orbitscope.model.Blas;

/**
 * The exact k nearest neighbours of every point, for many points: the squared distances of a block of rows to
 * all points come from one matrix product, {@code |a|^2 + |b|^2 - 2 a.b} (OpenBLAS, float), each row keeps its
 * {@code k + }{@value #SPARE} best candidates (ties by index), and those are re-ranked by their distances in
 * double, so the result is the exact neighbour list (nearest first, ties by index) unless more than
 * {@value #SPARE} points lie within float rounding of the k-th distance without being equal to it. The operands
 * stay in native memory (a Java array would be copied whole at every product).
 */
public final class NearestNeighbours {

    /** Point counts above which t-SNE uses this search instead of the point-by-point loop. */
    public static final int BLOCKED_FROM = 5_000;
    /** Extra candidates kept per row against float rounding. */
    static final int SPARE = 8;
    /** Rows per matrix product (bounds the block of distances to 128 x n floats). */
    private static final int BLOCK = 128;

    private NearestNeighbours() {
    }

    /**
     * @param x the points, {@code n x d}
     * @param k neighbours per point, below n
     * @param d2 receives each point's squared distances to its neighbours (double), ascending
     * @param cancelled polled once per block
     * @return each point's neighbours, nearest first
     * @throws CancellationException if {@code cancelled} turns true
     */
    public static int[][] of(double[][] x, int k, double[][] d2, BooleanSupplier cancelled) {
        int n = x.length;
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("need 1 <= k < points, got " + k + " for " + n);
        }
        int d = x[0].length;
        float[] xf = new float[n * d];
        float[] norms = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                xf[i * d + c] = (float) x[i][c];
                s += (double) xf[i * d + c] * xf[i * d + c];
            }
            norms[i] = (float) s;
        }
        int keep = Math.min(n - 1, k + SPARE);
        int[][] out = new int[n][];
        try (FloatPointer all = new FloatPointer((long) n * d);
                FloatPointer rows = new FloatPointer((long) BLOCK * d);
                FloatPointer block = new FloatPointer((long) BLOCK * n)) {
            all.put(xf, 0, xf.length);
            FloatBuffer dist = block.asBuffer();
            for (int r0 = 0; r0 < n; r0 += BLOCK) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("t-SNE cancelled while finding neighbours");
                }
                int m = Math.min(BLOCK, n - r0);
                rows.position(0).put(xf, r0 * d, m * d);
                rows.position(0);
                Blas.gemm(false, true, m, n, d, -2f, rows, all, 0f, block);
                int start = r0;
                IntStream.range(0, m).parallel().forEach(r -> out[start + r] = rerank(x, start + r,
                        candidates(dist, r * n, n, start + r, norms, keep), k, d2));
            }
        }
        return out;
    }

    /** The {@code keep} smallest of one row of distances (without the point itself), in no order. */
    private static int[] candidates(FloatBuffer block, int offset, int n, int i, float[] norms, int keep) {
        int[] idx = new int[keep];
        float[] dist = new float[keep];
        int size = 0;
        float ni = norms[i];
        for (int j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            float v = block.get(offset + j) + ni + norms[j];
            if (size < keep) {
                idx[size] = j;
                dist[size] = v;
                up(idx, dist, size++);
            } else if (v < dist[0]) {
                idx[0] = j;
                dist[0] = v;
                down(idx, dist, keep);
            }
        }
        return idx;
    }

    /** The k best of the candidates by their exact distance in double, nearest first, ties by index. */
    private static int[] rerank(double[][] x, int i, int[] candidates, int k, double[][] d2) {
        int c = candidates.length;
        double[] exact = new double[c];
        double[] xi = x[i];
        for (int a = 0; a < c; a++) {
            double[] xj = x[candidates[a]];
            double s = 0;
            for (int t = 0; t < xi.length; t++) {
                double diff = xi[t] - xj[t];
                s += diff * diff;
            }
            exact[a] = s;
        }
        Integer[] order = new Integer[c];
        for (int a = 0; a < c; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (p, q) -> exact[p] != exact[q] ? Double.compare(exact[p], exact[q])
                : Integer.compare(candidates[p], candidates[q]));
        int[] result = new int[k];
        double[] dist = new double[k];
        for (int a = 0; a < k; a++) {
            result[a] = candidates[order[a]];
            dist[a] = exact[order[a]];
        }
        d2[i] = dist;
        return result;
    }

    /** Heap order: a larger distance, or the same distance and a larger index, is worse. */
    private static boolean worse(int[] idx, float[] d, int a, int b) {
        return d[a] > d[b] || d[a] == d[b] && idx[a] > idx[b];
    }

    private static void up(int[] idx, float[] d, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!worse(idx, d, at, parent)) {
                return;
            }
            swap(idx, d, parent, at);
            at = parent;
        }
    }

    private static void down(int[] idx, float[] d, int size) {
        int at = 0;
        while (true) {
            int largest = at;
            int left = 2 * at + 1;
            int right = left + 1;
            if (left < size && worse(idx, d, left, largest)) {
                largest = left;
            }
            if (right < size && worse(idx, d, right, largest)) {
                largest = right;
            }
            if (largest == at) {
                return;
            }
            swap(idx, d, at, largest);
            at = largest;
        }
    }

    private static void swap(int[] idx, float[] d, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        float td = d[a];
        d[a] = d[b];
        d[b] = td;
    }
}
