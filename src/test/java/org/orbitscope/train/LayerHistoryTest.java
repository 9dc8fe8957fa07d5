package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.layers.LayerInvariance;
import org.orbitscope.analysis.layers.LayerListener;
import org.orbitscope.analysis.layers.LayerProfile;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/**
 * Every epoch records each layer's invariance on the monitored validation orbits, in the card's history; the
 * recorded values are those a recomputation from the weights saved at that epoch gives.
 */
class LayerHistoryTest {

    private static TransformingDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static ModelConfig tiny(ModelKind kind, int epochs) {
        return new ModelConfig(kind, "tmnist", "r4", 0, 7, epochs, 64, 2e-3, Regularizer.L2, 1.0, Pooling.MAX,
                new int[] {1296, 24, 16, 9}, 40, 2, 320);
    }

    private static Map<String, Double> recompute(ModelConfig cfg, Parameters weights) {
        Network net = new Network(cfg.architecture(), weights);
        int n = cfg.monitorSamples();
        float[] x = Evaluator.inputs(data.validation(), n, data.normalization());
        LayerProfile p = LayerProfile.compute(net, x, n, cfg.groupValue(), LayerSettings.DEFAULT,
                LayerListener.NONE);
        Map<String, Double> out = new LinkedHashMap<>();
        for (LayerInvariance l : p.layers()) {
            out.put(l.layer(), l.value());
        }
        return out;
    }

    private static void assertSameValues(Map<String, Double> expected, Map<String, Double> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": layers");
        for (String layer : expected.keySet()) {
            double e = expected.get(layer);
            double a = actual.get(layer);
            assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), what + " " + layer);
        }
    }

    @Test
    void recordedValuesEqualARecomputationFromTheWeightsSavedAtThatEpoch() {
        ModelConfig cfg = tiny(ModelKind.DA, 3);
        Path dir = tmp.resolve("da");
        List<String> checked = new ArrayList<>();
        TrainingResult r = new Trainer(cfg, data).train(dir, new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord rec, boolean improved) {
                // the checkpoint on disk holds this epoch's weights when the listener hears of it
                Checkpoint cp = Checkpoint.load(dir.resolve(ModelStore.CHECKPOINT_DIR), cfg.sizes());
                assertEquals(rec.epoch(), cp.epochsDone());
                assertSameValues(recompute(cfg, cp.params()), rec.layerInvariance(), "epoch " + rec.epoch());
                checked.add("epoch " + rec.epoch());
            }
        });
        assertEquals(List.of("epoch 1", "epoch 2", "epoch 3"), checked);

        StoredModel saved = ModelStore.load(dir);
        List<EpochRecord> history = saved.card().history();
        assertEquals(r.history(), history, "the card's history holds the per-layer values");
        for (EpochRecord e : history) {
            assertEquals(List.of("h1", "h2", "logits"), List.copyOf(e.layerInvariance().keySet()));
            for (double v : e.layerInvariance().values()) {
                assertTrue(v > 0 && v <= 1, "a DA model is partly, not fully, invariant: " + v);
            }
        }
        EpochRecord best = history.get(saved.card().bestEpoch() - 1);
        assertSameValues(recompute(cfg, saved.parameters()), best.layerInvariance(), "kept epoch");
    }

    @Test
    void aWeightTiedRunRecordsInvarianceInEveryLayer() {
        TrainingResult r = new Trainer(tiny(ModelKind.WT, 2), data).train(null, new TrainingListener() { });
        for (EpochRecord e : r.history()) {
            assertEquals(3, e.layerInvariance().size());
            e.layerInvariance().forEach((layer, v) -> assertTrue(v <= 1e-9, "WT " + layer + ": " + v));
        }
    }

    @Test
    void aRunWithoutMonitoredSamplesRecordsNoLayers() {
        ModelConfig cfg = new ModelConfig(ModelKind.DA, "tmnist", "r4", 0, 7, 1, 64, 2e-3, Regularizer.L2, 1.0,
                Pooling.MAX, new int[] {1296, 24, 16, 9}, 0, 0, 320);
        TrainingResult r = new Trainer(cfg, data).train(null, new TrainingListener() { });
        assertTrue(r.history().get(0).layerInvariance().isEmpty());
    }
}
