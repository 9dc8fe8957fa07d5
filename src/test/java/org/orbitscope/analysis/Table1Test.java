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
        ModelConfig cfg = ModelConfig.defaults(kind, "tmnist", "r4").withSeed(seed).withNu(10);
        Map<String, Object> m = Map.of("Acc", acc, "LI", 1.0, "DI", 0.5, "SI", si, "SigmaMax", 2.0,
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
}
