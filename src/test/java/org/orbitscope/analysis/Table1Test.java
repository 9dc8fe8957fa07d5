package org.orbitscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.Normalization;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;

class Table1Test {

    private static ModelCard card(ModelKind kind, long seed, double acc, double si) {
        return card(kind, seed, acc, si, 1.0);
    }

    private static ModelCard card(ModelKind kind, long seed, double acc, double si, double li) {
        ModelConfig cfg = ModelConfig.defaults(kind, "tmnist", "r4").withSeed(seed).withNu(10);
        Map<String, Object> m = Map.of("Acc", acc, "LI", li, "DI", 0.5, "SI", si, "SigmaMax", 2.0,
                "evaluation", Map.of("samples", 1000));
        return new ModelCard(1, "m", cfg, new Normalization(0.1f, 0.3f), "w.npz", "x", "complete", null, 1, 0.5,
                List.of(), m, Map.of(), "t", "t");
    }

    @Test
    void aggregatesSeedsWithMeanAndSampleStd() {
        List<Table1.Row> rows = Table1.of(List.of(card(ModelKind.DA, 0, 0.90, 0.5), card(ModelKind.DA, 1, 0.94, 0.7),
                card(ModelKind.WT, 0, 0.95, 1.0), card(ModelKind.IR, 0, 0.8, 0.96)));
        assertEquals(List.of("WT", "DA", "IR-l2"), rows.stream().map(Table1.Row::kind).toList());
        Table1.Row da = rows.get(1);
        assertEquals(List.of(0L, 1L), da.seeds());
        assertEquals(0.92, da.mean().get("Acc"), 1e-12);
        assertEquals(Math.sqrt(0.0008), da.std().get("Acc"), 1e-12);
        assertEquals(0.6, da.mean().get("SI"), 1e-12);
        assertEquals(10.0, rows.get(2).nu());
        assertTrue(Double.isNaN(da.nu()));
        String md = Table1.format(rows, false);
        assertTrue(md.contains("| tmnist | R4 | DA | 2 | 92.0 ± 2.8 |"), md);
        assertTrue(Table1.format(rows, true).contains("$92.0 \\pm 2.8$"));
    }

    @Test
    void everyColumnHasOneNumberFormat() {
        // LI spans 13 orders of magnitude (weight-tied against plain models): the whole column is scientific
        List<Table1.Row> rows = Table1.of(List.of(card(ModelKind.WT, 0, 0.94, 1.0, 1.3e-11),
                card(ModelKind.WT, 1, 0.94, 1.0, 1.1e-11), card(ModelKind.DA, 0, 0.94, 0.5, 51.95),
                card(ModelKind.IR, 0, 0.86, 0.97, 0.06)));
        assertEquals(List.of("1.2e-11 ± 1.4e-12", "5.2e1", "6.0e-2"),
                rows.stream().map(r -> Table1.cell(rows, r, "LI")).toList());
        // DI lies in [0.01, 10000) everywhere: two decimals throughout
        assertEquals(List.of("0.50 ± 0", "0.50", "0.50"), rows.stream().map(r -> Table1.cell(rows, r, "DI")).toList());
        String md = Table1.format(rows, false);
        assertTrue(md.contains("| 5.2e1 |") && !md.contains("51.95"), md);
        assertTrue(Table1.format(rows, true).contains("$5.2 \\times 10^{1}$"), Table1.format(rows, true));
    }
}
