package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The blocked search finds exactly the neighbours of a full sort in double (ties by index, duplicates and lattice
 * points included), and their distances in double.
 */
class NearestNeighboursTest {

    @Test
    void theBlockedSearchIsThePointByPointSearch() {
        double[][] x = TsneBenchmark.clusters(700, 20, 5, 3);
        // duplicates and ties: some points repeated, some on a lattice
        Random r = new Random(1);
        for (int i = 0; i < 40; i++) {
            x[600 + i] = x[r.nextInt(600)].clone();
        }
        for (int i = 640; i < 700; i++) {
            for (int c = 0; c < 20; c++) {
                x[i][c] = (i % 3) + (c % 2);
            }
        }
        int k = 45;
        double[][] d2 = new double[x.length][];
        int[][] got = NearestNeighbours.of(x, k, d2, () -> false);
        for (int i = 0; i < x.length; i++) {
            // all other points by distance in double, ties by index
            int me = i;
            double[] all = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                for (int c = 0; c < x[j].length; c++) {
                    all[j] += (x[me][c] - x[j][c]) * (x[me][c] - x[j][c]);
                }
            }
            int[] want = java.util.stream.IntStream.range(0, x.length).filter(j -> j != me).boxed()
                    .sorted((p, q) -> all[p] != all[q] ? Double.compare(all[p], all[q]) : Integer.compare(p, q))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(want, got[i], "neighbours of " + i);
            for (int a = 0; a < k; a++) {
                assertEquals(all[want[a]], d2[i][a], 1e-12, "distance " + a + " of " + i);
            }
        }
    }

    @Test
    void aCancelledSearchStops() {
        double[][] x = TsneBenchmark.clusters(300, 4, 2, 1);
        assertThrows(CancellationException.class, () -> NearestNeighbours.of(x, 5, new double[300][], () -> true));
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbours.of(x, 300, new double[300][],
                () -> false));
    }
}
