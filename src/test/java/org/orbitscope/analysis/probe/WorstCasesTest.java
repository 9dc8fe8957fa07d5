package org.orbitscope.analysis.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/** Test samples ranked by per-sample invariance. */
class WorstCasesTest {

    private static WorstCases.Row row(int sample, int label, double li, double di, double si, int wrong, double minP) {
        return new WorstCases.Row(sample, label, label, li, di, si, wrong, 4, minP, 0);
    }

    @Test
    void rankingOrdersFiltersAndCuts() {
        List<WorstCases.Row> rows = List.of(row(0, 1, 5, 0.1, 0.9, 0, 0.9), row(1, 2, 9, 0.3, 0.5, 2, 0.2),
                row(2, 1, 7, 0.2, 0.4, 2, 0.1), row(3, 1, 7, 0.5, 0.7, 1, 0.4));
        assertEquals(List.of(1, 2, 3, 0), samples(WorstCases.rank(rows, WorstCases.By.LI, -1, 10)),
                "largest LI first, ties in sample order");
        assertEquals(List.of(3, 1), samples(WorstCases.rank(rows, WorstCases.By.DI, -1, 2)));
        assertEquals(List.of(2, 1, 3, 0), samples(WorstCases.rank(rows, WorstCases.By.SI, -1, 10)),
                "lowest SI first");
        assertEquals(List.of(2, 1, 3), samples(WorstCases.rank(rows, WorstCases.By.FLIP, -1, 10)),
                "only misclassified samples, most elements first, then the lowest true-class probability");
        assertEquals(List.of(2, 3), samples(WorstCases.rank(rows, WorstCases.By.FLIP, 1, 10)), "class 1 only");
        assertThrows(OrbitscopeException.class, () -> WorstCases.rank(rows, WorstCases.By.LI, -1, 0));
        List<WorstCases.Row> noSi = List.of(row(0, 1, 5, 0.1, Double.NaN, 0, 0.9));
        assertThrows(OrbitscopeException.class, () -> WorstCases.rank(noSi, WorstCases.By.SI, -1, 1));
        assertEquals(WorstCases.By.FLIP, WorstCases.By.parse("Flip"));
        assertThrows(OrbitscopeException.class, () -> WorstCases.By.parse("worst"));
    }

    private static List<Integer> samples(List<WorstCases.Row> rows) {
        return rows.stream().map(WorstCases.Row::sample).toList();
    }

    @Test
    void perSampleValuesAreTheEvaluations() {
        Split test = TransformingDataset.load(DatasetId.TMNIST, 0).test();
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        int n = 30;
        float[] x = Evaluator.inputs(test, n, m.card().normalization());
        int[] y = Evaluator.labels(test, n);
        List<WorstCases.Row> rows = WorstCases.perSample(m.classifier(), m.card().normalization(), Groups.R4, x, y,
                n, SaliencySettings.DEFAULT, true, Evaluator.SILENT);
        Evaluation e = Evaluator.evaluate(m.classifier(), x, y, n, Groups.R4, m.card().normalization(),
                SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        boolean someFlip = false;
        for (int i = 0; i < n; i++) {
            WorstCases.Row r = rows.get(i);
            assertEquals(i, r.sample());
            assertEquals(y[i], r.label());
            assertEquals(e.perSample(Evaluation.LI)[i], r.li(), 1e-9 * Math.max(1, r.li()));
            assertEquals(e.perSample(Evaluation.DI)[i], r.di(), 1e-9 * Math.max(1, r.di()));
            assertEquals(e.perSample(Evaluation.SI)[i], r.si(), 0.0);
            assertEquals(Math.round((1 - e.perSample(Evaluation.ACC)[i]) * 4), r.misclassified());
            assertTrue(r.minTrueProbability() >= 0 && r.minTrueProbability() <= 1);
            someFlip |= r.misclassified() > 0;
        }
        assertTrue(someFlip, "DA misclassifies some rotated sample among the first 30");
        List<WorstCases.Row> noSi = WorstCases.perSample(m.classifier(), m.card().normalization(), Groups.R4, x, y,
                n, SaliencySettings.DEFAULT, false, Evaluator.SILENT);
        assertTrue(Double.isNaN(noSi.get(0).si()));
        assertEquals(rows.get(5).li(), noSi.get(5).li(), 0.0);
    }
}
