package org.orbitscope.analysis.embedding;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Barnes-Hut t-SNE (van der Maaten, "Accelerating t-SNE using tree-based algorithms", JMLR 2014):
 * t-SNE in 2-D in O(n log n) per iteration instead of the exact method's O(n²) time and memory.
 *
 * <p>Two approximations make it fast. The input affinities P are kept only between each point and
 * its {@code floor(3 * perplexity)} nearest neighbours (found exactly), calibrated to the perplexity
 * on those neighbours and symmetrized. The repulsive forces are summed over a quadtree of the layout:
 * a cell whose width over its distance to the point is below {@code theta} acts as one point at its
 * centre of mass. With {@code theta = 0} every cell is opened and the repulsion is exact.
 *
 * <p>The optimization follows the exact implementation we use elsewhere (smile's {@code TSNE}) so the
 * two give comparable layouts: squared Euclidean input distances, a random start with standard
 * deviation 1e-4, early exaggeration 12 and momentum 0.5 for the first 250 iterations, momentum 0.8
 * after, and per-coordinate adaptive gains (+0.2 / x0.8, at least 0.01). The layout is re-centred after
 * each step. Runs are deterministic for a seed, whatever the number of threads.
 */
public final class BarnesHutTsne implements LayoutRun {

    /** The usual accuracy/speed trade-off of the Barnes-Hut approximation. */
    public static final double DEFAULT_THETA = 0.5;
    /** Iterations of early exaggeration and low momentum. */
    public static final int EXAGGERATION_ITERATIONS = 250;
    /** Factor on P during early exaggeration. */
    public static final double EXAGGERATION = 12;
    private static final double INITIAL_MOMENTUM = 0.5;
    private static final double FINAL_MOMENTUM = 0.8;
    private static final double MIN_GAIN = 0.01;
    private static final double INITIAL_SD = 1e-4;
    private static final double PERPLEXITY_TOLERANCE = 1e-5;
    private static final int PERPLEXITY_STEPS = 200;
    /** Points per task of the attractive forces. */
    private static final int ATTRACTION_BLOCK = 512;

    private final int n;
    private final double eta;
    private final double theta;
    /** The repulsion if not the quadtree's. */
    private final Repulsion customRepulsion;
    /** Symmetric affinities in compressed rows: row i holds columns {@code col[rowStart[i]..rowStart[i+1])}. */
    private final int[] rowStart;
    private final int[] col;
    private final double[] val;
    /** Layout, x and y interleaved. */
    private final double[] y;
    private final double[] gains;
    private final double[] step;
    private int iteration;
    private double cost = Double.NaN;

    /**
     * Calibrates the affinities and draws the initial layout.
     *
     * @param x the points, {@code n x d}, n at least 4
     * @param perplexity effective number of neighbours; {@code 3 * perplexity} must be below n
     * @param learningRate gradient step size
     * @param theta Barnes-Hut accuracy, 0 (exact repulsion) to about 1
     * @param seed seed of the initial layout
     */
    public BarnesHutTsne(double[][] x, double perplexity, double learningRate, double theta, long seed) {
        this(x, perplexity, learningRate, theta, seed, () -> false);
    }

    /**
     * Calibrates the affinities and draws the initial layout, checking for cancellation during the
     * nearest-neighbour search (O(n²): about 9 s for 20,000 points on two cores).
     *
     * @param x the points, {@code n x d}, n at least 4
     * @param perplexity effective number of neighbours; {@code 3 * perplexity} must be below n
     * @param learningRate gradient step size
     * @param theta Barnes-Hut accuracy, 0 (exact repulsion) to about 1
     * @param seed seed of the initial layout
     * @param cancelled polled once per point of the search
     * @throws CancellationException if {@code cancelled} turns true during the search
     */
    public BarnesHutTsne(double[][] x, double perplexity, double learningRate, double theta, long seed,
            BooleanSupplier cancelled) {
        this(x, perplexity, learningRate, theta, null, seed, cancelled);
    }

    /**
     * The same optimization with another repulsion, e.g. FFT-accelerated interpolation: the attractive forces
     * over the nearest-neighbour affinities, the schedule and the cost are those of Barnes-Hut t-SNE.
     *
     * @param x the points, {@code n x d}, n at least 4
     * @param perplexity effective number of neighbours; {@code 3 * perplexity} must be below n
     * @param learningRate gradient step size
     * @param theta Barnes-Hut accuracy, used when {@code repulsion} is null
     * @param repulsion the repulsion, or null for the quadtree
     * @param seed seed of the initial layout
     * @param cancelled polled during the nearest-neighbour search
     * @throws CancellationException if {@code cancelled} turns true during the search
     */
    public BarnesHutTsne(double[][] x, double perplexity, double learningRate, double theta, Repulsion repulsion,
            long seed, BooleanSupplier cancelled) {
        this.n = x.length;
        this.customRepulsion = repulsion;
        int k = (int) Math.floor(3 * perplexity);
        if (n < 4 || k < 1 || k >= n) {
            throw new IllegalArgumentException("need 3 * perplexity < points, got " + perplexity + " for " + n);
        }
        if (!(theta >= 0)) {
            throw new IllegalArgumentException("theta must be >= 0, got " + theta);
        }
        this.eta = learningRate;
        this.theta = theta;
        int[][] neighbours;
        double[][] conditional = new double[n][];
        if (n > NearestNeighbours.BLOCKED_FROM) {
            double[][] d2 = new double[n][];
            neighbours = NearestNeighbours.of(x, k, d2, cancelled);
            IntStream.range(0, n).parallel().forEach(i -> conditional[i] = calibrate(d2[i], perplexity));
        } else {
            int[][] found = new int[n][];
            IntStream.range(0, n).parallel().forEach(i -> {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("t-SNE cancelled while finding neighbours");
                }
                double[] d2 = new double[k];
                found[i] = nearest(x, i, k, d2);
                conditional[i] = calibrate(d2, perplexity);
            });
            neighbours = found;
        }
        this.rowStart = new int[n + 1];
        this.col = symmetrize(neighbours);
        this.val = new double[col.length];
        fillValues(neighbours, conditional);
        this.y = new double[2 * n];
        Random rng = new Random(seed);
        for (int i = 0; i < y.length; i++) {
            y[i] = INITIAL_SD * rng.nextGaussian();
        }
        this.gains = new double[2 * n];
        Arrays.fill(gains, 1);
        this.step = new double[2 * n];
    }

    /**
     * Runs gradient steps and updates the cost.
     *
     * @param iterations number of steps
     */
    @Override
    public void update(int iterations) {
        double[] grad = new double[2 * n];
        for (int t = 0; t < iterations; t++) {
            boolean early = iteration < EXAGGERATION_ITERATIONS;
            gradient(early ? EXAGGERATION : 1, grad);
            double momentum = early ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
            for (int c = 0; c < y.length; c++) {
                gains[c] = Math.signum(grad[c]) != Math.signum(step[c]) ? gains[c] + 0.2 : gains[c] * 0.8;
                gains[c] = Math.max(gains[c], MIN_GAIN);
                step[c] = momentum * step[c] - eta * gains[c] * grad[c];
                y[c] += step[c];
            }
            recentre();
            iteration++;
        }
        cost = klDivergence();
    }

    /** @return the Kullback-Leibler divergence KL(P || Q) after the last {@link #update}, NaN before */
    @Override
    public double cost() {
        return cost;
    }

    /** @return gradient steps done */
    @Override
    public int iterations() {
        return iteration;
    }

    /** @return a copy of the layout, {@code n x 2} */
    @Override
    public double[][] coordinates() {
        double[][] c = new double[n][2];
        for (int i = 0; i < n; i++) {
            c[i][0] = y[2 * i];
            c[i][1] = y[2 * i + 1];
        }
        return c;
    }

    /** @return a copy of the symmetric affinities as a dense matrix (for tests; O(n²)) */
    double[][] affinities() {
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                p[i][col[e]] = val[e];
            }
        }
        return p;
    }

    /** Replaces the layout (for tests). */
    void setLayout(double[][] layout) {
        for (int i = 0; i < n; i++) {
            y[2 * i] = layout[i][0];
            y[2 * i + 1] = layout[i][1];
        }
    }

    /**
     * The t-SNE gradient {@code 4 * sum_j (exaggeration * P_ij - Q_ij) q_ij (y_i - y_j)}, with the
     * repulsion approximated through the quadtree.
     *
     * @param exaggeration factor on P
     * @param grad receives the gradient, x and y interleaved
     */
    void gradient(double exaggeration, double[] grad) {
        double[] repulsion = new double[2 * n];
        double sumQ = repulsion(repulsion);
        // each point's attraction on its own, in a fixed order: the same result on any number of threads
        IntStream.range(0, (n + ATTRACTION_BLOCK - 1) / ATTRACTION_BLOCK).parallel().forEach(block -> {
            for (int i = block * ATTRACTION_BLOCK, end = Math.min(n, i + ATTRACTION_BLOCK); i < end; i++) {
                double ax = 0;
                double ay = 0;
                double yx = y[2 * i];
                double yy = y[2 * i + 1];
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int j = col[e];
                    double dx = yx - y[2 * j];
                    double dy = yy - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    ax += val[e] * q * dx;
                    ay += val[e] * q * dy;
                }
                grad[2 * i] = 4 * (exaggeration * ax - repulsion[2 * i] / sumQ);
                grad[2 * i + 1] = 4 * (exaggeration * ay - repulsion[2 * i + 1] / sumQ);
            }
        });
    }

    /**
     * Sums the repulsion on every point through a quadtree of the current layout.
     *
     * @param out receives the unnormalized repulsion {@code sum_j q_ij^2 (y_i - y_j)}, x and y interleaved
     * @return Q's normalization {@code Z = sum_{i != j} q_ij}, summed in a fixed order
     */
    private double repulsion(double[] out) {
        if (customRepulsion != null) {
            return customRepulsion.compute(y, n, out);
        }
        QuadTree tree = new QuadTree(y, n);
        double[] z = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> z[i] = tree.repulsion(i, theta, out));
        double sumQ = 0;
        for (double v : z) {
            sumQ += v;
        }
        return sumQ;
    }

    /** KL(P || Q) over the stored affinities, with Q's normalization from the repulsion. */
    private double klDivergence() {
        return klDivergence(repulsion(new double[2 * n]));
    }

    /** KL(P || Q) over the stored affinities for a normalization {@code Z} of Q. */
    private double klDivergence(double sumQ) {
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                int j = col[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy) / sumQ;
                kl += val[e] * Math.log(Math.max(val[e], Double.MIN_NORMAL) / Math.max(q, Double.MIN_NORMAL));
            }
        }
        return kl;
    }

    /**
     * KL(P || Q) over the stored affinities with Q's normalization summed exactly over all pairs (O(n²) time, no
     * memory): the same yardstick for every repulsion, whatever error its own normalization has.
     *
     * @return the divergence of the current layout
     */
    public double exactCost() {
        double sumQ = Repulsion.exact(y, n, new double[2 * n]);
        return klDivergence(sumQ);
    }

    private void recentre() {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= n;
        my /= n;
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
    }

    /**
     * The {@code k} nearest other points of point {@code i} by squared Euclidean distance, nearest
     * first, ties broken by index.
     *
     * @param d2 receives their squared distances
     */
    static int[] nearest(double[][] x, int i, int k, double[] d2) {
        // a max-heap of the k best so far, on primitive arrays
        int[] heapIdx = new int[k];
        double[] heapD = new double[k];
        int size = 0;
        double[] xi = x[i];
        for (int j = 0; j < x.length; j++) {
            if (j == i) {
                continue;
            }
            double[] xj = x[j];
            double d = 0;
            for (int c = 0; c < xi.length; c++) {
                double diff = xi[c] - xj[c];
                d += diff * diff;
            }
            if (size < k) {
                heapIdx[size] = j;
                heapD[size] = d;
                siftUp(heapIdx, heapD, size++);
            } else if (d < heapD[0]) {
                heapIdx[0] = j;
                heapD[0] = d;
                siftDown(heapIdx, heapD, k);
            }
        }
        Integer[] order = new Integer[k];
        for (int a = 0; a < k; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (a, b) -> heapD[a] != heapD[b] ? Double.compare(heapD[a], heapD[b])
                : Integer.compare(heapIdx[a], heapIdx[b]));
        int[] result = new int[k];
        for (int a = 0; a < k; a++) {
            result[a] = heapIdx[order[a]];
            d2[a] = heapD[order[a]];
        }
        return result;
    }

    private static void siftUp(int[] idx, double[] d, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (d[parent] >= d[at]) {
                return;
            }
            swap(idx, d, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] idx, double[] d, int size) {
        int at = 0;
        while (true) {
            int largest = at;
            int left = 2 * at + 1;
            int right = left + 1;
            if (left < size && d[left] > d[largest]) {
                largest = left;
            }
            if (right < size && d[right] > d[largest]) {
                largest = right;
            }
            if (largest == at) {
                return;
            }
            swap(idx, d, at, largest);
            at = largest;
        }
    }

    private static void swap(int[] idx, double[] d, int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        double td = d[a];
        d[a] = d[b];
        d[b] = td;
    }

    /**
     * The conditional probabilities {@code p(j|i)} over a point's neighbours: a Gaussian kernel whose
     * precision is found by bisection so that the entropy is {@code log(perplexity)}.
     *
     * @param d2 squared distances to the neighbours, ascending
     * @param perplexity target perplexity
     * @return probabilities summing to 1
     */
    static double[] calibrate(double[] d2, double perplexity) {
        double target = Math.log(perplexity);
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double[] p = new double[d2.length];
        double shift = d2[0];
        for (int s = 0; s < PERPLEXITY_STEPS; s++) {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < d2.length; j++) {
                p[j] = Math.exp(-beta * (d2[j] - shift));
                sum += p[j];
                weighted += (d2[j] - shift) * p[j];
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int j = 0; j < d2.length; j++) {
                p[j] /= sum;
            }
            double diff = entropy - target;
            if (Math.abs(diff) < PERPLEXITY_TOLERANCE) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        return p;
    }

    /**
     * Lays out the sparsity pattern of {@code P + P^T}: fills {@link #rowStart} and returns the
     * column indices, sorted within each row.
     */
    private int[] symmetrize(int[][] neighbours) {
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            count[i] += neighbours[i].length;
            for (int j : neighbours[i]) {
                count[j]++;
            }
        }
        int[][] rows = new int[n][];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new int[count[i]];
        }
        for (int i = 0; i < n; i++) {
            for (int j : neighbours[i]) {
                rows[i][fill[i]++] = j;
                rows[j][fill[j]++] = i;
            }
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            int[] r = rows[i];
            Arrays.sort(r);
            int unique = 0;
            for (int a = 0; a < r.length; a++) {
                if (a == 0 || r[a] != r[a - 1]) {
                    r[unique++] = r[a];
                }
            }
            rows[i] = Arrays.copyOf(r, unique);
            rowStart[i] = total;
            total += unique;
        }
        rowStart[n] = total;
        int[] cols = new int[total];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, cols, rowStart[i], rows[i].length);
        }
        return cols;
    }

    /** Fills {@code P_ij = (p(j|i) + p(i|j)) / 2n} into the laid-out pattern. */
    private void fillValues(int[][] neighbours, double[][] conditional) {
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < neighbours[i].length; a++) {
                int j = neighbours[i][a];
                double v = conditional[i][a] / (2.0 * n);
                val[find(i, j)] += v;
                val[find(j, i)] += v;
            }
        }
    }

    private int find(int row, int column) {
        int e = Arrays.binarySearch(col, rowStart[row], rowStart[row + 1], column);
        if (e < 0) {
            throw new IllegalStateException("missing entry " + row + "," + column);
        }
        return e;
    }

    /** A quadtree over the layout; each cell knows its point count and centre of mass. */
    private static final class QuadTree {
        private static final int MAX_DEPTH = 48;
        private final double[] pos;
        private double[] cx;
        private double[] cy;
        private double[] half;
        private double[] massX;
        private double[] massY;
        private int[] count;
        /** First child index (4 consecutive), or -1 for a leaf. */
        private int[] child;
        /** A point of a leaf (all of a leaf's points coincide, but at the depth limit), or -1. */
        private int[] point;
        private int size;

        QuadTree(double[] pos, int n) {
            this.pos = pos;
            int capacity = Math.max(16, 4 * n);
            cx = new double[capacity];
            cy = new double[capacity];
            half = new double[capacity];
            massX = new double[capacity];
            massY = new double[capacity];
            count = new int[capacity];
            child = new int[capacity];
            point = new int[capacity];
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                minX = Math.min(minX, pos[2 * i]);
                maxX = Math.max(maxX, pos[2 * i]);
                minY = Math.min(minY, pos[2 * i + 1]);
                maxY = Math.max(maxY, pos[2 * i + 1]);
            }
            double h = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
            newNode((minX + maxX) / 2, (minY + maxY) / 2, h);
            for (int i = 0; i < n; i++) {
                insert(i);
            }
        }

        private int newNode(double x, double yc, double h) {
            if (size == cx.length) {
                int c = size * 2;
                cx = Arrays.copyOf(cx, c);
                cy = Arrays.copyOf(cy, c);
                half = Arrays.copyOf(half, c);
                massX = Arrays.copyOf(massX, c);
                massY = Arrays.copyOf(massY, c);
                count = Arrays.copyOf(count, c);
                child = Arrays.copyOf(child, c);
                point = Arrays.copyOf(point, c);
            }
            cx[size] = x;
            cy[size] = yc;
            half[size] = h;
            child[size] = -1;
            point[size] = -1;
            return size++;
        }

        private void insert(int i) {
            double px = pos[2 * i];
            double py = pos[2 * i + 1];
            int node = 0;
            for (int depth = 0;; depth++) {
                if (child[node] < 0) {
                    int c = count[node];
                    if (c == 0) {
                        count[node] = 1;
                        massX[node] = px;
                        massY[node] = py;
                        point[node] = i;
                        return;
                    }
                    int resident = point[node];
                    if (pos[2 * resident] == px && pos[2 * resident + 1] == py) {
                        count[node] = c + 1; // coincident points share a leaf; its centre stays exact
                        return;
                    }
                    if (depth >= MAX_DEPTH) {
                        addMass(node, px, py);
                        return;
                    }
                    // split: the resident points (all at one position) move down to one child
                    split(node);
                    int target = quadrant(node, pos[2 * resident], pos[2 * resident + 1]);
                    count[target] = c;
                    massX[target] = massX[node];
                    massY[target] = massY[node];
                    point[target] = resident;
                    point[node] = -1;
                }
                addMass(node, px, py);
                node = quadrant(node, px, py);
            }
        }

        private void addMass(int node, double px, double py) {
            int c = count[node];
            massX[node] = (massX[node] * c + px) / (c + 1);
            massY[node] = (massY[node] * c + py) / (c + 1);
            count[node] = c + 1;
        }

        private void split(int node) {
            double h = half[node] / 2;
            double x = cx[node];
            double yc = cy[node];
            int first = newNode(x - h, yc - h, h);
            newNode(x + h, yc - h, h);
            newNode(x - h, yc + h, h);
            newNode(x + h, yc + h, h);
            child[node] = first;
        }

        private int quadrant(int node, double px, double py) {
            return child[node] + (px >= cx[node] ? 1 : 0) + (py >= cy[node] ? 2 : 0);
        }

        /**
         * Adds the unnormalized repulsion {@code sum_j q_ij^2 (y_i - y_j)} on point i to {@code out}
         * and returns {@code sum_j q_ij} (j != i).
         */
        double repulsion(int i, double theta, double[] out) {
            double px = pos[2 * i];
            double py = pos[2 * i + 1];
            double z = 0;
            double fx = 0;
            double fy = 0;
            int[] stack = new int[4 * MAX_DEPTH + 8];
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int node = stack[--top];
                int c = count[node];
                if (c == 0) {
                    continue;
                }
                double dx = px - massX[node];
                double dy = py - massY[node];
                double d2 = dx * dx + dy * dy;
                boolean leaf = child[node] < 0;
                if (leaf && pos[2 * point[node]] == px && pos[2 * point[node] + 1] == py) {
                    // the point itself, with any points that coincide with it: q = 1, no force
                    z += c - 1;
                    continue;
                }
                if (leaf || 2 * half[node] < theta * Math.sqrt(d2)) {
                    double q = 1 / (1 + d2);
                    z += c * q;
                    fx += c * q * q * dx;
                    fy += c * q * q * dy;
                    continue;
                }
                if (top + 4 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                for (int k = 0; k < 4; k++) {
                    stack[top++] = child[node] + k;
                }
            }
            out[2 * i] = fx;
            out[2 * i + 1] = fy;
            return z;
        }
    }
}
