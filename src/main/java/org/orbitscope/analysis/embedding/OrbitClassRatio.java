package org.orbitscope.analysis.embedding;

/**
 * The number that says what an orbit embedding shows: the mean Euclidean distance between points of
 * the same orbit (one sample under different group elements) divided by the mean distance between
 * points of the same class that belong to different samples. Near 0: each orbit collapses to a point
 * (genuine invariance, as for weight tying). Near 1: the orbit points of a sample lie as far apart as
 * unrelated samples of its class (the picture of paper Figure 2).
 */
public final class OrbitClassRatio {

    private OrbitClassRatio() {
    }

    /**
     * Mean within-orbit distance, mean same-class distance and their ratio.
     *
     * @param orbit mean distance between two points of the same orbit
     * @param sameClass mean distance between two points of the same class from different samples
     */
    public record Result(double orbit, double sameClass) {

        /** @return orbit / sameClass, NaN when no same-class pairs exist */
        public double ratio() {
            return sameClass > 0 ? orbit / sameClass : (orbit == 0 && sameClass == 0 ? 0 : Double.NaN);
        }
    }

    /**
     * Computes the ratio over all pairs (same-class pairs only, so about n^2 / classes work, on every core).
     *
     * @param x row-major points, {@code rows x dims}
     * @param rows number of points
     * @param dims dimensions per point
     * @param sample the sample (orbit) each point belongs to
     * @param cls the class of each point
     * @return the distances and their ratio
     * @throws IllegalArgumentException if the lengths do not match
     */
    public static Result of(double[] x, int rows, int dims, int[] sample, int[] cls) {
        if (x.length < (long) rows * dims || sample.length != rows || cls.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " points of " + dims + " values with " + rows
                    + " sample ids and classes, got " + x.length + " values, " + sample.length + " sample ids and "
                    + cls.length + " classes");
        }
        // per point, its pairs with the later points, summed in a fixed order: the same result on any threads
        double[] orbitRow = new double[rows];
        long[] orbitRowPairs = new long[rows];
        double[] classRow = new double[rows];
        long[] classRowPairs = new long[rows];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(i -> {
            int oi = i * dims;
            double os = 0;
            long op = 0;
            double cs = 0;
            long cp = 0;
            for (int j = i + 1; j < rows; j++) {
                boolean sameOrbit = sample[i] == sample[j];
                if (!sameOrbit && cls[i] != cls[j]) {
                    continue;
                }
                int oj = j * dims;
                double sq = 0;
                for (int d = 0; d < dims; d++) {
                    double t = x[oi + d] - x[oj + d];
                    sq += t * t;
                }
                double dist = Math.sqrt(sq);
                if (sameOrbit) {
                    os += dist;
                    op++;
                } else {
                    cs += dist;
                    cp++;
                }
            }
            orbitRow[i] = os;
            orbitRowPairs[i] = op;
            classRow[i] = cs;
            classRowPairs[i] = cp;
        });
        double orbitSum = 0;
        long orbitPairs = 0;
        double classSum = 0;
        long classPairs = 0;
        for (int i = 0; i < rows; i++) {
            orbitSum += orbitRow[i];
            orbitPairs += orbitRowPairs[i];
            classSum += classRow[i];
            classPairs += classRowPairs[i];
        }
        return new Result(orbitPairs == 0 ? Double.NaN : orbitSum / orbitPairs,
                classPairs == 0 ? Double.NaN : classSum / classPairs);
    }

    /**
     * Same as {@link #of(double[], int, int, int[], int[])} for float activations.
     *
     * @param x row-major activations, {@code rows x dims}
     * @param rows number of points
     * @param dims dimensions per point
     * @param sample the sample of each point
     * @param cls the class of each point
     * @return the distances and their ratio
     */
    public static Result of(float[] x, int rows, int dims, int[] sample, int[] cls) {
        double[] d = new double[rows * dims];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i];
        }
        return of(d, rows, dims, sample, cls);
    }

    /**
     * Same as {@link #of(double[], int, int, int[], int[])} for a 2-D layout.
     *
     * @param xy points, {@code rows x 2}
     * @param sample the sample of each point
     * @param cls the class of each point
     * @return the distances and their ratio
     */
    public static Result of(double[][] xy, int[] sample, int[] cls) {
        double[] d = new double[xy.length * 2];
        for (int i = 0; i < xy.length; i++) {
            d[2 * i] = xy[i][0];
            d[2 * i + 1] = xy[i][1];
        }
        return of(d, xy.length, 2, sample, cls);
    }
}
