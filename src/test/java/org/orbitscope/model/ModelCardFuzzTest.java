package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;

/**
 * Random and structure-aware mutations of a valid model card and weights file: loading either succeeds or
 * throws our own {@link OrbitscopeException}, never anything else.
 */
class ModelCardFuzzTest {

    @TempDir
    Path tmp;

    @Test
    void mutatedCardsAndWeightsFailCleanly() throws Exception {
        Path dir = tmp.resolve("m");
        ModelConfig cfg = new ModelConfig(ModelKind.IR, "tmnist", "r4", 0, 1, 3, 512, 8e-4, Regularizer.KL, 2,
                Pooling.MAX, new int[] {1296, 4, 9}, 16, 2, 0);
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, new Normalization(0.1f, 0.3f),
                "weights.npz", "", ModelCard.COMPLETE, "done", 1, 0.5,
                List.of(new EpochRecord(1, 1, 1, 0, 0.4, 0.5, 2, 0.1, 1, 0.2)), Map.of("SI", 0.5),
                Map.of("orbitscope", "test"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        ModelCard written = ModelStore.save(dir, card, Parameters.initialize(cfg.sizes(), 2));
        Path cardFile = dir.resolve(ModelStore.CARD);
        Path weights = dir.resolve(written.weightsFile());
        byte[] goodCard = Files.readAllBytes(cardFile);
        byte[] goodWeights = Files.readAllBytes(weights);
        String text = new String(goodCard, StandardCharsets.UTF_8);
        String[] tokens = {"null", "-1", "1e400", "\"\"", "[]", "{}", "true", "\"r9\"", "0", "99999999999"};
        SplitMix64 r = new SplitMix64(11);
        int loaded = 0;
        for (int t = 0; t < 1500; t++) {
            byte[] c = goodCard;
            byte[] w = goodWeights;
            switch (r.nextInt(4)) {
                case 0 -> {
                    c = goodCard.clone();
                    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                        c[r.nextInt(c.length)] = (byte) r.nextInt(128);
                    }
                }
                case 1 -> {
                    // replace one JSON value by another type or an absurd value
                    int colon = text.indexOf(':', r.nextInt(text.length()));
                    if (colon < 0) {
                        continue;
                    }
                    int end = colon + 1;
                    while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '\n') {
                        end++;
                    }
                    c = (text.substring(0, colon + 1) + " " + tokens[r.nextInt(tokens.length)] + text.substring(end))
                            .getBytes(StandardCharsets.UTF_8);
                }
                case 2 -> c = java.util.Arrays.copyOf(goodCard, r.nextInt(goodCard.length));
                default -> {
                    w = goodWeights.clone();
                    w[r.nextInt(w.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            Files.write(cardFile, c);
            Files.write(weights, w);
            try {
                StoredModel m = ModelStore.load(dir);
                assertTrue(m.parameters().allFinite());
                loaded++;
            } catch (OrbitscopeException expected) {
                assertTrue(expected.getMessage().contains(dir.toString()), expected.getMessage());
            }
        }
        assertTrue(loaded > 0, "some harmless mutations still load");
    }
}
