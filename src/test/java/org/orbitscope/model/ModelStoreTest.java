package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;

class ModelStoreTest {

    @TempDir
    Path tmp;

    private static ModelCard card(ModelConfig cfg) {
        return new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, new Normalization(0.1f, 0.3f), "weights.npz", "",
                ModelCard.COMPLETE, null, 1, 0.5, List.of(new EpochRecord(1, 1, 1, 0, 0.4, 0.5, 2, 0.1, 1, 0.2)),
                Map.of(), Map.of("orbitscope", "test"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    }

    private static ModelConfig config() {
        return new ModelConfig(ModelKind.WT, "tmnist", "t3", 0, 1, 3, 512, 8e-4, Regularizer.L2, 1, Pooling.MEAN,
                new int[] {1296, 8, 9}, 16, 2, 0);
    }

    @Test
    void saveThenLoadRoundTripsCardAndWeights() throws Exception {
        Parameters p = Parameters.initialize(new int[] {1296, 8, 9}, 3);
        Path dir = tmp.resolve("m");
        ModelCard written = ModelStore.save(dir, card(config()), p);
        StoredModel m = ModelStore.load(dir);
        assertTrue(m.parameters().sameValues(p));
        assertEquals(config(), m.card().config());
        assertEquals(written, m.card());
        assertTrue(m.architecture().weightTied());
        assertEquals(Pooling.MEAN, m.architecture().pooling());
    }

    @Test
    void rewritingACardKeepsItsMetricsInKeyOrder() throws Exception {
        Path dir = tmp.resolve("m");
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String key : List.of("si", "acc", "li", "di", "sigmaMax", "drift", "n")) {
            metrics.put(key, key.length());
        }
        ModelStore.save(dir, card(config()).withMetrics(metrics), Parameters.initialize(new int[] {1296, 8, 9}, 3));
        String first = Files.readString(dir.resolve(ModelStore.CARD));
        assertEquals(List.of("acc", "di", "drift", "li", "n", "si", "sigmaMax"),
                List.copyOf(ModelStore.readCard(dir).metrics().keySet()));
        ModelStore.updateCard(dir, c -> c.withMetrics(Map.copyOf(c.metrics())));
        String again = Files.readString(dir.resolve(ModelStore.CARD));
        String updated = "\"updated\" : \"[^\"]*\"";
        assertEquals(first.replaceAll(updated, ""), again.replaceAll(updated, ""), "same card, same file");
    }

    @Test
    void resavingReplacesWeightsWithoutLeavingStaleFiles() throws Exception {
        Path dir = tmp.resolve("m");
        Parameters p = Parameters.initialize(new int[] {1296, 8, 9}, 3);
        ModelStore.save(dir, card(config()), p);
        Parameters q = Parameters.initialize(new int[] {1296, 8, 9}, 4);
        ModelCard c2 = ModelStore.save(dir, card(config()), q);
        assertTrue(ModelStore.load(dir).parameters().sameValues(q));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "card and one weights file");
        }
        assertTrue(Files.exists(dir.resolve(c2.weightsFile())));
    }

    @Test
    void tamperedWeightsAreRejected() throws Exception {
        Path dir = tmp.resolve("m");
        ModelCard c = ModelStore.save(dir, card(config()), Parameters.initialize(new int[] {1296, 8, 9}, 3));
        byte[] bytes = Files.readAllBytes(dir.resolve(c.weightsFile()));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve(c.weightsFile()), bytes);
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ModelStore.load(dir));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void badCardsGiveOneSentenceErrorsNamingTheFile() throws Exception {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, card(config()), Parameters.initialize(new int[] {1296, 8, 9}, 3));
        Path cardFile = dir.resolve(ModelStore.CARD);
        String json = Files.readString(cardFile);

        Files.writeString(cardFile, json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"));
        assertMessage(dir, "schema version 99");
        Files.writeString(cardFile, json.replace("\"weightsFile\"", "\"weightsFileX\""));
        assertMessage(dir, "model.json");
        Files.writeString(cardFile, json.replace("\"group\" : \"t3\"", "\"group\" : \"q9\""));
        assertMessage(dir, "Unknown group");
        Files.writeString(cardFile, json.replace("weights.npz", "../evil.npz"));
        assertMessage(dir, "plain .npz name");
        Files.writeString(cardFile, "{ not json");
        assertMessage(dir, "model.json");
        Files.delete(cardFile);
        assertMessage(dir, "not a model directory");
    }

    private static void assertMessage(Path dir, String part) {
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ModelStore.load(dir));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void interchangeArraysFollowTheSpec() {
        Parameters p = Parameters.initialize(Parameters.PAPER_SIZES, 1);
        Map<String, NpyArray> a = ModelStore.toArrays(p, new Normalization(0.25f, 0.5f));
        assertEquals(14, a.size());
        assertEquals(List.of(1296, 128), List.of(a.get("W0").shape()[0], a.get("W0").shape()[1]));
        assertEquals(9, a.get("b5").shape()[0]);
        assertEquals(0, a.get("norm_mean").shape().length);
        assertEquals(0.5f, a.get("norm_std").floats()[0]);
        assertTrue(ModelStore.fromArrays(a, Parameters.PAPER_SIZES, "x").sameValues(p));
    }
}
