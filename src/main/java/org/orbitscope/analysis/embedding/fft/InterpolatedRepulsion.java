package org.orbitscope.analysis.embedding.fft;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.orbitscope.analysis.embedding.Repulsion;

/**
 * The t-SNE repulsion by FFT-accelerated interpolation (FIt-SNE; Linderman, Rachh, Hoskins, Steinerberger and
 * Kluger, Nature Methods 2019), as openTSNE computes it in two dimensions.
 *
 * <p>The layout's bounding square is cut into boxes ({@link #boxWidth} wide: {@link #MAX_BOX_WIDTH} by default,
 * narrower for a compact layout), each with {@value #NODES} x {@value #NODES} equispaced interpolation nodes, so
 * that all nodes form one regular grid; the kernel's transforms for the last few grid sizes and spacings are
 * kept, so that a layout whose extent hovers at a size's limit does not transform the kernel at every call.
 * Every point spreads four charges {@code 1, y1, y2, |y|^2} onto the nine nodes of its box with Lagrange
 * weights; the charges are convolved with the kernel {@code K(d) = 1 / (1 + |d|^2)^2} over the grid by FFT
 * (zero-padded to twice the grid, so without wrap-around); each point reads the four potentials back with
 * the same weights. Only the grid's own quarter of the padded square holds charges and only it is read back, so
 * the convolution transforms the rows of that quarter, every column once each way (multiplied by the kernel's
 * transform in between), and the rows of that quarter back: about 0.55 of the time of two full 2-D transforms,
 * on every core. From the potentials, with {@code q_ij = 1 / (1 + |y_i - y_j|^2)}:
 * <pre>
 *   sum_j q_ij^2 (y_i - y_j) = y_i phi_0(i) - (phi_1(i), phi_2(i))
 *   Z = sum_{i != j} q_ij = sum_i [(1 + |y_i|^2) phi_0(i) - 2 y_i . (phi_1(i), phi_2(i)) + phi_3(i) - s_i]
 * </pre>
 * since {@code q_ij = q_ij^2 (1 + |y_i|^2 - 2 y_i . y_j + |y_j|^2)}, where {@code s_i} is the grid's own value of
 * the pair (i, i) (1 if it were exact; its force part vanishes by itself). The cost per call is linear in the points
 * plus the transforms of the grid, whose size follows the layout's extent, not the number of points.
 *
 * <p>Where the grid would cost more than the sums over all pairs, {@code n^2 <= m^2 log2(m^2)} for an m x m FFT
 * (a few hundred points spread a thousand units apart), those sums are computed instead, exactly.
 *
 * <p>One instance per run: it keeps its FFT plans and buffers between calls; each call uses every core, and its
 * result does not depend on their number. Not thread-safe.
 */
public final class InterpolatedRepulsion implements Repulsion {

    /** Interpolation nodes per box and dimension (FIt-SNE's and openTSNE's default). */
    public static final int NODES = 3;
    /**
     * Widest box by default, in layout units, as openTSNE's: the kernel varies on the scale of 1. The error of the
     * forces shrinks with the cube of the width: about 1% of their norm at width 1 in dense clusters, below 1e-4
     * at width 0.25.
     */
    public static final double MAX_BOX_WIDTH = 1;
    /** Fewest boxes across a layout (halving the width down to a millionth of the widest). */
    public static final int MIN_BOXES = 50;
    /**
     * Largest FFT grid side (two 2560 x 2560 complex grids take 210 MB, each kernel transform kept 52 MB): a
     * layout wider than its nodes at the widest box gets wider boxes, and less exact forces, rather than more
     * memory.
     */
    public static final int MAX_FFT = 2560;
    /** FFT sizes JTransforms transforms fastest: powers of two and five times powers of two. */
    private static final int[] FFT_SIZES = fftSizes();
    /** Node positions within a box, as fractions of its width. */
    private static final double[] T = {1.0 / 6, 0.5, 5.0 / 6};

    /** Kernel transforms kept (a few MB each at the usual sizes). */
    private static final int KERNELS_KEPT = 4;
    /** Columns a task gathers from the grid at once: four complex values fill one 64-byte cache line. */
    private static final int COLUMNS = 4;

    private final double maxBoxWidth;
    private final boolean alwaysInterpolate;
    private final int tasks = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** One 1-D plan per task (JTransforms' plans are read-only once made, but one each costs nothing). */
    private DoubleFFT_1D[] plans;
    /** Per task, {@link #COLUMNS} column buffers of {@code 2m} values. */
    private double[][][] columns;
    private int size;
    /** The kernel's transform on the m x m grid: real, as the kernel is even in both offsets. */
    private double[] kernel;
    /** The kernel's transforms by grid size and spacing, the most recently used last. */
    private final java.util.LinkedHashMap<String, double[]> kernels = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, double[]> eldest) {
            return size() > KERNELS_KEPT;
        }
    };
    private double[] a;
    private double[] b;
    /** Leading values of {@link #a} and {@link #b} that may be non-zero from the last call. */
    private int dirty;
    private int[] cell;
    private int[] box;
    private int[] order;
    private double[] wx;
    private double[] wy;
    private int lastBoxes;

    /** Boxes at most {@link #MAX_BOX_WIDTH} wide. */
    public InterpolatedRepulsion() {
        this(MAX_BOX_WIDTH);
    }

    /** @param maxBoxWidth the widest box, in layout units (finer is more exact and slower) */
    public InterpolatedRepulsion(double maxBoxWidth) {
        this(maxBoxWidth, false);
    }

    /**
     * @param maxBoxWidth the widest box
     * @param alwaysInterpolate interpolate even where the sum over all pairs would be cheaper (for tests and
     *     measurements of the interpolation itself)
     */
    public InterpolatedRepulsion(double maxBoxWidth, boolean alwaysInterpolate) {
        if (!(maxBoxWidth > 0)) {
            throw new IllegalArgumentException("box width must be positive, got " + maxBoxWidth);
        }
        this.maxBoxWidth = maxBoxWidth;
        this.alwaysInterpolate = alwaysInterpolate;
    }

    /** @return boxes per dimension of the last call, 0 if it summed over all pairs (for tests and progress) */
    public int boxes() {
        return lastBoxes;
    }

    private static int[] fftSizes() {
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>();
        for (int p = 16; p <= MAX_FFT; p <<= 1) {
            sizes.add(p);
            if (5 * p / 4 <= MAX_FFT) {
                sizes.add(5 * p / 4);
            }
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param nodes grid nodes per dimension
     * @return the FFT size for that grid: the smallest fast size that holds it twice (no wrap-around)
     */
    static int fftSize(int nodes) {
        for (int m : FFT_SIZES) {
            if (m >= 2 * nodes) {
                return m;
            }
        }
        throw new IllegalArgumentException("a layout too wide for the FFT grid: " + nodes + " nodes");
    }

    /**
     * The box width for a layout: at most {@code maxWidth}, and halved until there are at least {@link #MIN_BOXES}
     * boxes across (as openTSNE's 50 intervals at least), so that a compact layout is resolved as finely as a wide
     * one; a power-of-two multiple of {@code maxWidth}, so that the kernel's transform is reused while it holds;
     * doubled beyond {@code maxWidth} only for a layout too wide for {@link #MAX_FFT}.
     *
     * @param span the layout's extent
     * @param maxWidth the widest box
     * @return the width
     */
    static double boxWidth(double span, double maxWidth) {
        double w = maxWidth;
        while (span < MIN_BOXES * w && w > maxWidth * 1e-6) {
            w /= 2;
        }
        // no more boxes than the largest grid holds
        int most = MAX_FFT / 2 / NODES - 1;
        while (boxesFor(span, w) > most) {
            w *= 2;
        }
        return w;
    }

    /**
     * @param span the layout's extent (width of its bounding square)
     * @param width the box width
     * @return boxes per dimension that cover the span
     */
    static int boxesFor(double span, double width) {
        return (int) Math.floor(span / width) + 1;
    }

    @Override
    public double compute(double[] y, int n, double[] out) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 2 * n; c++) {
            low = Math.min(low, y[c]);
            high = Math.max(high, y[c]);
        }
        double lo = low;
        double span = high - low;
        double width = boxWidth(span, maxBoxWidth);
        int boxes = boxesFor(span, width);
        lastBoxes = boxes;
        int m = fftSize(boxes * NODES);
        if (!alwaysInterpolate && (long) n * n <= (long) m * m * (2L * Integer.numberOfTrailingZeros(
                Integer.highestOneBit(m)) + 1)) {
            // few points far apart: the grid would cost more than every pair
            lastBoxes = 0;
            return Repulsion.exact(y, n, out);
        }
        prepare(m, n, width / NODES);
        int nodes = boxes * NODES;
        // each point's box and weights, and the points ordered by box (stably, so by index within a box): the
        // grid is then read and written in order, where in index order nearly every point missed the cache
        int[] first = new int[boxes * boxes + 1];
        IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int p = task * n / tasks, end = (task + 1) * n / tasks; p < end; p++) {
                double ux = (y[2 * p] - lo) / width;
                double uy = (y[2 * p + 1] - lo) / width;
                int bx = Math.min(boxes - 1, (int) ux);
                int by = Math.min(boxes - 1, (int) uy);
                lagrange(ux - bx, wx, 3 * p);
                lagrange(uy - by, wy, 3 * p);
                cell[p] = bx * NODES * m + by * NODES;
                box[p] = bx * boxes + by;
            }
        });
        for (int p = 0; p < n; p++) {
            first[box[p] + 1]++;
        }
        for (int c = 0; c < boxes * boxes; c++) {
            first[c + 1] += first[c];
        }
        int[] fill = Arrays.copyOf(first, boxes * boxes);
        for (int p = 0; p < n; p++) {
            order[fill[box[p]]++] = p;
        }
        // spread the charges, a = 1 + i y1 and b = y2 + i |y|^2: a box's nodes are its own, so tasks that take
        // whole rows of boxes write disjoint rows of the grid, each node's sum in the same order on any threads
        Arrays.fill(a, 0, dirty, 0);
        Arrays.fill(b, 0, dirty, 0);
        dirty = 2 * nodes * m;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int from = first[task * boxes / tasks * boxes];
            int to = first[(task + 1) * boxes / tasks * boxes];
            for (int o = from; o < to; o++) {
                int p = order[o];
                double px = y[2 * p];
                double py = y[2 * p + 1];
                double r2 = px * px + py * py;
                int base = cell[p];
                for (int s = 0; s < NODES; s++) {
                    double fx = wx[3 * p + s];
                    for (int t = 0; t < NODES; t++) {
                        double w = fx * wy[3 * p + t];
                        int at = 2 * (base + s * m + t);
                        a[at] += w;
                        a[at + 1] += w * px;
                        b[at] += w * py;
                        b[at + 1] += w * r2;
                    }
                }
            }
        });
        convolve(a, nodes);
        convolve(b, nodes);
        // the kernel between the nodes of one box by offset (|du|, |dv|), for each point's interaction with itself
        double delta = width / NODES;
        double[] near = new double[NODES * NODES];
        for (int u = 0; u < NODES; u++) {
            for (int v = 0; v < NODES; v++) {
                double q = 1 / (1 + (u * u + v * v) * delta * delta);
                near[NODES * u + v] = q * q;
            }
        }
        // read the potentials back, each point on its own: per point, the same sums on any number of threads
        double[] zp = new double[n];
        IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int o = task * n / tasks, end = (task + 1) * n / tasks; o < end; o++) {
                int p = order[o];
                double phi0 = 0;
                double phi1 = 0;
                double phi2 = 0;
                double phi3 = 0;
                int base = cell[p];
                for (int s = 0; s < NODES; s++) {
                    double fx = wx[3 * p + s];
                    for (int t = 0; t < NODES; t++) {
                        double w = fx * wy[3 * p + t];
                        int at = 2 * (base + s * m + t);
                        phi0 += w * a[at];
                        phi1 += w * a[at + 1];
                        phi2 += w * b[at];
                        phi3 += w * b[at + 1];
                    }
                }
                double px = y[2 * p];
                double py = y[2 * p + 1];
                out[2 * p] = px * phi0 - phi1;
                out[2 * p + 1] = py * phi0 - phi2;
                zp[p] = (1 + px * px + py * py) * phi0 - 2 * (px * phi1 + py * phi2) + phi3
                        - selfTerm(wx, wy, 3 * p, near);
            }
        });
        double z = 0;
        for (double v : zp) {
            z += v;
        }
        return z;
    }

    /**
     * The interpolated kernel between a point and itself, {@code sum w_a w_b K(a - b)} over the nodes a, b of its
     * box: what the grid added to Z for the pair (i, i). Subtracting it instead of the exact {@code K(0) = 1}
     * leaves the interpolation error of the self-pairs out of Z, which dominates where the points are sparse.
     */
    private static double selfTerm(double[] wx, double[] wy, int at, double[] near) {
        // by node offset: A(d) = sum_{s - s2 = d} wx_s wx_s2, even in d, likewise B from wy; near[3 |du| + |dv|]
        double x0 = wx[at];
        double x1 = wx[at + 1];
        double x2 = wx[at + 2];
        double y0 = wy[at];
        double y1 = wy[at + 1];
        double y2 = wy[at + 2];
        double a0 = x0 * x0 + x1 * x1 + x2 * x2;
        double a1 = 2 * (x0 * x1 + x1 * x2);
        double a2 = 2 * x0 * x2;
        double b0 = y0 * y0 + y1 * y1 + y2 * y2;
        double b1 = 2 * (y0 * y1 + y1 * y2);
        double b2 = 2 * y0 * y2;
        return a0 * (b0 * near[0] + b1 * near[1] + b2 * near[2])
                + a1 * (b0 * near[3] + b1 * near[4] + b2 * near[5])
                + a2 * (b0 * near[6] + b1 * near[7] + b2 * near[8]);
    }

    /** Weights of the three nodes of a box for a point at fraction {@code t} of its width. */
    private static void lagrange(double t, double[] w, int at) {
        double a0 = t - T[0];
        double a1 = t - T[1];
        double a2 = t - T[2];
        // denominators (t0-t1)(t0-t2) = 2/9, (t1-t0)(t1-t2) = -1/9, (t2-t0)(t2-t1) = 2/9
        w[at] = a1 * a2 * 4.5;
        w[at + 1] = -a0 * a2 * 9;
        w[at + 2] = a0 * a1 * 4.5;
    }

    /**
     * {@code v := IFFT(FFT(v) * FFT(kernel))} on the m x m grid, for charges in its first {@code nodes} rows and
     * columns and potentials read from there only: the other rows are zero before and are not transformed, and the
     * potentials outside that quarter are not computed.
     */
    private void convolve(double[] v, int nodes) {
        int m = size;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int r = task; r < nodes; r += tasks) {
                plans[task].complexForward(v, 2 * r * m);
            }
        });
        IntStream.range(0, tasks).parallel().forEach(task -> {
            DoubleFFT_1D plan = plans[task];
            double[][] cols = columns[task];
            for (int c0 = task * m / tasks, end = (task + 1) * m / tasks; c0 < end; c0 += COLUMNS) {
                int width = Math.min(COLUMNS, end - c0);
                for (int r = 0; r < nodes; r++) {
                    int at = 2 * (r * m + c0);
                    for (int k = 0; k < width; k++) {
                        cols[k][2 * r] = v[at + 2 * k];
                        cols[k][2 * r + 1] = v[at + 2 * k + 1];
                    }
                }
                for (int k = 0; k < width; k++) {
                    double[] col = cols[k];
                    Arrays.fill(col, 2 * nodes, 2 * m, 0);
                    plan.complexForward(col);
                    for (int r = 0, at = c0 + k; r < m; r++, at += m) {
                        col[2 * r] *= kernel[at];
                        col[2 * r + 1] *= kernel[at];
                    }
                    plan.complexInverse(col, false);
                }
                for (int r = 0; r < nodes; r++) {
                    int at = 2 * (r * m + c0);
                    for (int k = 0; k < width; k++) {
                        v[at + 2 * k] = cols[k][2 * r];
                        v[at + 2 * k + 1] = cols[k][2 * r + 1];
                    }
                }
            }
        });
        double scale = 1.0 / ((double) m * m);
        IntStream.range(0, tasks).parallel().forEach(task -> {
            for (int r = task; r < nodes; r += tasks) {
                plans[task].complexInverse(v, 2 * r * m, false);
                for (int c = 2 * r * m, end = c + 2 * nodes; c < end; c++) {
                    v[c] *= scale;
                }
            }
        });
    }

    /**
     * Plans the FFT of an m x m grid and finds the kernel's transform on it for a node spacing (kept for the last
     * {@value #KERNELS_KEPT} sizes and spacings: it depends on nothing else). Offsets up to m/2 in each direction,
     * wrapped around, serve any grid of at most m/2 nodes.
     */
    private void prepare(int m, int n, double delta) {
        if (a == null || a.length < 2 * m * m) {
            // grids for the largest size so far: a smaller one uses their beginning
            a = new double[2 * m * m];
            b = new double[2 * m * m];
            dirty = 0;
        }
        if (m != size) {
            size = m;
            plans = new DoubleFFT_1D[tasks];
            columns = new double[tasks][COLUMNS][2 * m];
            for (int t = 0; t < tasks; t++) {
                plans[t] = new DoubleFFT_1D(m);
            }
        }
        kernel = kernels.computeIfAbsent(m + ":" + Double.doubleToLongBits(delta), key -> kernelTransform(m, delta));
        if (cell == null || cell.length < n) {
            cell = new int[n];
            box = new int[n];
            order = new int[n];
            wx = new double[3 * n];
            wy = new double[3 * n];
        }
    }

    /** The kernel's transform on an m x m grid of a node spacing (real: the kernel is even in both offsets). */
    private static double[] kernelTransform(int m, double delta) {
        double[] k = new double[2 * m * m];
        for (int i = 0; i < m; i++) {
            double dx = (i <= m / 2 ? i : i - m) * delta;
            for (int j = 0; j < m; j++) {
                double dy = (j <= m / 2 ? j : j - m) * delta;
                double q = 1 / (1 + dx * dx + dy * dy);
                k[2 * (i * m + j)] = q * q;
            }
        }
        new DoubleFFT_2D(m, m).complexForward(k);
        double[] re = new double[m * m];
        for (int i = 0; i < m * m; i++) {
            re[i] = k[2 * i];
        }
        return re;
    }
}
