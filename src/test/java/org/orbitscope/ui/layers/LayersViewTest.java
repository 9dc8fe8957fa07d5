package org.orbitscope.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.event.Event;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.layers.LayerInvariance;
import org.orbitscope.figure.LayersFigure;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/** The Layers tab on the shipped R4 models: it follows the selection and a click sets the embedded layer. */
class LayersViewTest {

    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static LayersModel model;
    private static LayersView view;
    private static Stage stage;
    private static final List<String> embedded = new ArrayList<>();
    private static ModelEntry wt;
    private static ModelEntry da;

    private static ModelEntry shipped(String name) {
        Path dir = Path.of("models", name);
        return new ModelEntry(dir, ModelStore.readCard(dir));
    }

    @BeforeAll
    static void open() throws Exception {
        wt = shipped("tmnist-r4-wt-s0");
        da = shipped("tmnist-r4-da-s0");
        FxTestSupport.start();
        tasks = new BackgroundTasks(1);
        view = onFx(() -> {
            selection = new SelectionModel();
            model = new LayersModel(tasks, selection, new DatasetCache(), false, embedded::add);
            model.samplesProperty().set(60);
            LayersView v = new LayersView(model);
            stage = FxTestSupport.show(v.node(), 1200, 700);
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(10);
    }

    private static List<LayersFigure.Row> rowsFor(List<ModelEntry> selected) throws Exception {
        onFx(() -> {
            selection.selectModels(selected);
            model.setShowing(true);
            return null;
        });
        // the condition runs on the FX thread
        waitFor("the selected models measured", Duration.ofSeconds(60), () -> !model.runningProperty().get()
                && model.rowModelsProperty().get().equals(selected)
                && model.rowsProperty().get().size() == selected.size());
        return onFx(() -> model.rowsProperty().get());
    }

    @Test
    void followsTheSelectionAndSeparatesWeightTyingFromAugmentation() throws Exception {
        List<LayersFigure.Row> rows = rowsFor(List.of(wt, da));
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5", "logits"), rows.get(0).profile().layers().stream()
                .map(LayerInvariance::layer).toList());
        for (LayerInvariance l : rows.get(0).profile().layers()) {
            assertTrue(l.value() <= 1e-9, "WT layer " + l.layer() + " is invariant: " + l.value());
        }
        assertTrue(rows.get(1).profile().layer("h1").value() > 0.1, "DA's first layer encodes the rotation");

        List<LayersFigure.Row> one = rowsFor(List.of(da));
        assertEquals(1, one.size(), "a new selection replaces the rows");
        assertTrue(onFx(() -> model.statusProperty().get()).contains("60"), "the status names the samples");

        StringBuilder csv = new StringBuilder();
        onFx(() -> {
            view.writeCsv(csv);
            return null;
        });
        String[] lines = csv.toString().split("\n");
        assertEquals(1 + 5 * 128 + 9, lines.length, "a header and a line per unit");
        assertTrue(lines[1].startsWith("tmnist-r4-da-s0,h1,128,"), lines[1]);
        assertNotNull(onFx(() -> view.figure(1).orElse(null)), "the view exports a figure");
    }

    @Test
    void clickingACellSetsTheLayerTheEmbeddingShowsAndTheCurrentModel() throws Exception {
        rowsFor(List.of(wt, da));
        LayersCanvas canvas = onFx(view::canvas);
        // find the cell of DA's h3 on the canvas and click it (a mouse event's x and y are in the scene)
        double[] at = onFx(() -> {
            for (double y = 0; y < canvas.getHeight(); y += 2) {
                for (double x = 0; x < canvas.getWidth(); x += 2) {
                    int[] c = canvas.cellAt(x, y);
                    if (c != null && c[0] == 1 && c[1] == 2) {
                        javafx.geometry.Point2D scene = canvas.localToScene(x, y);
                        return new double[] {scene.getX(), scene.getY()};
                    }
                }
            }
            return null;
        });
        assertNotNull(at, "DA's h3 cell is on the canvas");
        embedded.clear();
        onFx(() -> {
            Event.fireEvent(canvas, new MouseEvent(MouseEvent.MOUSE_CLICKED, at[0], at[1], at[0], at[1],
                    MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, true, false, true,
                    null));
            return null;
        });
        assertEquals(List.of("h3"), embedded, "the Embedding view is told the layer");
        assertEquals(da.name(), onFx(() -> selection.currentModelProperty().get().name()),
                "and shows that row's model; status: " + onFx(() -> model.statusProperty().get()));
        assertEquals("h3", onFx(() -> model.chosenLayerProperty().get()));
    }
}
