package org.orbitscope.ui.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitActivations;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.OrbitPurity;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;

/**
 * Orbit purity in the Embedding view of a shipped model: once the t-SNE is done the label shows what
 * {@link OrbitPurity} computes on the same activations and layout, and a selected point rings exactly its k
 * nearest neighbours in the activations.
 */
class EmbeddingPurityTest {

    private static final int SAMPLES = 40;

    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static EmbeddingModel model;
    private static EmbeddingView view;
    private static Stage stage;
    private static OrbitActivations activations;
    private static OrbitEmbedding shown;

    @BeforeAll
    static void embed() throws Exception {
        FxTestSupport.start();
        Path dir = Path.of("models", "tmnist-r4-da-s0").toAbsolutePath();
        ModelEntry da = new ModelEntry(dir, ModelStore.readCard(dir));
        tasks = new BackgroundTasks(1);
        selection = new SelectionModel();
        view = onFx(() -> {
            model = new EmbeddingModel(tasks, selection, new org.orbitscope.ui.train.DatasetCache(), true);
            model.samplesProperty().set(SAMPLES);
            model.settingsProperty().set(new TsneSettings(10, 250, TsneSettings.DEFAULT_LEARNING_RATE, 1,
                    TsneSettings.Method.BARNES_HUT));
            EmbeddingView v = new EmbeddingView(model);
            stage = FxTestSupport.show(v.node(), 900, 650);
            selection.selectModels(List.of(da));
            return v;
        });
        waitFor("the t-SNE of " + da.name(), Duration.ofSeconds(90), () -> !model.runningProperty().get()
                && model.embeddingProperty().get() != null
                && model.embeddingProperty().get().method() == OrbitEmbedding.Method.TSNE);
        shown = onFx(() -> model.embeddingProperty().get());
        StoredModel m = ModelStore.load(dir);
        TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                m.card().config().splitSeed());
        activations = OrbitEmbedder.forModel(m, data, SAMPLES, EmbeddingListener.NONE).activations();
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(5);
    }

    private static Label label(String styleClass) throws Exception {
        return onFx(() -> (Label) view.node().lookup("." + styleClass));
    }

    private static int pointOf(int sample, int g) {
        List<EmbeddingPoint> pts = shown.points();
        for (int p = 0; p < pts.size(); p++) {
            if (pts.get(p).sample() == sample && pts.get(p).g() == g) {
                return p;
            }
        }
        throw new AssertionError("no point of sample " + sample + " at element " + g);
    }

    private static List<Integer> expectedRings(int point) {
        OrbitPurity.Neighbours nb = OrbitPurity.nearest(activations.values(), activations.points(),
                activations.width(), OrbitPurity.DEFAULT_K, () -> false);
        return java.util.Arrays.stream(nb.of(point)).boxed().toList();
    }

    @Test
    void theLabelShowsThePurityOfTheLayoutOnShow() throws Exception {
        OrbitPurity.Result expected = OrbitPurity.of(activations, shown, OrbitPurity.DEFAULT_K);
        assertEquals(expected, onFx(() -> model.purityProperty().get()));
        Label purity = label("embedding-purity");
        assertTrue(onFx(purity::isVisible));
        String text = onFx(purity::getText);
        assertEquals(EmbeddingView.purityText(expected), text);
        assertTrue(text.startsWith("Orbit purity@10: activations "), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "activations %.3f",
                expected.activations().orbit())), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "layout %.3f", expected.layout().orbit())),
                text);
        assertTrue(text.endsWith("best possible orbit share 0.300"), "R4: 3 orbit mates of 10: " + text);
        assertNotNull(onFx(() -> purity.getTooltip().getText()));
    }

    @Test
    void aClickedPointRingsItsNearestNeighboursInTheActivations() throws Exception {
        int target = pointOf(7, 2);
        EmbeddingPoint picked = onFx(() -> {
            selection.sampleIndexProperty().set(-1);
            EmbeddingCanvas plot = view.plot();
            double x = plot.screenX(shown.points().get(target).x());
            double y = plot.screenY(shown.points().get(target).y());
            mouse(plot.canvas(), MouseEvent.MOUSE_PRESSED, x, y);
            mouse(plot.canvas(), MouseEvent.MOUSE_RELEASED, x, y);
            // the click takes the point nearest to it, which may be another one drawn on top
            return plot.pointAt(x, y);
        });
        assertEquals(picked.sample(), (int) onFx(() -> selection.sampleIndexProperty().get()));
        assertEquals(picked.g(), (int) onFx(() -> selection.groupElementProperty().get()));
        List<Integer> rings = onFx(() -> view.plot().neighbourPoints());
        assertEquals(OrbitPurity.DEFAULT_K, rings.size());
        assertEquals(expectedRings(pointOf(picked.sample(), picked.g())), rings);
        Label legend = label("embedding-rings");
        assertTrue(onFx(legend::isVisible));
        assertTrue(onFx(legend::getText).startsWith("Rings: the 10 nearest neighbours of sample " + picked.sample()),
                onFx(legend::getText));
    }

    @Test
    void theSelectionFromElsewhereRingsItsPointAndNoSelectionNone() throws Exception {
        List<Integer> rings = onFx(() -> {
            selection.groupElementProperty().set(3);
            selection.sampleIndexProperty().set(12);
            return view.plot().neighbourPoints();
        });
        assertEquals(expectedRings(pointOf(12, 3)), rings);
        assertFalse(rings.contains(pointOf(12, 3)), "not the point itself");
        assertArrayEquals(new Object[0], onFx(() -> {
            selection.sampleIndexProperty().set(-1);
            return view.plot().neighbourPoints();
        }).toArray());
        assertFalse(onFx(label("embedding-rings")::isVisible));
    }

    private static void mouse(Canvas c, EventType<MouseEvent> type, double x, double y) {
        javafx.geometry.Point2D scene = c.localToScene(x, y);
        Event.fireEvent(c, new MouseEvent(type, scene.getX(), scene.getY(), x, y, MouseButton.PRIMARY, 1, false,
                false, false, false, type != MouseEvent.MOUSE_RELEASED, false, false, false, false, false, null));
    }
}
