package org.orbitscope.analysis.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.orbitscope.model.Blas;

/**
 * Orbit purity@k: for each point, the share of its k nearest neighbours (itself excluded) that belong to its
 * own orbit (the same sample under another group element), and beside it the share that has its own class.
 * The means over the points, and their ratio, say how a space is organised locally: an invariant model
 * gathers each orbit together (orbit share near the best possible), a model that encodes the group element
 * puts a point among other samples of its class (orbit share near 0, class share high).
 *
 * <p>A group of order |G| gives each point only |G| - 1 orbit mates, so the orbit share cannot exceed
 * {@code min(k, |G| - 1) / k} ({@link Result#bestOrbitShare()}).
 *
 * <p>Neighbours are exact, ties broken by the lower point index, so results do not depend on threads or
 * blocking. In the activation space (rows x dims, Euclidean) they come from a blocked brute force: squared
 * distances {@code |a|^2 + |b|^2 - 2 a.b} in float by {@link Blas#gemm} on tiles of rows (the norms ride along
 * as two extra columns, so one product gives the distance), a parallel selection of a few more candidates
 * than k per point, then the candidates' distances recomputed in double precision. A point whose candidates
 * cannot be proven to hold its k nearest (the float products' error bound reaches the k-th distance, as among
 * many identical points) is searched again by a double-precision scan of all points. In a 2-D layout they come
 * from a uniform grid searched ring by ring outwards.
 */
public final class OrbitPurity {

    /** Neighbours per point unless told otherwise. */
    public static final int DEFAULT_K = 10;

    /** Rows and columns of one tile of the distance matrix. */
    private static final int TILE = 1024;
    /** Largest row norm whose squared distances stay far from float overflow. */
    private static final double MAX_NORM = 1e15;
    /** Unit roundoff of float. */
    private static final double FLOAT_ROUNDOFF = 0x1p-24;
    /** Relative slack for the double-precision rounding of the exact distances and the bounds. */
    private static final double SLACK = 1e-12;
    /** Average points per grid cell. */
    private static final double POINTS_PER_CELL = 2;
    /** The grid spans this quantile to its complement of each coordinate; outliers go to the border cells. */
    private static final double WINDOW_QUANTILE = 0.01;

    private OrbitPurity() {
    }

    /**
     * The k nearest neighbours of every point, nearest first (ties by the lower index), itself excluded.
     *
     * @param k neighbours per point
     * @param indices {@code points x k}, row-major: the neighbours of point p are {@code indices[p*k .. p*k+k)}
     */
    public record Neighbours(int k, int[] indices) {

        /**
         * @param k neighbours per point, at least 1
         * @param indices a multiple of k point indices
         * @throws IllegalArgumentException if the length is not a multiple of k
         */
        public Neighbours {
            if (k < 1 || indices.length % k != 0) {
                throw new IllegalArgumentException("expected a multiple of k = " + k + " indices, got "
                        + indices.length);
            }
        }

        /** @return number of points */
        public int points() {
            return indices.length / k;
        }

        /**
         * @param point a point
         * @return its k nearest neighbours, nearest first (a copy)
         */
        public int[] of(int point) {
            return Arrays.copyOfRange(indices, point * k, point * k + k);
        }
    }

    /**
     * Mean shares of a point's k nearest neighbours that are in its orbit and in its class.
     *
     * @param orbit mean share of neighbours from the same sample
     * @param sameClass mean share of neighbours with the same class
     */
    public record Share(double orbit, double sameClass) {

        /** @return orbit / sameClass, NaN when no neighbour shares a class */
        public double ratio() {
            return sameClass > 0 ? orbit / sameClass : Double.NaN;
        }
    }

    /**
     * Orbit purity@k in the activation space and in a 2-D layout of the same points.
     *
     * @param k neighbours per point
     * @param groupOrder points per orbit, |G|
     * @param activations the shares among neighbours in the activation space
     * @param layout the shares among neighbours in the 2-D layout
     */
    public record Result(int k, int groupOrder, Share activations, Share layout) {

        /** @return the largest possible orbit share, {@code min(k, |G| - 1) / k} */
        public double bestOrbitShare() {
            return OrbitPurity.bestOrbitShare(k, groupOrder);
        }

        /**
         * @return one line with every number, e.g. {@code orbit purity@10: activations 0.620 (class 0.910, ratio
         *     0.681), layout 0.550 (class 0.880, ratio 0.625); best possible orbit share 0.300}
         */
        public String summary() {
            return String.format(Locale.ROOT, "orbit purity@%d: activations %.3f (class %.3f, ratio %.3f), layout "
                    + "%.3f (class %.3f, ratio %.3f); best possible orbit share %.3f", k, activations.orbit(),
                    activations.sameClass(), activations.ratio(), layout.orbit(), layout.sameClass(),
                    layout.ratio(), bestOrbitShare());
        }
    }

    /**
     * @param k neighbours per point, at least 1
     * @param groupOrder points per orbit, at least 1
     * @return {@code min(k, |G| - 1) / k}, the orbit share of a point whose orbit mates are all its nearest
     */
    public static double bestOrbitShare(int k, int groupOrder) {
        return Math.min(k, groupOrder - 1) / (double) k;
    }

    /**
     * Orbit purity of an embedding: its activations and its layout (the same points in the same order).
     *
     * @param activations the activations the layout was made from
     * @param layout the layout
     * @param k neighbours per point, {@code 1 <= k < points}
     * @return the shares in both spaces
     * @throws IllegalArgumentException if k is out of range or the point counts differ
     */
    public static Result of(OrbitActivations activations, OrbitEmbedding layout, int k) {
        Neighbours act = nearest(activations.values(), activations.points(), activations.width(), k, () -> false);
        return of(act, layout, activations.group().order());
    }

    /**
     * Orbit purity of a layout given the neighbours of its points in the activation space.
     *
     * @param activationNeighbours the neighbours in the activation space, point by point as in the layout
     * @param layout the layout
     * @param groupOrder points per orbit
     * @return the shares in both spaces, with the activation space's k
     * @throws IllegalArgumentException if the point counts differ
     */
    public static Result of(Neighbours activationNeighbours, OrbitEmbedding layout, int groupOrder) {
        List<EmbeddingPoint> pts = layout.points();
        int n = pts.size();
        if (activationNeighbours.points() != n) {
            throw new IllegalArgumentException("the layout has " + n + " points, the activation neighbours "
                    + activationNeighbours.points());
        }
        int[] sample = new int[n];
        int[] cls = new int[n];
        double[][] xy = new double[n][];
        for (int p = 0; p < n; p++) {
            EmbeddingPoint e = pts.get(p);
            sample[p] = e.sample();
            cls[p] = e.cls();
            xy[p] = new double[] {e.x(), e.y()};
        }
        int k = activationNeighbours.k();
        return new Result(k, groupOrder, share(activationNeighbours, sample, cls), share(nearest(xy, k), sample,
                cls));
    }

    /**
     * Mean orbit and class shares of given neighbours.
     *
     * @param neighbours the neighbours of each point
     * @param sample the sample (orbit) of each point
     * @param cls the class of each point
     * @return the mean shares
     * @throws IllegalArgumentException if the lengths differ
     */
    public static Share share(Neighbours neighbours, int[] sample, int[] cls) {
        int n = neighbours.points();
        int k = neighbours.k();
        if (sample.length != n || cls.length != n) {
            throw new IllegalArgumentException("expected " + n + " sample ids and classes, got " + sample.length
                    + " and " + cls.length);
        }
        int[] idx = neighbours.indices();
        long orbit = 0;
        long sameClass = 0;
        for (int p = 0; p < n; p++) {
            for (int r = p * k; r < p * k + k; r++) {
                int q = idx[r];
                if (sample[q] == sample[p]) {
                    orbit++;
                }
                if (cls[q] == cls[p]) {
                    sameClass++;
                }
            }
        }
        double pairs = (double) n * k;
        return new Share(orbit / pairs, sameClass / pairs);
    }

    private static void checkK(int k, int rows) {
        if (k < 1 || k >= rows) {
            throw new IllegalArgumentException("k must be between 1 and the number of points - 1 = " + (rows - 1)
                    + ", got k = " + k + " for " + rows + " points");
        }
    }

    // ---------------------------------------------------------------------
    // Activation space: blocked brute force
    // ---------------------------------------------------------------------

    /**
     * The k nearest neighbours of every row in Euclidean distance.
     *
     * @param x row-major points, {@code rows x dims}
     * @param rows number of points
     * @param dims dimensions per point
     * @param k neighbours per point, {@code 1 <= k < rows}
     * @param cancelled polled between tiles
     * @return the neighbours
     * @throws IllegalArgumentException if k is out of range, the array is too short or a value is not finite
     * @throws CancellationException if {@code cancelled} answers true
     */
    public static Neighbours nearest(float[] x, int rows, int dims, int k, BooleanSupplier cancelled) {
        return nearest(x, rows, dims, k, Math.min(rows - 1, k + Math.max(k, 8)), TILE, cancelled);
    }

    /**
     * As {@link #nearest(float[], int, int, int, BooleanSupplier)} with a given number of candidates per point.
     *
     * @param candidates points kept per row from the float distances, {@code k <= candidates < rows}
     * @param tileRows rows (and columns) of a tile of the distance matrix
     */
    static Neighbours nearest(float[] x, int rows, int dims, int k, int candidates, int tileRows,
            BooleanSupplier cancelled) {
        checkK(k, rows);
        if (dims < 1 || x.length < (long) rows * dims) {
            throw new IllegalArgumentException("expected " + rows + " rows of " + dims + " values, got "
                    + x.length + " values");
        }
        if (candidates < k || candidates >= rows) {
            throw new IllegalArgumentException("candidates must be between k and rows - 1, got " + candidates);
        }
        double[] sq = new double[rows];
        double maxNorm = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int d = i * dims; d < i * dims + dims; d++) {
                if (!Float.isFinite(x[d])) {
                    throw new IllegalArgumentException("value " + x[d] + " in row " + i);
                }
                s += (double) x[d] * x[d];
            }
            sq[i] = s;
            maxNorm = Math.max(maxNorm, Math.sqrt(s));
        }
        if (maxNorm > MAX_NORM) {
            throw new IllegalArgumentException("a row has a norm of " + maxNorm + ", beyond float distances");
        }
        // One product gives the squared distance: [a, |a|^2, 1] . [-2b, 1, |b|^2] = |a|^2 + |b|^2 - 2 a.b.
        // In float, |fl(u.v) - u.v| <= gamma_n sum |u_t v_t| for any order of summation (Higham, eq. 3.5),
        // here <= gamma_n (|a| + |b|)^2, plus the rounding of |a|^2 and |b|^2 to float.
        int width = dims + 2;
        double gamma = width * FLOAT_ROUNDOFF / (1 - width * FLOAT_ROUNDOFF) + FLOAT_ROUNDOFF;
        int tile = Math.max(1, Math.min(tileRows, rows));
        int tiles = (rows + tile - 1) / tile;
        float[][] left = new float[tiles][];
        float[][] right = new float[tiles][];
        for (int t = 0; t < tiles; t++) {
            int from = t * tile;
            int to = Math.min(rows, from + tile);
            left[t] = new float[(to - from) * width];
            right[t] = new float[(to - from) * width];
            for (int i = from; i < to; i++) {
                int o = (i - from) * width;
                for (int d = 0; d < dims; d++) {
                    left[t][o + d] = x[i * dims + d];
                    right[t][o + d] = -2 * x[i * dims + d];
                }
                left[t][o + dims] = (float) sq[i];
                left[t][o + dims + 1] = 1;
                right[t][o + dims] = 1;
                right[t][o + dims + 1] = (float) sq[i];
            }
        }
        int c = candidates;
        int[] out = new int[rows * k];
        float[] products = new float[tile * tile];
        double[] heapD = new double[tile * c];
        int[] heapI = new int[tile * c];
        int[] sizes = new int[tile];
        for (int bt = 0; bt < tiles; bt++) {
            int i0 = bt * tile;
            int m = Math.min(rows, i0 + tile) - i0;
            Arrays.fill(sizes, 0);
            for (int ct = 0; ct < tiles; ct++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("neighbour search cancelled");
                }
                int j0 = ct * tile;
                int w = Math.min(rows, j0 + tile) - j0;
                Blas.gemm(false, true, m, w, width, 1f, left[bt], right[ct], 0f, products);
                IntStream.range(0, m).parallel().forEach(r -> {
                    int i = i0 + r;
                    int base = r * c;
                    int size = sizes[r];
                    int row = r * w;
                    // columns come in increasing index order: an equal estimate never displaces a kept one
                    double top = size == c ? heapD[base] : Double.POSITIVE_INFINITY;
                    for (int jj = 0; jj < w; jj++) {
                        float est = products[row + jj];
                        if (est < top && j0 + jj != i) {
                            if (size < c) {
                                push(heapD, heapI, base, size++, est, j0 + jj);
                                if (size == c) {
                                    top = heapD[base];
                                }
                            } else {
                                replaceTop(heapD, heapI, base, c, est, j0 + jj);
                                top = heapD[base];
                            }
                        }
                    }
                    sizes[r] = size;
                });
            }
            double mx = maxNorm;
            IntStream.range(0, m).parallel().forEach(r -> {
                double reach = Math.sqrt(sq[i0 + r]) + mx;
                refine(x, dims, rows, k, c, i0 + r, heapD, heapI, r * c, gamma * reach * reach, out);
            });
        }
        return new Neighbours(k, out);
    }

    /**
     * Recomputes the candidates' distances in double and keeps the k nearest, or scans all rows when the
     * float estimates cannot rule out a point outside the candidates.
     */
    private static void refine(float[] x, int dims, int rows, int k, int c, int i, double[] heapD, int[] heapI,
            int base, double err, int[] out) {
        double estWorst = heapD[base];
        double[] d = new double[c];
        int[] idx = new int[c];
        for (int q = 0; q < c; q++) {
            idx[q] = heapI[base + q];
            d[q] = exact(x, dims, i, idx[q]);
        }
        sortPairs(d, idx, c);
        double kth = d[k - 1];
        // any point outside the candidates has an estimate >= estWorst, so a true distance >= estWorst - err;
        // err == 0 only when every row is zero: every estimate is then exactly 0, as is every distance
        boolean proven = c == rows - 1 || err == 0 || (estWorst - err) * (1 - SLACK) > kth * (1 + SLACK);
        if (proven) {
            System.arraycopy(idx, 0, out, i * k, k);
            return;
        }
        double[] hd = new double[k];
        int[] hi = new int[k];
        int size = 0;
        for (int j = 0; j < rows; j++) {
            if (j == i) {
                continue;
            }
            double dj = exact(x, dims, i, j);
            if (size < k) {
                push(hd, hi, 0, size++, dj, j);
            } else if (dj < hd[0]) {
                replaceTop(hd, hi, 0, k, dj, j);
            }
        }
        sortPairs(hd, hi, k);
        System.arraycopy(hi, 0, out, i * k, k);
    }

    /** The squared distance of rows i and j in double precision. */
    private static double exact(float[] x, int dims, int i, int j) {
        double s = 0;
        int a = i * dims;
        int b = j * dims;
        for (int t = 0; t < dims; t++) {
            double v = (double) x[a + t] - x[b + t];
            s += v * v;
        }
        return s;
    }

    // ---------------------------------------------------------------------
    // 2-D layout: uniform grid
    // ---------------------------------------------------------------------

    /**
     * The k nearest neighbours of every point of a 2-D layout in Euclidean distance, by a uniform grid of
     * about {@value #POINTS_PER_CELL} points per cell searched in rings around each point's cell.
     *
     * @param xy the points, {@code n x 2}
     * @param k neighbours per point, {@code 1 <= k < n}
     * @return the neighbours
     * @throws IllegalArgumentException if k is out of range or a coordinate is not finite
     */
    public static Neighbours nearest(double[][] xy, int k) {
        int n = xy.length;
        checkK(k, n);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int p = 0; p < n; p++) {
            xs[p] = xy[p][0];
            ys[p] = xy[p][1];
            if (!Double.isFinite(xs[p]) || !Double.isFinite(ys[p])) {
                throw new IllegalArgumentException("point " + p + " is not finite: (" + xs[p] + ", " + ys[p] + ")");
            }
        }
        Grid grid = new Grid(xs, ys);
        int[] out = new int[n * k];
        IntStream.range(0, n).parallel().forEach(p -> grid.search(p, k, out));
        return new Neighbours(k, out);
    }

    /**
     * Points bucketed by cell. The grid covers the central quantiles of each coordinate; a point beyond goes
     * to the border cell it is nearest to, which keeps the search's distance bound valid: a point of a cell
     * right of column a has {@code x >= left(a + 1)}, one left of it {@code x < right(a - 1)}, clamped or not.
     */
    private static final class Grid {
        private final double[] xs;
        private final double[] ys;
        private final double x0;
        private final double y0;
        private final double cell;
        private final int nx;
        private final int ny;
        private final int[] start;
        private final int[] members;
        private final double slack;

        Grid(double[] xs, double[] ys) {
            this.xs = xs;
            this.ys = ys;
            int n = xs.length;
            double[] qx = quantiles(xs);
            double[] qy = quantiles(ys);
            double sx = qx[1] - qx[0];
            double sy = qy[1] - qy[0];
            // cells of about POINTS_PER_CELL points of the window each: by area, or by length for points on a line
            double s = sx > 0 && sy > 0 ? Math.sqrt(sx * sy * POINTS_PER_CELL / n)
                    : Math.max(sx, sy) * POINTS_PER_CELL / n;
            if (!(s > 0)) {
                // most points coincide: any positive size is as good
                s = Math.max(1, Math.max(Math.abs(qx[0]), Math.abs(qy[0])));
            }
            cell = s;
            x0 = qx[0];
            y0 = qy[0];
            nx = (int) Math.min(n, Math.max(1, Math.ceil(sx / s)));
            ny = (int) Math.min(n, Math.max(1, Math.ceil(sy / s)));
            double scale = 0;
            for (int p = 0; p < n; p++) {
                scale = Math.max(scale, Math.max(Math.abs(xs[p]), Math.abs(ys[p])));
            }
            // rounding of the cell edges and of the cell of a point lying on an edge
            slack = 1e-12 * (scale + cell * Math.max(nx, ny));
            start = new int[nx * ny + 1];
            int[] cellOf = new int[n];
            for (int p = 0; p < n; p++) {
                cellOf[p] = column(xs[p]) * ny + row(ys[p]);
                start[cellOf[p] + 1]++;
            }
            for (int c = 0; c < nx * ny; c++) {
                start[c + 1] += start[c];
            }
            members = new int[n];
            int[] fill = Arrays.copyOf(start, nx * ny);
            for (int p = 0; p < n; p++) {
                members[fill[cellOf[p]]++] = p;
            }
        }

        private static double[] quantiles(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            int lo = (int) Math.floor(WINDOW_QUANTILE * (s.length - 1));
            int hi = (int) Math.ceil((1 - WINDOW_QUANTILE) * (s.length - 1));
            return new double[] {s[lo], s[hi]};
        }

        private int column(double x) {
            return (int) Math.max(0, Math.min(nx - 1, Math.floor((x - x0) / cell)));
        }

        private int row(double y) {
            return (int) Math.max(0, Math.min(ny - 1, Math.floor((y - y0) / cell)));
        }

        void search(int p, int k, int[] out) {
            double px = xs[p];
            double py = ys[p];
            int cx = column(px);
            int cy = row(py);
            double[] hd = new double[k];
            int[] hi = new int[k];
            int[] size = {0};
            for (int r = 0; ; r++) {
                int xl = cx - r;
                int xr = cx + r;
                int yb = cy - r;
                int yt = cy + r;
                visitRing(cx, cy, r, p, hd, hi, size, k);
                boolean left = xl <= 0;
                boolean right = xr >= nx - 1;
                boolean bottom = yb <= 0;
                boolean top = yt >= ny - 1;
                if (left && right && bottom && top) {
                    break;
                }
                if (size[0] == k) {
                    double gap = Double.POSITIVE_INFINITY;
                    if (!left) {
                        gap = Math.min(gap, px - (x0 + xl * cell));
                    }
                    if (!right) {
                        gap = Math.min(gap, x0 + (xr + 1) * cell - px);
                    }
                    if (!bottom) {
                        gap = Math.min(gap, py - (y0 + yb * cell));
                    }
                    if (!top) {
                        gap = Math.min(gap, y0 + (yt + 1) * cell - py);
                    }
                    gap -= slack;
                    // strictly nearer: a point outside at the same distance could have a lower index
                    if (gap > 0 && hd[0] * (1 + SLACK) < gap * gap) {
                        break;
                    }
                }
            }
            sortPairs(hd, hi, k);
            System.arraycopy(hi, 0, out, p * k, k);
        }

        /** Visits the cells at Chebyshev distance r from (cx, cy) that lie in the grid. */
        private void visitRing(int cx, int cy, int r, int p, double[] hd, int[] hi, int[] size, int k) {
            double px = xs[p];
            double py = ys[p];
            if (r == 0) {
                visit(cx * ny + cy, p, px, py, hd, hi, size, k);
                return;
            }
            int a0 = Math.max(0, cx - r);
            int a1 = Math.min(nx - 1, cx + r);
            for (int b : new int[] {cy - r, cy + r}) {
                if (b >= 0 && b < ny) {
                    for (int a = a0; a <= a1; a++) {
                        visit(a * ny + b, p, px, py, hd, hi, size, k);
                    }
                }
            }
            int b0 = Math.max(0, cy - r + 1);
            int b1 = Math.min(ny - 1, cy + r - 1);
            for (int a : new int[] {cx - r, cx + r}) {
                if (a >= 0 && a < nx) {
                    for (int b = b0; b <= b1; b++) {
                        visit(a * ny + b, p, px, py, hd, hi, size, k);
                    }
                }
            }
        }

        private void visit(int c, int p, double px, double py, double[] hd, int[] hi, int[] size, int k) {
            for (int m = start[c]; m < start[c + 1]; m++) {
                int q = members[m];
                if (q == p) {
                    continue;
                }
                double dx = xs[q] - px;
                double dy = ys[q] - py;
                double d = dx * dx + dy * dy;
                if (size[0] < k) {
                    push(hd, hi, 0, size[0]++, d, q);
                } else if (less(d, q, hd[0], hi[0])) {
                    replaceTop(hd, hi, 0, k, d, q);
                }
            }
        }
    }

    // ---------------------------------------------------------------------
    // Bounded max-heaps of (distance, index) in flat arrays, ordered by distance then index
    // ---------------------------------------------------------------------

    private static boolean less(double da, int ia, double db, int ib) {
        return da < db || (da == db && ia < ib);
    }

    /** Adds an entry to a heap of {@code size} entries at {@code base}. */
    private static void push(double[] hd, int[] hi, int base, int size, double d, int idx) {
        int c = size;
        while (c > 0) {
            int parent = (c - 1) / 2;
            if (!less(hd[base + parent], hi[base + parent], d, idx)) {
                break;
            }
            hd[base + c] = hd[base + parent];
            hi[base + c] = hi[base + parent];
            c = parent;
        }
        hd[base + c] = d;
        hi[base + c] = idx;
    }

    /** Replaces the largest entry of a full heap of {@code size} entries. */
    private static void replaceTop(double[] hd, int[] hi, int base, int size, double d, int idx) {
        int c = 0;
        while (true) {
            int child = 2 * c + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(hd[base + child], hi[base + child], hd[base + child + 1],
                    hi[base + child + 1])) {
                child++;
            }
            if (!less(d, idx, hd[base + child], hi[base + child])) {
                break;
            }
            hd[base + c] = hd[base + child];
            hi[base + c] = hi[base + child];
            c = child;
        }
        hd[base + c] = d;
        hi[base + c] = idx;
    }

    /** Sorts the first n pairs by distance, then index (insertion sort: n is a few dozen). */
    private static void sortPairs(double[] d, int[] idx, int n) {
        for (int a = 1; a < n; a++) {
            double dv = d[a];
            int iv = idx[a];
            int b = a - 1;
            while (b >= 0 && less(dv, iv, d[b], idx[b])) {
                d[b + 1] = d[b];
                idx[b + 1] = idx[b];
                b--;
            }
            d[b + 1] = dv;
            idx[b + 1] = iv;
        }
    }
}
