package org.orbitscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;

class OrbitSaliencyTest {

    private static TransformingDataset data;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static List<OrbitSaliency.Row> rows(Network net, Group g, int n) {
        Split test = data.test();
        int[] idx = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            y[i] = test.label(i);
        }
        float[] x = new float[n * g.pixels()];
        test.fill(idx, null, null, data.normalization(), x);
        return OrbitSaliency.compute(net, g, data.normalization(), x, y, idx, SaliencySettings.DEFAULT);
    }

    @Test
    void weightTiedRowsHaveIdenticalRealignedMaps() {
        for (Group g : List.of(Groups.R4, Groups.T3)) {
            Network wt = new Network(Architecture.weightTied(Parameters.PAPER_SIZES, g, Pooling.MAX),
                    Parameters.initialize(Parameters.PAPER_SIZES, 4));
            for (OrbitSaliency.Row r : rows(wt, g, 3)) {
                assertEquals(1.0, r.si(), 1e-6);
                for (int e = 0; e < g.order(); e++) {
                    assertEquals(1.0, r.cosine()[e], 1e-6);
                    assertEquals(r.predicted()[0], r.predicted()[e]);
                }
            }
        }
    }

    @Test
    void plainNetworkRowsDifferAndMatchTheEvaluation() {
        Group g = Groups.R4;
        Network plain = new Network(Architecture.plain(Parameters.PAPER_SIZES),
                Parameters.initialize(Parameters.PAPER_SIZES, 4));
        List<OrbitSaliency.Row> r = rows(plain, g, 4);
        double mean = 0;
        for (OrbitSaliency.Row row : r) {
            mean += row.si() / r.size();
            // the realignment is the exact inverse of the group action
            for (int e = 0; e < g.order(); e++) {
                assertArrayEquals(row.maps()[e], g.apply(e, row.aligned()[e]));
            }
        }
        assertTrue(mean < 0.99, "a plain network's saliency changes along the orbit: " + mean);
        Evaluation ev = Evaluator.evaluate(plain, Evaluator.inputs(data.test(), 4, data.normalization()),
                Evaluator.labels(data.test(), 4), 4, g, data.normalization(), SaliencySettings.DEFAULT, "tmnist",
                Evaluator.SILENT);
        assertEquals(ev.si(), mean, 1e-12, "the grid shows the evaluation's SI");
    }
}
