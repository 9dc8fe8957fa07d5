package org.orbitscope.analysis.embedding.umap;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.orbitscope.analysis.embedding.LayoutRun;
import org.orbitscope.analysis.embedding.NearestNeighbours;

/**
 * One UMAP layout, optimized as umap-learn's {@code optimize_layout_euclidean} does (with {@code move_other}):
 * every epoch visits the fuzzy graph's edges in order, attracts the two ends of each edge that is due (an edge of
 * membership w every {@code w_max / w} epochs), pushes the first end away from {@code negativeSampleRate} random
 * points per attraction, clips each gradient coordinate to 4, and lowers the step size linearly from 1 to 0.
 * Edges below {@code w_max / epochs} are dropped first.
 *
 * <p>Repeated points are laid out once and share that position (umap-learn's {@code unique=True}, here with a
 * tolerance of float rounding, {@link #REPEAT_TOLERANCE}): the orbit of a sample under an invariant model is one
 * point repeated |G| times, and repeats would fill each
 * neighbourhood with memberships of 1 (at or below {@code rho}) until the bisection has nothing left to spread,
 * cutting the graph into the pieces of nearest samples.
 *
 * <p>What differs from umap-learn, and why: the neighbours are exact (umap-learn's nearest-neighbour descent is
 * approximate from 4,096 points); the start is the PCA layout scaled to coordinates of at most 10 with a jitter
 * of 1e-4 (umap-learn's {@code init="pca"}; its default, a spectral layout, costs an eigen-decomposition of the
 * graph), rescaled to [0, 10] on each axis as umap-learn does for any start; the random numbers are a seeded
 * {@link SplittableRandom}, and the optimization is serial, so a seed gives the same layout on any machine
 * (umap-learn's parallel mode does not).
 */
public final class Umap implements LayoutRun {

    private static final double CLIP = 4;
    private static final double START_SCALE = 10;
    private static final double START_JITTER = 1e-4;
    private static final double REPULSION_EPSILON = 0.001;
    /** Rows closer than this share of the rows' spread are one point repeated. */
    static final double REPEAT_TOLERANCE = 1e-5;

    /** Points given. */
    private final int points;
    /** Distinct points laid out. */
    private final int n;
    /** The distinct point each given point is laid out as. */
    private final int[] representative;
    private final int epochs;
    private final double a;
    private final double b;
    private final int[] head;
    private final int[] tail;
    private final double[] epochsPerSample;
    private final double[] epochsPerNegative;
    private final double[] nextSample;
    private final double[] nextNegative;
    private final double[] y;
    private final SplittableRandom random;
    private final FuzzyGraph graph;
    private int done;

    /**
     * Finds the neighbours, builds the fuzzy graph and places the start; no epoch runs yet.
     *
     * @param x the points, {@code n x d}
     * @param start a 2-D start, {@code n x 2} (the first two principal components)
     * @param settings neighbours, minimum distance, spread, epochs, negative samples and seed
     * @param cancelled polled during the neighbour search
     */
    public Umap(double[][] x, double[][] start, UmapSettings settings, BooleanSupplier cancelled) {
        settings.checkFits(x.length);
        points = x.length;
        representative = new int[points];
        int[] firsts = distinctRows(x, representative);
        n = firsts.length;
        if (n <= settings.neighbours()) {
            throw new org.orbitscope.OrbitscopeException("UMAP with " + settings.neighbours() + " neighbours needs "
                    + "more than " + settings.neighbours() + " distinct points; these " + points + " points have "
                    + n + " (an invariant model maps each orbit to one point): use more samples.");
        }
        if (n < points) {
            double[][] ux = new double[n][];
            double[][] us = new double[n][];
            for (int u = 0; u < n; u++) {
                ux[u] = x[firsts[u]];
                us[u] = start[firsts[u]];
            }
            x = ux;
            start = us;
        }
        int k = settings.neighbours();
        double[][] d2 = new double[n][];
        int[][] nb = NearestNeighbours.of(x, k - 1, d2, cancelled);
        double[][] dist = new double[n][];
        for (int i = 0; i < n; i++) {
            dist[i] = new double[k - 1];
            for (int j = 0; j < k - 1; j++) {
                dist[i][j] = Math.sqrt(d2[i][j]);
            }
        }
        graph = FuzzyGraph.of(nb, dist, k);
        epochs = settings.epochsFor(n);
        double[] ab = CurveFit.ab(settings.spread(), settings.minDist());
        a = ab[0];
        b = ab[1];
        double max = 0;
        for (int e = 0; e < graph.edges(); e++) {
            max = Math.max(max, graph.weight(e));
        }
        int kept = 0;
        for (int e = 0; e < graph.edges(); e++) {
            kept += graph.weight(e) >= max / epochs ? 1 : 0;
        }
        head = new int[kept];
        tail = new int[kept];
        epochsPerSample = new double[kept];
        epochsPerNegative = new double[kept];
        int at = 0;
        for (int e = 0; e < graph.edges(); e++) {
            double w = graph.weight(e);
            if (w >= max / epochs) {
                head[at] = graph.head(e);
                tail[at] = graph.tail(e);
                epochsPerSample[at] = max / w;
                epochsPerNegative[at++] = max / w / settings.negativeSampleRate();
            }
        }
        nextSample = epochsPerSample.clone();
        nextNegative = epochsPerNegative.clone();
        random = new SplittableRandom(settings.seed());
        y = start(start, random);
    }

    /**
     * Numbers the distinct rows in order of first appearance, rows closer than {@value #REPEAT_TOLERANCE} of the
     * rows' root-mean-square distance from their mean being one (joined transitively): an invariant model's orbit
     * is one row repeated up to float rounding. Candidates come from a sweep over the first coordinate, so the
     * search takes O(n log n) for points that spread along it, as principal components do.
     *
     * @param x the rows
     * @param representative receives each row's number
     * @return the index of each number's first row
     */
    static int[] distinctRows(double[][] x, int[] representative) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] r : x) {
            for (int c = 0; c < d; c++) {
                mean[c] += r[c] / n;
            }
        }
        double spread = 0;
        for (double[] r : x) {
            for (int c = 0; c < d; c++) {
                spread += (r[c] - mean[c]) * (r[c] - mean[c]) / n;
            }
        }
        double tol = REPEAT_TOLERANCE * Math.sqrt(spread);
        double tol2 = tol * tol;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(x[p][0], x[q][0]));
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int a = 0; a < n; a++) {
            int i = order[a];
            for (int b = a + 1; b < n && x[order[b]][0] - x[i][0] <= tol; b++) {
                int j = order[b];
                double s = 0;
                for (int c = 0; c < d && s <= tol2; c++) {
                    double t = x[i][c] - x[j][c];
                    s += t * t;
                }
                if (s <= tol2) {
                    int ri = root(parent, i);
                    int rj = root(parent, j);
                    parent[Math.max(ri, rj)] = Math.min(ri, rj); // the lowest index is the root
                }
            }
        }
        int[] number = new int[n];
        java.util.Arrays.fill(number, -1);
        int[] firsts = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int r = root(parent, i);
            if (number[r] < 0) {
                number[r] = count;
                firsts[count++] = r;
            }
            representative[i] = number[r];
        }
        return java.util.Arrays.copyOf(firsts, count);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** The start: scaled to a largest coordinate of 10, jittered, then each axis mapped onto [0, 10]. */
    private static double[] start(double[][] start, SplittableRandom random) {
        int n = start.length;
        double largest = 0;
        for (double[] p : start) {
            largest = Math.max(largest, Math.max(Math.abs(p[0]), Math.abs(p[1])));
        }
        double expansion = largest > 0 ? START_SCALE / largest : 1;
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                y[2 * i + c] = start[i][c] * expansion + START_JITTER * gaussian(random);
            }
        }
        for (int c = 0; c < 2; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, y[2 * i + c]);
                hi = Math.max(hi, y[2 * i + c]);
            }
            double span = hi > lo ? hi - lo : 1;
            for (int i = 0; i < n; i++) {
                y[2 * i + c] = START_SCALE * (y[2 * i + c] - lo) / span;
            }
        }
        return y;
    }

    /** A standard normal deviate (Box-Muller; {@link SplittableRandom} has none before Java 17's generators). */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Override
    public int iterations() {
        return done;
    }

    /** @return the epochs this run is set to */
    public int epochs() {
        return epochs;
    }

    /** @return the fuzzy graph (before the weakest edges are dropped) */
    public FuzzyGraph graph() {
        return graph;
    }

    /** @return the layout curve's {@code {a, b}} */
    public double[] ab() {
        return new double[] {a, b};
    }

    @Override
    public void update(int steps) {
        int end = Math.min(epochs, done + steps);
        for (; done < end; done++) {
            // umap-learn lowers the rate after each epoch, to 1 - epoch / epochs: epochs 0 and 1 both run at 1
            double alpha = 1 - Math.max(0, done - 1) / (double) epochs;
            epoch(done, alpha);
        }
    }

    private void epoch(int epoch, double alpha) {
        double twoAB = 2 * a * b;
        double twoB = 2 * b;
        for (int e = 0; e < head.length; e++) {
            if (nextSample[e] > epoch) {
                continue;
            }
            int j = 2 * head[e];
            int k = 2 * tail[e];
            double dx = y[j] - y[k];
            double dy = y[j + 1] - y[k + 1];
            double d2 = dx * dx + dy * dy;
            if (d2 > 0) {
                double pb = Math.pow(d2, b);
                double coeff = -twoAB * (pb / d2) / (a * pb + 1);
                double gx = clip(coeff * dx) * alpha;
                double gy = clip(coeff * dy) * alpha;
                y[j] += gx;
                y[j + 1] += gy;
                y[k] -= gx;
                y[k + 1] -= gy;
            }
            nextSample[e] += epochsPerSample[e];
            int negatives = (int) ((epoch - nextNegative[e]) / epochsPerNegative[e]);
            for (int p = 0; p < negatives; p++) {
                int o = 2 * random.nextInt(n);
                double ox = y[j] - y[o];
                double oy = y[j + 1] - y[o + 1];
                double od2 = ox * ox + oy * oy;
                if (od2 > 0) {
                    double coeff = twoB / ((REPULSION_EPSILON + od2) * (a * Math.pow(od2, b) + 1));
                    y[j] += clip(coeff * ox) * alpha;
                    y[j + 1] += clip(coeff * oy) * alpha;
                } else if (o != j) {
                    // a point on top of another: umap-learn pushes it by the clip in every coordinate
                    y[j] += CLIP * alpha;
                    y[j + 1] += CLIP * alpha;
                }
            }
            nextNegative[e] += negatives * epochsPerNegative[e];
        }
    }

    private static double clip(double v) {
        return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
    }

    /** @return NaN: UMAP has no cost that a step reports */
    @Override
    public double cost() {
        return Double.NaN;
    }

    /** @return the number of distinct points laid out (repeated points share one position) */
    public int distinctPoints() {
        return n;
    }

    @Override
    public double[][] coordinates() {
        double[][] out = new double[points][2];
        for (int i = 0; i < points; i++) {
            int u = representative[i];
            out[i][0] = y[2 * u];
            out[i][1] = y[2 * u + 1];
        }
        return out;
    }
}
