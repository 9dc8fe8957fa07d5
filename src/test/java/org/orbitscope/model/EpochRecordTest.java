package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

/** The card's history with per-layer invariance: written and read back, and cards written before it still load. */
class EpochRecordTest {

    @TempDir
    Path tmp;

    private static EpochRecord withLayers() {
        Map<String, Double> layers = new LinkedHashMap<>();
        layers.put("h1", 0.4);
        layers.put("h2", Double.NaN);
        layers.put("logits", 1e-13);
        return new EpochRecord(3, 1, 0.9, 0.1, 0.5, 0.6, 2, 0.1, 3, 0.7, layers);
    }

    @Test
    void perLayerValuesSurviveTheCardInLayerOrder() throws Exception {
        EpochRecord r = withLayers();
        String json = ModelStore.json().writeValueAsString(r);
        EpochRecord back = ModelStore.json().readValue(json, EpochRecord.class);
        assertEquals(r, back);
        assertEquals(List.of("h1", "h2", "logits"), List.copyOf(back.layerInvariance().keySet()));
        assertTrue(Double.isNaN(back.layerInvariance().get("h2")));
    }

    @Test
    void historiesRecordedBeforePerLayerValuesStillLoad() throws Exception {
        ObjectNode node = (ObjectNode) ModelStore.json().valueToTree(withLayers());
        node.remove("layerInvariance");
        EpochRecord old = ModelStore.json().treeToValue(node, EpochRecord.class);
        assertTrue(old.layerInvariance().isEmpty());
        assertEquals(0.6, old.validationAccuracy());
        // and a shipped card, written before them, loads with its whole history
        ModelCard card = ModelStore.readCard(Path.of("models", "tmnist-r4-da-s0"));
        assertEquals(card.config().epochs(), card.history().size());
    }

    @Test
    void theOlderFieldsStayRequiredAndTyped() throws Exception {
        ObjectNode missing = (ObjectNode) ModelStore.json().valueToTree(withLayers());
        missing.remove("li");
        assertThrows(Exception.class, () -> ModelStore.json().treeToValue(missing, EpochRecord.class));
        ObjectNode mistyped = (ObjectNode) ModelStore.json().valueToTree(withLayers());
        mistyped.put("epoch", "three");
        assertThrows(Exception.class, () -> ModelStore.json().treeToValue(mistyped, EpochRecord.class));
        ObjectNode badLayers = (ObjectNode) ModelStore.json().valueToTree(withLayers());
        ((ObjectNode) badLayers.get("layerInvariance")).put("h1", "high");
        assertThrows(Exception.class, () -> ModelStore.json().treeToValue(badLayers, EpochRecord.class));
    }

    @Test
    void aDamagedHistoryInACardIsNamedInOneSentence() throws Exception {
        Path dir = tmp.resolve("m");
        Path src = Path.of("models", "tmnist-t3-wt-s0");
        Files.createDirectories(dir);
        for (Path f : List.of(src.resolve(ModelStore.CARD))) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        JsonNode card = ModelStore.json().readTree(dir.resolve(ModelStore.CARD).toFile());
        ((ObjectNode) card.get("history").get(0)).putObject("layerInvariance").put("h1", "x");
        ModelStore.json().writeValue(dir.resolve(ModelStore.CARD).toFile(), card);
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ModelStore.readCard(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(ModelStore.CARD) + ": invalid model card"), e.getMessage());
    }
}
