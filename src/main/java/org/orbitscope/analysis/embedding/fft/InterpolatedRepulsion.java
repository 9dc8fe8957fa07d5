package org.orbitscope.analysis.embedding.fft;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_2D;
import org.orbitscope.analysis.embedding.Repulsion;

/**
 * The t-SNE repulsion by FFT-accelerated interpolation (FIt-SNE; Linderman, Rachh, Hoskins, Steinerberger and
 * Kluger, Nature Methods 2019), as openTSNE computes it in two dimensions.
 *
 * <p>The layout's bounding square is cut into boxes ({@link #boxWidth} wide: {@link #MAX_BOX_WIDTH} by default,
 * narrower for a compact layout), each with {@value #NODES} x {@value #NODES} equispaced interpolation nodes, so
 * that all nodes form one regular grid; the kernel's transform is computed again only when the grid's size or
 * spacing changes.
 * Every point spreads four charges {@code 1, y1, y2, |y|^2} onto the nine nodes of its box with Lagrange
 * weights; the charges are convolved with the kernel {@code K(d) = 1 / (1 + |d|^2)^2} over the grid by FFT
 * (zero-padded to twice the grid, so without wrap-around); each point reads the four potentials back with
 * the same weights. From them, with {@code q_ij = 1 / (1 + |y_i - y_j|^2)}:
 * <pre>
 *   sum_j q_ij^2 (y_i - y_j) = y_i phi_0(i) - (phi_1(i), phi_2(i))
 *   Z = sum_{i != j} q_ij = sum_i [(1 + |y_i|^2) phi_0(i) - 2 y_i . (phi_1(i), phi_2(i)) + phi_3(i) - s_i]
 * </pre>
 * since {@code q_ij = q_ij^2 (1 + |y_i|^2 - 2 y_i . y_j + |y_j|^2)}, where {@code s_i} is the grid's own value of
 * the pair (i, i) (1 if it were exact; its force part vanishes by itself). The cost per call is linear in the points
 * plus five FFTs of the grid, whose size follows the layout's extent, not the number of points.
 *
 * <p>Where the grid would cost more than the sums over all pairs, {@code n^2 <= m^2 log2(m^2)} for an m x m FFT
 * (a few hundred points spread a thousand units apart), those sums are computed instead, exactly.
 *
 * <p>One instance per run: it keeps its FFT plans and buffers between calls. Not thread-safe.
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
     * Largest FFT grid side (three 2560 x 2560 complex grids take 315 MB): a layout wider than its nodes at the
     * widest box gets wider boxes, and less exact forces, rather than more memory.
     */
    public static final int MAX_FFT = 2560;
    /** FFT sizes JTransforms transforms fastest: powers of two and five times powers of two. */
    private static final int[] FFT_SIZES = fftSizes();
    /** Node positions within a box, as fractions of its width. */
    private static final double[] T = {1.0 / 6, 0.5, 5.0 / 6};

    private final double maxBoxWidth;
    private final boolean alwaysInterpolate;
    private DoubleFFT_2D fft;
    private int size;
    private double spacing;
    private double[] kernel;
    private double[] a;
    private double[] b;
    private int[] cell;
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
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 2 * n; c++) {
            lo = Math.min(lo, y[c]);
            hi = Math.max(hi, y[c]);
        }
        double span = hi - lo;
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
        // spread the charges: a = 1 + i y1, b = y2 + i |y|^2
        Arrays.fill(a, 0);
        Arrays.fill(b, 0);
        for (int p = 0; p < n; p++) {
            double px = y[2 * p];
            double py = y[2 * p + 1];
            double ux = (px - lo) / width;
            double uy = (py - lo) / width;
            int bx = Math.min(boxes - 1, (int) ux);
            int by = Math.min(boxes - 1, (int) uy);
            lagrange(ux - bx, wx, 3 * p);
            lagrange(uy - by, wy, 3 * p);
            int base = bx * NODES * m + by * NODES;
            cell[p] = base;
            double r2 = px * px + py * py;
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
        convolve(a);
        convolve(b);
        // the kernel between the nodes of one box, for each point's interpolated interaction with itself
        double delta = width / NODES;
        double[][] near = new double[2 * NODES - 1][2 * NODES - 1];
        for (int u = 0; u < near.length; u++) {
            for (int v = 0; v < near.length; v++) {
                double dx = (u - NODES + 1) * delta;
                double dy = (v - NODES + 1) * delta;
                double q = 1 / (1 + dx * dx + dy * dy);
                near[u][v] = q * q;
            }
        }
        // read the potentials back
        double z = 0;
        double self = 0;
        for (int p = 0; p < n; p++) {
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
            z += (1 + px * px + py * py) * phi0 - 2 * (px * phi1 + py * phi2) + phi3;
            self += selfTerm(wx, wy, 3 * p, near);
        }
        return z - self;
    }

    /**
     * The interpolated kernel between a point and itself, {@code sum w_a w_b K(a - b)} over the nodes a, b of its
     * box: what the grid added to Z for the pair (i, i). Subtracting it instead of the exact {@code K(0) = 1}
     * leaves the interpolation error of the self-pairs out of Z, which dominates where the points are sparse.
     */
    private static double selfTerm(double[] wx, double[] wy, int at, double[][] near) {
        double sum = 0;
        for (int s = 0; s < NODES; s++) {
            for (int t = 0; t < NODES; t++) {
                double w = wx[at + s] * wy[at + t];
                for (int s2 = 0; s2 < NODES; s2++) {
                    for (int t2 = 0; t2 < NODES; t2++) {
                        sum += w * wx[at + s2] * wy[at + t2] * near[s - s2 + NODES - 1][t - t2 + NODES - 1];
                    }
                }
            }
        }
        return sum;
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

    /** {@code v := IFFT(FFT(v) * FFT(kernel))}, the kernel's transform already in {@link #kernel}. */
    private void convolve(double[] v) {
        fft.complexForward(v);
        for (int i = 0; i < v.length; i += 2) {
            double re = v[i] * kernel[i] - v[i + 1] * kernel[i + 1];
            double im = v[i] * kernel[i + 1] + v[i + 1] * kernel[i];
            v[i] = re;
            v[i + 1] = im;
        }
        fft.complexInverse(v, true);
    }

    /**
     * Plans the FFT of an m x m grid and transforms the kernel on it for a node spacing, both kept while they
     * hold: the kernel depends on the grid size and spacing only. Offsets up to m/2 in each direction, wrapped
     * around, serve any grid of at most m/2 nodes.
     */
    private void prepare(int m, int n, double delta) {
        if (m != size) {
            size = m;
            spacing = Double.NaN;
            fft = new DoubleFFT_2D(m, m);
            kernel = new double[2 * m * m];
            a = new double[2 * m * m];
            b = new double[2 * m * m];
        }
        if (delta != spacing) {
            spacing = delta;
            Arrays.fill(kernel, 0);
            for (int i = 0; i < m; i++) {
                double dx = (i <= m / 2 ? i : i - m) * delta;
                for (int j = 0; j < m; j++) {
                    double dy = (j <= m / 2 ? j : j - m) * delta;
                    double q = 1 / (1 + dx * dx + dy * dy);
                    kernel[2 * (i * m + j)] = q * q;
                }
            }
            fft.complexForward(kernel);
        }
        if (cell == null || cell.length < n) {
            cell = new int[n];
            wx = new double[3 * n];
            wy = new double[3 * n];
        }
    }
}
