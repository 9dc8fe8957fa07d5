package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/** Short runs on a subset of T-MNIST with a small network. */
class TrainerTest {

    private static TransformingDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static ModelConfig tiny(ModelKind kind, int epochs) {
        return new ModelConfig(kind, "tmnist", "r4", 0, 42, epochs, 64, 2e-3, Regularizer.L2, 1.0, Pooling.MAX,
                new int[] {1296, 24, 16, 9}, 32, 2, 320);
    }

    @Test
    void sameConfigurationGivesBitIdenticalWeights() {
        TrainingResult a = new Trainer(tiny(ModelKind.IR, 2), data).train(null, new TrainingListener() { });
        TrainingResult b = new Trainer(tiny(ModelKind.IR, 2), data).train(null, new TrainingListener() { });
        assertTrue(a.last().sameValues(b.last()));
        assertTrue(a.best().sameValues(b.best()));
        TrainingResult c = new Trainer(tiny(ModelKind.IR, 2).withSeed(43), data)
                .train(null, new TrainingListener() { });
        assertFalse(a.last().sameValues(c.last()));
    }

    @Test
    void interruptedAndResumedRunEndsWithTheSameWeights() {
        ModelConfig cfg = tiny(ModelKind.DA, 4);
        TrainingResult whole = new Trainer(cfg, data).train(tmp.resolve("whole"), new TrainingListener() { });
        assertEquals(ModelCard.COMPLETE, whole.status());
        assertFalse(Files.exists(tmp.resolve("whole").resolve(ModelStore.CHECKPOINT_DIR)),
                "a complete run keeps no optimizer state");
        assertEquals("weights.npz", ModelStore.readCard(tmp.resolve("whole")).weightsFile());

        Path dir = tmp.resolve("split");
        Trainer first = new Trainer(cfg, data);
        TrainingResult part = first.train(dir, new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord r, boolean improved) {
                if (r.epoch() == 2) {
                    first.cancel();
                }
            }
        });
        assertEquals(ModelCard.CANCELLED, part.status());
        assertEquals(2, part.history().size());
        StoredModel kept = ModelStore.load(dir);
        assertEquals(ModelCard.CANCELLED, kept.card().status());
        assertTrue(kept.parameters().sameValues(part.best()), "a cancelled run keeps its best weights");

        TrainingResult rest = new Trainer(cfg, data).resumeFrom(dir, new TrainingListener() { });
        assertEquals(ModelCard.COMPLETE, rest.status());
        assertEquals(4, rest.history().size());
        assertTrue(rest.last().sameValues(whole.last()), "resumed run ends with the uninterrupted run's weights");
        assertTrue(rest.best().sameValues(whole.best()));
        assertEquals(whole.history(), withoutTimes(rest.history(), whole.history()));
    }

    /** Histories agree except for wall times. */
    private static List<EpochRecord> withoutTimes(List<EpochRecord> got, List<EpochRecord> like) {
        List<EpochRecord> out = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            EpochRecord r = got.get(i);
            out.add(r.withSeconds(like.get(i).seconds()));
        }
        return out;
    }

    @Test
    void weightTiedModelStaysInvariantWhileDataAugmentationDoesNot() {
        TrainingResult wt = new Trainer(tiny(ModelKind.WT, 2), data).train(null, new TrainingListener() { });
        TrainingResult da = new Trainer(tiny(ModelKind.DA, 2), data).train(null, new TrainingListener() { });
        for (EpochRecord r : wt.history()) {
            assertTrue(r.li() < 1e-9, "WT LI " + r.li());
            assertTrue(r.di() < 1e-9, "WT DI " + r.di());
        }
        assertTrue(da.history().get(1).li() > 1e-3, "DA LI " + da.history().get(1).li());
        assertTrue(wt.history().get(1).validationAccuracy() > 0.2, "WT learns something");
    }

    @Test
    void divergenceStopsTheRunWithAClearMessage() {
        // nu so large that the regularizer's gradient overflows float: Adam turns the weights into NaN and the
        // second step's loss is NaN.
        ModelConfig cfg = new ModelConfig(ModelKind.IR, "tmnist", "r4", 0, 1, 3, 64, 2e-3, Regularizer.L2,
                1e300, Pooling.MAX, new int[] {1296, 24, 16, 9}, 8, 1, 320);
        List<String> messages = new ArrayList<>();
        Path dir = tmp.resolve("div");
        TrainingResult r = new Trainer(cfg, data).train(dir, new TrainingListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        });
        assertEquals(ModelCard.DIVERGED, r.status());
        assertTrue(r.message().startsWith("Training diverged at epoch 1, step 2"), r.message());
        assertTrue(r.message().contains("no weights were kept"), r.message());
        assertTrue(messages.contains(r.message()));
        assertFalse(Files.exists(dir.resolve(ModelStore.CARD)), "no half-trained model is left behind");
    }

    @Test
    void pausedRunWaitsUntilResumed() throws Exception {
        Trainer t = new Trainer(tiny(ModelKind.DA, 1), data);
        t.pause();
        List<Integer> steps = new ArrayList<>();
        Thread th = new Thread(() -> t.train(null, new TrainingListener() {
            @Override
            public void onStep(StepStats s) {
                synchronized (steps) {
                    steps.add(s.step());
                }
            }
        }));
        th.start();
        Thread.sleep(300);
        synchronized (steps) {
            assertTrue(steps.isEmpty(), "no step while paused");
        }
        t.resume();
        th.join(60_000);
        assertEquals(5, steps.size());
    }

    @Test
    void refusesToOverwriteAnExistingModel() {
        Path dir = tmp.resolve("m");
        new Trainer(tiny(ModelKind.DA, 1), data).train(dir, new TrainingListener() { });
        assertNotNull(ModelStore.load(dir));
        assertThrows(OrbitscopeException.class,
                () -> new Trainer(tiny(ModelKind.DA, 1), data).train(dir, new TrainingListener() { }));
    }
}
