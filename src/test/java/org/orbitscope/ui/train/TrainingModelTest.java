package org.orbitscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;

/** The dashboard's runs: a model keeps its colour and the Run picker its run, whatever else is selected. */
class TrainingModelTest {

    private static BackgroundTasks tasks;

    @BeforeAll
    static void start() {
        FxTestSupport.start();
        tasks = new BackgroundTasks(1);
    }

    @AfterAll
    static void stop() {
        tasks.shutdown(10);
    }

    private static ModelEntry shipped(String name) {
        Path dir = Path.of("models", name);
        return new ModelEntry(dir, ModelStore.readCard(dir));
    }

    private static String colours(TrainingModel m) {
        return String.join(",", m.runs().stream().map(r -> r.name() + "=" + r.colour()).toList());
    }

    @Test
    void aModelKeepsItsColourAndThePickerItsRunAcrossSelections() throws Exception {
        ModelEntry da = shipped("tmnist-r4-da-s0");
        ModelEntry ir = shipped("tmnist-r4-ir-l2-s0");
        ModelEntry wt = shipped("tmnist-r4-wt-s0");
        TrainingModel m = onFx(() -> new TrainingModel(tasks, new DatasetCache()));
        onFx(() -> {
            m.showHistories(List.of(da, ir));
            return null;
        });
        assertEquals("tmnist-r4-da-s0=0,tmnist-r4-ir-l2-s0=1", onFx(() -> colours(m)));
        assertEquals("tmnist-r4-da-s0", onFx(() -> m.focusedProperty().get().name()));
        onFx(() -> {
            m.focus(m.runs().get(1));
            m.showHistories(List.of(wt, ir, da));
            return null;
        });
        assertEquals("tmnist-r4-wt-s0=2,tmnist-r4-ir-l2-s0=1,tmnist-r4-da-s0=0", onFx(() -> colours(m)),
                "colours stay with their models, in any order");
        assertEquals("tmnist-r4-ir-l2-s0", onFx(() -> m.focusedProperty().get().name()), "the picker stays");
        onFx(() -> {
            m.showHistories(List.of(wt));
            return null;
        });
        assertEquals("tmnist-r4-wt-s0=2", onFx(() -> colours(m)), "models no longer selected are not drawn");
        assertEquals("tmnist-r4-wt-s0", onFx(() -> m.focusedProperty().get().name()));
    }

    @Test
    void aClickOnALegendEntryHidesItsRunFromThePlotsAndTheExport() throws Exception {
        ModelEntry da = shipped("tmnist-r4-da-s0");
        ModelEntry ir = shipped("tmnist-r4-ir-l2-s0");
        TrainingModel m = onFx(() -> new TrainingModel(tasks, new DatasetCache()));
        TrainingDashboard d = onFx(() -> new TrainingDashboard(m));
        onFx(() -> {
            m.showHistories(List.of(da, ir));
            return null;
        });
        assertEquals(2, (int) onFx(() -> d.legendEntries().size()));
        Runnable clickFirst = () -> javafx.event.Event.fireEvent(d.legendEntries().get(0),
                new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED, 1, 1, 1, 1,
                        javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false, true, false, false,
                        true, false, true, null));
        onFx(() -> {
            clickFirst.run();
            return null;
        });
        assertEquals(List.of("tmnist-r4-ir-l2-s0"), onFx(() -> d.figureRuns().stream()
                .map(org.orbitscope.figure.TrainingFigure.Run::name).toList()), "DA hidden, IR drawn");
        assertEquals(1, onFx(() -> d.figureRuns().get(0).colour()), "IR keeps its colour");
        assertEquals(2, (int) onFx(() -> d.legendEntries().size()), "a hidden run stays in the legend");
        ModelEntry wt = shipped("tmnist-r4-wt-s0");
        onFx(() -> {
            m.showHistories(List.of(wt));
            m.showHistories(List.of(ir, da, wt));
            return null;
        });
        assertEquals(List.of("tmnist-r4-ir-l2-s0", "tmnist-r4-wt-s0"), onFx(() -> d.figureRuns().stream()
                .map(org.orbitscope.figure.TrainingFigure.Run::name).toList()),
                "DA stays hidden when the selection leaves it and comes back");
        assertEquals(0.35, onFx(() -> d.legendEntries().stream().filter(l -> l.getText().equals("tmnist-r4-da-s0"))
                .findFirst().orElseThrow().getOpacity()), 1e-9, "and its legend entry says so");
        onFx(() -> {
            m.showHistories(List.of(da, ir));
            javafx.event.Event.fireEvent(d.legendEntries().stream().filter(l -> l.getText().equals("tmnist-r4-da-s0"))
                    .findFirst().orElseThrow(), new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_CLICKED, 1, 1, 1, 1, javafx.scene.input.MouseButton.PRIMARY, 1,
                    false, false, false, false, true, false, false, true, false, true, null));
            return null;
        });
        assertEquals(2, (int) onFx(() -> d.figureRuns().size()), "a second click shows it again");
    }

    @Test
    void aModelTrainedHereIsEvaluatedIntoItsCard(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tmnist-r4-wt-s0");
        java.nio.file.Files.createDirectories(dir);
        for (String f : List.of(ModelStore.CARD, "weights.npz")) {
            java.nio.file.Files.copy(Path.of("models", "tmnist-r4-wt-s0", f), dir.resolve(f));
        }
        // as a fresh model: no metrics yet
        ModelStore.updateCard(dir, c -> c.withMetrics(java.util.Map.of()));
        TrainingModel m = onFx(() -> new TrainingModel(tasks, new DatasetCache()));
        javafx.concurrent.Task<String> t = onFx(() -> m.evaluate(dir, 100));
        String summary = t.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(summary.startsWith("Evaluated tmnist-r4-wt-s0 on 100 test samples"), summary);
        java.util.Map<String, Object> metrics = ModelStore.readCard(dir).metrics();
        assertEquals(1.0, ((Number) metrics.get("SI")).doubleValue(), 1e-9, "WT's saliency is invariant");
        assertTrue(((Number) metrics.get("LI")).doubleValue() < 1e-9, "and its logits");
        assertEquals(100, ((Number) ((java.util.Map<?, ?>) metrics.get("evaluation")).get("samples")).intValue());
    }
}
