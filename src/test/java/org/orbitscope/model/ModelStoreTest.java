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

    @Test
    void cardErrorsSayWhatIsWrongInTheUsersWords() throws Exception {
        Path dir = tmp.resolve("m");
        ModelStore.save(dir, card(config()), Parameters.initialize(new int[] {1296, 8, 9}, 3));
        Path cardFile = dir.resolve(ModelStore.CARD);
        String json = Files.readString(cardFile);
        com.fasterxml.jackson.databind.node.ObjectNode node =
                (com.fasterxml.jackson.databind.node.ObjectNode) ModelStore.json().readTree(json);

        node.remove("config");
        Files.writeString(cardFile, node.toString());
        assertPlainMessage(dir, cardFile + ": the field \"config\" is missing.");
        Files.writeString(cardFile, json.replace("\"epochs\" : 3", "\"epochs\" : \"three\""));
        assertPlainMessage(dir, cardFile + ": the field \"config.epochs\" has the value \"three\", but must be a "
                + "whole number.");
        Files.writeString(cardFile, json.replace("\"kind\" : \"WT\"", "\"kind\" : \"XX\""));
        assertPlainMessage(dir, "the field \"config.kind\" has the value \"XX\", but must be one of DA, IR, WT, ONNX.");
        Files.writeString(cardFile, json.replace("\"bestEpoch\" : 1", "\"bestEpoch\" : null"));
        assertPlainMessage(dir, "the field \"bestEpoch\" is null, but must be a whole number.");
        Files.writeString(cardFile, json.replace("\"bestEpoch\" : 1", "\"bestEpoch\" : 99999999999"));
        assertPlainMessage(dir, "the field \"bestEpoch\" holds a number out of range.");
        Files.writeString(cardFile, json.substring(0, json.length() / 2));
        assertPlainMessage(dir, cardFile + ": model card is unreadable: the JSON ends early at line ");
        Files.writeString(cardFile, "not json");
        assertPlainMessage(dir, cardFile + ": model card is unreadable: it is not valid JSON (line 1, column ");
    }

    /** The message says {@code part}, on one line, without the JSON library's class names or settings. */
    private static void assertPlainMessage(Path dir, String part) {
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ModelStore.load(dir));
        String m = e.getMessage();
        assertTrue(m.contains(part), m);
        assertFalse(m.contains("\n") || m.contains("`") || m.contains("Exception") || m.contains("Deserialization")
                || m.contains("creator") || m.contains("com.fasterxml") || m.contains("org.orbitscope"), m);
    }

    @Test
    void weightsWhoseNormalizationDisagreesWithTheCardAreRefused() throws Exception {
        Path dir = tmp.resolve("m");
        Parameters p = Parameters.initialize(new int[] {1296, 8, 9}, 3);
        ModelCard written = ModelStore.save(dir, card(config()), p);
        for (float std : new float[] {Float.NaN, 0f, -1f, 0.5f}) {
            Map<String, NpyArray> arrays = ModelStore.toArrays(p, new Normalization(0.1f, 0.3f));
            arrays.put(ModelStore.NORM_STD, NpyArray.scalar(std));
            byte[] weights = Npz.toBytes(arrays);
            Files.write(dir.resolve(written.weightsFile()), weights);
            ModelStore.writeCard(dir, written.withWeights(written.weightsFile(), ModelStore.sha256(weights)));
            OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ModelStore.load(dir));
            String m = e.getMessage();
            assertTrue(m.startsWith(dir.resolve(written.weightsFile()) + ": "), m);
            assertTrue(std == 0.5f ? m.contains("(mean 0.1, std 0.5) differs from the model card's (mean 0.1, std 0.3)")
                    : m.contains("norm_std is " + std + "; the standard deviation"), m);
        }
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
