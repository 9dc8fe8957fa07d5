package org.orbitscope.analysis.embedding.umap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.embedding.NearestNeighbours;
import org.orbitscope.analysis.embedding.OrbitPurity;

/**
 * UMAP against umap-learn 0.5.3 on a committed fixture (make_fixture.py beside the data): the curve parameters,
 * each point's rho and sigma, every edge of the fuzzy graph; a graph worked out by hand; and the layout's
 * reproducibility and separation of the fixture's blobs.
 */
class UmapTest {

    @Test
    void curveParametersAreUmapLearns() throws IOException {
        List<double[]> rows = csv("ab.csv");
        assertEquals(5, rows.size());
        for (double[] r : rows) {
            double[] ab = CurveFit.ab(r[0], r[1]);
            assertEquals(r[2], ab[0], 1e-6 * r[2], "a for spread " + r[0] + ", min_dist " + r[1]);
            assertEquals(r[3], ab[1], 1e-6 * r[3], "b for spread " + r[0] + ", min_dist " + r[1]);
        }
    }

    @Test
    void fuzzyGraphIsUmapLearns() throws IOException {
        double[][] x = csv("points.csv").toArray(new double[0][]);
        FuzzyGraph g = graph(x, 15);
        List<double[]> meta = csv("points_meta.csv");
        assertEquals(x.length, meta.size());
        for (double[] m : meta) {
            int i = (int) m[0];
            assertEquals(m[1], g.rho(i), 1e-6 * Math.max(1, m[1]), "rho of " + i);
            assertEquals(m[2], g.sigma(i), 2e-5 * m[2], "sigma of " + i);
        }
        Map<Long, Double> expected = new HashMap<>();
        for (double[] e : csv("graph.csv")) {
            expected.put((long) e[0] * x.length + (long) e[1], e[2]);
        }
        assertEquals(expected.size(), g.edges());
        long previous = -1;
        for (int e = 0; e < g.edges(); e++) {
            long key = (long) g.head(e) * x.length + g.tail(e);
            assertTrue(key > previous, "edges by row, then column");
            previous = key;
            Double w = expected.get(key);
            assertTrue(w != null, "edge " + g.head(e) + "-" + g.tail(e) + " is not umap-learn's");
            assertEquals(w, g.weight(e), 1e-5, "weight of " + g.head(e) + "-" + g.tail(e));
        }
    }

    /**
     * Four points on a line at 0, 1, 3, 7 with k = 3 (two neighbours each): the nearest is at rho, the other's
     * membership {@code exp(-(d2 - rho) / sigma)} must make the two sum to log2(3), so it is {@code log2(3) - 1}
     * and {@code sigma = (d2 - rho) / -ln(log2(3) - 1)}; the union is {@code p + q - p q}.
     */
    @Test
    void graphByHand() {
        double[][] x = {{0}, {1}, {3}, {7}};
        FuzzyGraph g = graph(x, 3);
        double second = Math.log(3) / Math.log(2) - 1;
        // point 0: neighbours 1 (d 1) and 2 (d 3); point 1: 0 (1), 2 (2); point 2: 1 (2), 0 (3); point 3: 2 (4), 1 (6)
        double[] rho = {1, 1, 2, 4};
        double[] far = {3, 2, 3, 6};
        for (int i = 0; i < 4; i++) {
            assertEquals(rho[i], g.rho(i), 0, "rho of " + i);
            // the bisection stops within 1e-5 of log2(3), which leaves sigma within about 1e-4 here
            assertEquals((far[i] - rho[i]) / -Math.log(second), g.sigma(i), 2e-4, "sigma of " + i);
        }
        double[][] p = new double[4][4];
        p[0][1] = 1;
        p[0][2] = second;
        p[1][0] = 1;
        p[1][2] = second;
        p[2][1] = 1;
        p[2][0] = second;
        p[3][2] = 1;
        p[3][1] = second;
        int e = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double w = p[i][j] + p[j][i] - p[i][j] * p[j][i];
                if (w > 0) {
                    assertEquals(i, g.head(e));
                    assertEquals(j, g.tail(e));
                    assertEquals(w, g.weight(e), 1e-4, i + "-" + j);
                    e++;
                }
            }
        }
        assertEquals(e, g.edges());
    }

    @Test
    void layoutIsReproducibleForASeedAndSeparatesTheBlobs() throws IOException {
        double[][] x = csv("points.csv").toArray(new double[0][]);
        double[][] start = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            start[i] = new double[] {x[i][0], x[i][1]};
        }
        UmapSettings s = new UmapSettings(15, 0.1, 1, 200, 5, 7);
        Umap a = new Umap(x, start, s, () -> false);
        a.update(80);
        a.update(200); // stops at the settings' epochs
        assertEquals(200, a.iterations());
        Umap b = new Umap(x, start, s, () -> false);
        b.update(200);
        assertTrue(Arrays.deepEquals(a.coordinates(), b.coordinates()), "same seed, same layout");
        Umap c = new Umap(x, start, s.withSeed(8), () -> false);
        c.update(200);
        assertFalse(Arrays.deepEquals(a.coordinates(), c.coordinates()), "another seed, another layout");
        assertTrue(Double.isNaN(a.cost()));
        // each point's 10 nearest in the layout come from its own blob
        int[] blob = new int[x.length];
        int[] sizes = {150, 120, 125};
        int at = 0;
        for (int q = 0; q < 3; q++) {
            for (int r = 0; r < sizes[q]; r++) {
                blob[at++] = q;
            }
        }
        int[] repeated = {3, 60, 170, 250, 390};
        for (int r = 0; r < repeated.length; r++) {
            blob[395 + r] = blob[repeated[r]];
        }
        OrbitPurity.Neighbours nb = OrbitPurity.nearest(a.coordinates(), 10);
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j : nb.of(i)) {
                same += blob[j] == blob[i] ? 1 : 0;
            }
        }
        assertTrue(same >= 0.99 * 10 * x.length, "share of layout neighbours in the own blob: "
                + same / (10.0 * x.length));
    }

    /**
     * An invariant model repeats each point |G| times up to float rounding: the repeats are laid out once, at
     * the very position the distinct points alone get, so orbits collapse instead of tearing the graph apart.
     */
    @Test
    void repeatedPointsAreLaidOutOnce() throws IOException {
        double[][] x = Arrays.copyOf(csv("points.csv").toArray(new double[0][]), 395); // without the fixture's repeats
        double[][] start = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            start[i] = new double[] {x[i][0], x[i][1]};
        }
        int order = 4;
        double[][] rx = new double[x.length * order][];
        double[][] rs = new double[x.length * order][];
        java.util.Random noise = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            for (int g = 0; g < order; g++) {
                rx[i * order + g] = x[i].clone();
                if (g > 0) {
                    for (int c = 0; c < x[i].length; c++) {
                        rx[i * order + g][c] += 1e-9 * noise.nextGaussian(); // float rounding of the copies
                    }
                }
                rs[i * order + g] = start[i];
            }
        }
        UmapSettings s = new UmapSettings(15, 0.1, 1, 60, 5, 1);
        Umap alone = new Umap(x, start, s, () -> false);
        alone.update(60);
        Umap repeated = new Umap(rx, rs, s, () -> false);
        assertEquals(x.length, repeated.distinctPoints());
        repeated.update(60);
        double[][] a = alone.coordinates();
        double[][] r = repeated.coordinates();
        for (int i = 0; i < r.length; i++) {
            assertArrayEquals(a[i / order], r[i], 0, "point " + i);
        }
        // too few distinct points for a neighbourhood: said, not a broken layout
        double[][] few = new double[40][];
        for (int i = 0; i < few.length; i++) {
            few[i] = x[i % 10];
        }
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> new Umap(few, few, s, () -> false));
        assertTrue(e.getMessage().contains("have 10"), e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        assertEquals(500, UmapSettings.DEFAULT.epochsFor(10_000));
        assertEquals(200, UmapSettings.DEFAULT.epochsFor(10_001));
        assertEquals(50, new UmapSettings(15, 0.1, 1, 50, 5, 0).epochsFor(100_000));
        assertThrows(OrbitscopeException.class, () -> new UmapSettings(1, 0.1, 1, 0, 5, 0));
        assertThrows(OrbitscopeException.class, () -> new UmapSettings(15, 1.5, 1, 0, 5, 0));
        assertThrows(OrbitscopeException.class, () -> new UmapSettings(15, 0.1, 1, 5, 5, 0));
        assertThrows(OrbitscopeException.class, () -> new UmapSettings(15, 0.1, 1, 0, 0, 0));
        assertThrows(OrbitscopeException.class, () -> UmapSettings.DEFAULT.checkFits(15));
        UmapSettings.DEFAULT.checkFits(16);
    }

    private static FuzzyGraph graph(double[][] x, int k) {
        double[][] d2 = new double[x.length][];
        int[][] nb = NearestNeighbours.of(x, k - 1, d2, () -> false);
        double[][] d = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            d[i] = Arrays.stream(d2[i]).map(Math::sqrt).toArray();
        }
        return FuzzyGraph.of(nb, d, k);
    }

    private static List<double[]> csv(String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = UmapTest.class.getResourceAsStream(name);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (!name.equals("points.csv")) {
                line = r.readLine(); // header
            }
            for (; line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
                }
            }
        }
        return rows;
    }
}
