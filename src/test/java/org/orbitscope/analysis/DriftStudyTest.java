package org.orbitscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;

/** The drift study: its reference point, and its cache in the model card. */
class DriftStudyTest {

    private static TransformingDataset mnist;
    private static TransformingDataset fmnist;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        mnist = TransformingDataset.load(DatasetId.TMNIST, 0);
        fmnist = TransformingDataset.load(DatasetId.TFMNIST, 0);
    }

    private StoredModel trained() {
        ModelConfig c = new ModelConfig(ModelKind.DA, "tmnist", "t3", 0, 1, 1, 64, 2e-3, Regularizer.L2, 1,
                Pooling.MAX, new int[] {1296, 16, 9}, 8, 1, 192);
        Path dir = tmp.resolve("m");
        new Trainer(c, mnist).train(dir, new TrainingListener() { });
        return ModelStore.load(dir);
    }

    @Test
    void betaZeroIsPlainTMnist() {
        StoredModel m = trained();
        int n = 30;
        DriftStudy.Point p = DriftStudy.run(m, mnist, fmnist, new double[] {0}, n).get(0);
        double[] r = Evaluator.outputs(m.network(), Evaluator.inputs(mnist.test(), n, m.card().normalization()),
                Evaluator.labels(mnist.test(), n), n, m.card().config().groupValue());
        assertEquals(r[0], p.accuracy(), 1e-12);
        assertEquals(1.0, p.accuracyRatio(), 1e-12);
        assertEquals(r[2], p.di(), 1e-12);
        assertEquals(r[1], p.li(), 1e-12);
        assertThrows(OrbitscopeException.class, () -> DriftStudy.run(m, mnist, fmnist, new double[] {1.5}, n));
    }

    @Test
    void pointsAreCachedInTheCardAndMergedByBeta() {
        StoredModel m = trained();
        double[] first = {0, 1};
        List<DriftStudy.Point> computed = DriftStudy.runCached(m, mnist, fmnist, first, 20);
        StoredModel reread = ModelStore.load(m.dir());
        assertEquals(computed, DriftStudy.fromCard(reread.card(), key(reread, 20), first).orElseThrow());
        assertTrue(DriftStudy.fromCard(reread.card(), key(reread, 21), first).isEmpty(),
                "another sample count is not cached");

        // a second study with one more beta computes only what it lacks and keeps the rest
        double[] second = {0, 0.5, 1};
        List<DriftStudy.Point> more = DriftStudy.runCached(reread, mnist, fmnist, second, 20);
        assertEquals(computed.get(0), more.get(0));
        assertEquals(computed.get(1), more.get(2));
        assertEquals(more, DriftStudy.fromCard(ModelStore.readCard(m.dir()), key(reread, 20), second).orElseThrow());

        // the cache is what is read: a doctored value comes back
        Map<String, Object> metrics = new LinkedHashMap<>(ModelStore.readCard(m.dir()).metrics());
        @SuppressWarnings("unchecked")
        Map<String, Object> drift = (Map<String, Object>) metrics.get(DriftStudy.CARD_KEY);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) drift.get("entries");
        assertEquals(1, entries.size());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) entries.get(0).get("points");
        points.get(1).put("DI", 123.0);
        ModelStore.updateCard(m.dir(), c -> c.withMetrics(metrics));
        assertEquals(123.0, DriftStudy.runCached(ModelStore.load(m.dir()), mnist, fmnist, new double[] {0.5}, 20)
                .get(0).di());
    }

    @Test
    void pointsOfOtherWeightsAreNotStored() {
        StoredModel m = trained();
        List<DriftStudy.Point> p = DriftStudy.run(m, mnist, fmnist, new double[] {0}, 10);
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> DriftStudy.storeInCard(m.dir(), new DriftStudy.Key("0".repeat(64), 0, 1, "t3",
                        mnist.fingerprint(), fmnist.fingerprint(), 10), p));
        assertTrue(e.getMessage().contains("saved again"), e.getMessage());
        assertTrue(DriftStudy.fromCard(ModelStore.readCard(m.dir()), key(m, 10), new double[] {0}).isEmpty());
    }

    private static DriftStudy.Key key(StoredModel m, int n) {
        return DriftStudy.Key.of(m.card(), mnist, fmnist, n);
    }

    @Test
    void pointsOnOtherDataAreNotAnsweredFromTheCache() throws Exception {
        StoredModel m = trained();
        double[] b = {0, 1};
        List<DriftStudy.Point> shipped = DriftStudy.runCached(m, mnist, fmnist, b, 20);
        // the same model on a T-FMNIST copy whose content differs: computed anew, not read from the card
        TransformingDataset other = TransformingDataset.load(DatasetId.TFMNIST, 0,
                org.orbitscope.data.DataCopies.copy(DatasetId.TFMNIST, tmp.resolve("fmnist-copy"), true));
        assertTrue(!other.fingerprint().equals(fmnist.fingerprint()), "a changed label changes the fingerprint");
        StoredModel reread = ModelStore.load(m.dir());
        assertTrue(DriftStudy.fromCard(reread.card(), DriftStudy.Key.of(reread.card(), mnist, other, 20), b)
                .isEmpty(), "no entry for the other data");
        // doctor the shipped-data entry: if the other data were answered from it, the doctored value would show
        Map<String, Object> metrics = new LinkedHashMap<>(ModelStore.readCard(m.dir()).metrics());
        @SuppressWarnings("unchecked")
        Map<String, Object> drift = (Map<String, Object>) metrics.get(DriftStudy.CARD_KEY);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) drift.get("entries");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) entries.get(0).get("points");
        points.get(1).put("DI", 123.0);
        ModelStore.updateCard(m.dir(), c -> c.withMetrics(metrics));
        List<DriftStudy.Point> onOther = DriftStudy.runCached(ModelStore.load(m.dir()), mnist, other, b, 20);
        assertEquals(DriftStudy.run(m, mnist, other, b, 20), onOther);
        assertTrue(onOther.get(1).di() != 123.0);
        assertEquals(shipped.get(0).accuracy(), onOther.get(0).accuracy(), 1e-12, "beta 0 is T-MNIST either way");
        // both entries are kept, each under its own key
        StoredModel last = ModelStore.load(m.dir());
        assertEquals(123.0, DriftStudy.fromCard(last.card(), key(last, 20), b).orElseThrow().get(1).di());
        assertEquals(onOther, DriftStudy.fromCard(last.card(), DriftStudy.Key.of(last.card(), mnist, other, 20), b)
                .orElseThrow());
    }

    @Test
    void aDatasetIsNotBlendedWithItself() {
        StoredModel m = trained();
        TransformingDataset mnistAsFmnist = TransformingDataset.load(DatasetId.TFMNIST, 0, mnist.directory());
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> DriftStudy.run(m, mnist, mnistAsFmnist, new double[] {0.5}, 10));
        assertTrue(e.getMessage().contains("same content"), e.getMessage());
    }
}
