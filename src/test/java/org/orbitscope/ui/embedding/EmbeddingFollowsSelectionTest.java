package org.orbitscope.ui.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;

/**
 * The Embedding view on shipped models, driven as the main window drives it (shown through
 * {@code setShowing}): a new selection is embedded, the plot and every export name the model on show, and a
 * layout of another model than the selected one says so.
 */
class EmbeddingFollowsSelectionTest {

    @TempDir
    static Path tmp;

    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static EmbeddingModel model;
    private static EmbeddingView view;
    private static Stage stage;
    private static ModelEntry da;
    private static ModelEntry wt;

    @BeforeAll
    static void open() throws Exception {
        FxTestSupport.start();
        da = entry("tmnist-r4-da-s0");
        wt = entry("tmnist-t3-wt-s0");
        tasks = new BackgroundTasks(1);
        selection = new SelectionModel();
        view = onFx(() -> {
            // as in the main window: not showing until its tab is selected
            model = new EmbeddingModel(tasks, selection, new org.orbitscope.ui.train.DatasetCache(), false);
            model.samplesProperty().set(40);
            model.settingsProperty().set(new TsneSettings(10, 250, TsneSettings.DEFAULT_LEARNING_RATE, 1,
                    TsneSettings.Method.BARNES_HUT));
            EmbeddingView v = new EmbeddingView(model);
            stage = FxTestSupport.show(v.node(), 900, 650);
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(5);
    }

    private static ModelEntry entry(String name) {
        Path dir = Path.of("models", name).toAbsolutePath();
        return new ModelEntry(dir, ModelStore.readCard(dir));
    }

    private static void awaitShown(ModelEntry m) throws Exception {
        // the condition runs on the FX thread
        waitFor("the embedding of " + m.name(), Duration.ofSeconds(60), () -> !model.runningProperty().get()
                && EmbeddingModel.sameModel(model.shownModelProperty().get(), m));
    }

    @Test
    void aNewSelectionIsEmbeddedAndEveryExportNamesTheModel() throws Exception {
        onFx(() -> {
            view.setShowing(true);
            selection.selectModels(List.of(da));
            return null;
        });
        awaitShown(da);
        assertTrue(onFx(() -> model.shownTitle()).startsWith("tmnist-r4-da-s0"));

        // changing the selection while the tab is open embeds the new model (it kept the old one before)
        onFx(() -> {
            selection.selectModels(List.of(wt));
            return null;
        });
        awaitShown(wt);
        assertFalse(onFx(() -> model.staleProperty().get()));
        assertEquals(3, onFx(() -> model.embeddingProperty().get().groupOrder()), "T3 orbits");

        Path svg = tmp.resolve("embedding.svg");
        onFx(() -> view.exportFigure(svg, 1)).get(30, TimeUnit.SECONDS);
        String text = Files.readString(svg);
        assertTrue(text.contains("tmnist-t3-wt-s0"), "the exported figure names the model");
        StringBuilder csv = new StringBuilder();
        onFx(() -> {
            view.writeCsv(csv);
            return null;
        });
        assertTrue(csv.toString().startsWith("# model: tmnist-t3-wt-s0"), csv.substring(0, 40));

        // hidden tab: a selection made meanwhile is not embedded, and the view says its layout is older
        onFx(() -> {
            view.setShowing(false);
            selection.selectModels(List.of(da));
            return null;
        });
        assertTrue(onFx(() -> model.staleProperty().get()), "the layout on show is not the selected model's");
        assertTrue(onFx(() -> EmbeddingModel.sameModel(model.shownModelProperty().get(), wt)));
        onFx(() -> {
            view.setShowing(true);
            return null;
        });
        awaitShown(da);
        assertFalse(onFx(() -> model.staleProperty().get()));
    }
}
