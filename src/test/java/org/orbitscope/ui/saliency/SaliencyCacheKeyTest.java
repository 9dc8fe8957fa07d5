package org.orbitscope.ui.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/** Computed orbits are reused only for the weights they were computed with: a re-saved model is recomputed. */
class SaliencyCacheKeyTest {

    private static final int[] SIZES = {1296, 12, 9};

    @TempDir
    static Path tmp;

    private static BackgroundTasks tasks;
    private static DatasetCache datasets;

    @BeforeAll
    static void start() {
        FxTestSupport.start();
        tasks = new BackgroundTasks(1);
        datasets = new DatasetCache();
    }

    @AfterAll
    static void stop() {
        tasks.shutdown(10);
    }

    private static ModelEntry save(Path dir, long weightSeed) {
        TransformingDataset data = datasets.get(DatasetId.TMNIST, 0);
        ModelConfig cfg = new ModelConfig(ModelKind.DA, "tmnist", "r4", 0, 1, 1, 32, 1e-3, Regularizer.L2, 1,
                Pooling.MAX, SIZES, 8, 1, 0);
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, data.normalization(), "weights.npz", "",
                ModelCard.COMPLETE, null, 1, 0.1, List.of(), Map.of(), Map.of(), "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z");
        return new ModelEntry(dir, ModelStore.save(dir, card, Parameters.initialize(SIZES, weightSeed)));
    }

    private static float[] shownMap(SaliencyModel model, SelectionModel selection, ModelEntry m) throws Exception {
        onFx(() -> {
            model.showSamples(List.of(5));
            selection.selectModels(List.of(m));
            return null;
        });
        waitFor("the orbit of sample 5", Duration.ofSeconds(30), () -> {
            List<SaliencyModel.Block> b = model.blocksProperty().get();
            return b.size() == 1 && b.get(0).dirs().equals(List.of(m.dir())) && !model.busyProperty().get();
        });
        return onFx(() -> model.blocksProperty().get().get(0).rows().get(0).maps()[1].clone());
    }

    @Test
    void aModelSavedAgainInItsFolderIsNotShownFromTheCache() throws Exception {
        Path dir = tmp.resolve("model");
        SelectionModel selection = new SelectionModel();
        SaliencyModel model = onFx(() -> new SaliencyModel(tasks, datasets, selection));
        ModelEntry first = save(dir, 7);
        float[] before = shownMap(model, selection, first);
        ModelEntry second = save(dir, 8);
        float[] after = shownMap(model, selection, second);
        assertFalse(Arrays.equals(before, after), "the new weights' saliency, not the cached old one");
        StoredModel sm = ModelStore.load(dir);
        TransformingDataset data = datasets.get(DatasetId.TMNIST, 0);
        float[] x = new float[1296];
        data.test().fill(new int[] {5}, null, null, sm.card().normalization(), x);
        OrbitSaliency.Row expected = OrbitSaliency.compute(sm.network(), sm.card().config().groupValue(),
                sm.card().normalization(), x, new int[] {data.test().label(5)}, new int[] {5},
                SaliencySettings.DEFAULT).get(0);
        assertArrayEquals(expected.maps()[1], after);
    }
}
