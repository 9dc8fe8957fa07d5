package org.orbitscope.ui.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;

import java.awt.image.BufferedImage;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.embedding.EmbeddingCsv;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitClassRatio;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.group.Groups;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.SelectionModel;

/** The Embedding view on a hand-made layout: click picks a sample, shift-drag picks a box, CSV and PNG export. */
class EmbeddingViewTest {

    @TempDir
    static Path tmp;

    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static EmbeddingView view;
    private static EmbeddingModel model;
    private static Stage stage;

    /** Four samples of R4 on a grid: sample s, element g at (10 s + g, 5 s). */
    private static OrbitEmbedding layout() throws Exception {
        String csv = System.getProperty("orbitscope.test.embeddingCsv");
        List<EmbeddingPoint> pts = new ArrayList<>();
        if (csv != null) {
            try (Reader r = Files.newBufferedReader(Path.of(csv))) {
                pts.addAll(EmbeddingCsv.read(r));
            }
        } else {
            for (int s = 0; s < 4; s++) {
                for (int g = 0; g < 4; g++) {
                    pts.add(new EmbeddingPoint(s, g, s % 2, s % 2, 10 * s + g, 5 * s));
                }
            }
        }
        int[] sample = pts.stream().mapToInt(EmbeddingPoint::sample).toArray();
        int[] cls = pts.stream().mapToInt(EmbeddingPoint::cls).toArray();
        double[][] xy = pts.stream().map(p -> new double[] {p.x(), p.y()}).toArray(double[][]::new);
        OrbitClassRatio.Result r = OrbitClassRatio.of(xy, sample, cls);
        return new OrbitEmbedding(OrbitEmbedding.Method.TSNE, pts, 4, Groups.R4.labels(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"), r, r, 1000, 1.0);
    }

    @BeforeAll
    static void open() throws Exception {
        FxTestSupport.start();
        tasks = new BackgroundTasks(1);
        selection = new SelectionModel();
        OrbitEmbedding e = layout();
        view = onFx(() -> {
            model = new EmbeddingModel(tasks, selection);
            EmbeddingView v = new EmbeddingView(model);
            stage = FxTestSupport.show(v.node(), 900, 650);
            model.show(e, null, Groups.R4);
            v.node().applyCss();
            ((javafx.scene.Parent) v.node()).layout();
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(5);
    }

    private static void mouse(Canvas c, EventType<MouseEvent> type, double x, double y, boolean shift) {
        javafx.geometry.Point2D scene = c.localToScene(x, y);
        Event.fireEvent(c, new MouseEvent(type, scene.getX(), scene.getY(), x, y,
                MouseButton.PRIMARY, 1, shift, false, false, false,
                type != MouseEvent.MOUSE_RELEASED, false, false, false, false, false, null));
    }

    @Test
    void clickingAPointSelectsItsSampleEverywhere() throws Exception {
        if (System.getProperty("orbitscope.test.embeddingCsv") != null) {
            return;
        }
        int picked = onFx(() -> {
            selection.sampleIndexProperty().set(-1);
            EmbeddingCanvas plot = view.plot();
            double x = plot.screenX(22);
            double y = plot.screenY(10);
            mouse(plot.canvas(), MouseEvent.MOUSE_PRESSED, x, y, false);
            mouse(plot.canvas(), MouseEvent.MOUSE_RELEASED, x, y, false);
            return selection.sampleIndexProperty().get();
        });
        assertEquals(2, picked);
    }

    @Test
    void shiftDragSelectsTheSamplesInTheBox() throws Exception {
        if (System.getProperty("orbitscope.test.embeddingCsv") != null) {
            return;
        }
        Set<Integer> picked = onFx(() -> {
            EmbeddingCanvas plot = view.plot();
            double x0 = plot.screenX(-0.5);
            double y0 = plot.screenY(6);
            double x1 = plot.screenX(13.5);
            double y1 = plot.screenY(-1);
            mouse(plot.canvas(), MouseEvent.MOUSE_PRESSED, x0, y0, true);
            mouse(plot.canvas(), MouseEvent.MOUSE_DRAGGED, (x0 + x1) / 2, (y0 + y1) / 2, true);
            mouse(plot.canvas(), MouseEvent.MOUSE_DRAGGED, x1, y1, true);
            mouse(plot.canvas(), MouseEvent.MOUSE_RELEASED, x1, y1, true);
            return Set.copyOf(selection.selectedSamples());
        });
        assertEquals(Set.of(0, 1), picked);
    }

    @Test
    void theRunMenuChoosesTheTsneMethod() throws Exception {
        onFx(() -> {
            assertEquals(TsneSettings.Method.AUTO, model.settingsProperty().get().method(), "default");
            SplitMenuButton run = (SplitMenuButton) view.node().lookup(".split-menu-button");
            assertEquals(TsneSettings.Method.values().length, run.getItems().size());
            for (MenuItem item : run.getItems()) {
                if (item.getUserData() == TsneSettings.Method.EXACT) {
                    ((RadioMenuItem) item).setSelected(true);
                }
            }
            run.fire(); // no model is selected, so nothing is computed; the settings are taken
            assertEquals(TsneSettings.Method.EXACT, model.settingsProperty().get().method());
            model.settingsProperty().set(TsneSettings.DEFAULT);
            return null;
        });
    }

    @Test
    void aPanMovesTheLastDrawingAndTheReleaseDrawsOnceAndABoxDragNotAtAll() throws Exception {
        long[] counts = onFx(() -> {
            EmbeddingCanvas plot = view.plot();
            Canvas c = plot.canvas();
            long before = plot.renders();
            long previews = plot.previews();
            mouse(c, MouseEvent.MOUSE_PRESSED, 100, 100, false);
            for (int i = 1; i <= 20; i++) {
                mouse(c, MouseEvent.MOUSE_DRAGGED, 100 + 3 * i, 100 + i, false);
            }
            long during = plot.renders();
            long moved = plot.previews() - previews;
            mouse(c, MouseEvent.MOUSE_RELEASED, 160, 120, false);
            return new long[] {before, during, moved};
        });
        assertEquals(counts[0], counts[1], "no full drawing inside the burst");
        assertEquals(20, counts[2], "every step moves the last drawing");
        long afterPan = onFx(() -> view.plot().renders());
        assertEquals(counts[0] + 1, afterPan, "one drawing for the whole pan, when the mouse lets go");
        long[] afterBox = onFx(() -> {
            EmbeddingCanvas plot = view.plot();
            Canvas c = plot.canvas();
            long previews = plot.previews();
            mouse(c, MouseEvent.MOUSE_PRESSED, 5, 5, true);
            for (int i = 1; i <= 20; i++) {
                mouse(c, MouseEvent.MOUSE_DRAGGED, 5 + i, 5 + i, true);
            }
            return new long[] {plot.renders(), plot.previews() - previews};
        });
        assertEquals(afterPan, afterBox[0], "the box is drawn over the last render");
        assertEquals(0, afterBox[1], "a box drag does not move the points");
        onFx(() -> {
            mouse(view.plot().canvas(), MouseEvent.MOUSE_RELEASED, 25, 25, true);
            view.plot().fitAll();
            return null;
        });
    }

    @Test
    void zoomingMovesTheLastDrawingAndDrawsInFullOnceItSettles() throws Exception {
        long[] counts = onFx(() -> {
            EmbeddingCanvas plot = view.plot();
            Canvas c = plot.canvas();
            long before = plot.renders();
            long previews = plot.previews();
            double x0 = plot.screenX(0);
            double y0 = plot.screenY(0);
            for (int i = 0; i < 10; i++) {
                javafx.geometry.Point2D scene = c.localToScene(200, 150);
                Event.fireEvent(c, new ScrollEvent(ScrollEvent.SCROLL, 200, 150, scene.getX(), scene.getY(), false,
                        false, false, false, false, false, 0, 40, 0, 40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                        ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
            }
            double moved = Math.hypot(plot.screenX(0) - x0, plot.screenY(0) - y0);
            return new long[] {before, plot.renders(), plot.previews() - previews, Math.round(moved)};
        });
        assertEquals(counts[0], counts[1], "no full drawing while the wheel turns");
        assertEquals(10, counts[2]);
        assertTrue(counts[3] > 0, "the view zoomed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long after = counts[0];
        while (after == counts[0] && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = onFx(() -> view.plot().renders());
        }
        assertEquals(counts[0] + 1, after, "one full drawing after the quiet time");
        onFx(() -> {
            view.plot().fitAll();
            return null;
        });
    }

    @Test
    void csvExportRoundTrips() throws Exception {
        StringBuilder sb = new StringBuilder();
        OrbitEmbedding shown = onFx(() -> {
            view.writeCsv(sb);
            return null;
        }) == null ? layout() : null;
        List<EmbeddingPoint> back = EmbeddingCsv.read(new StringReader(sb.toString()));
        assertEquals(shown.points().size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            assertEquals(shown.points().get(i).sample(), back.get(i).sample());
            assertEquals(shown.points().get(i).g(), back.get(i).g());
            assertEquals(shown.points().get(i).cls(), back.get(i).cls());
            assertEquals(shown.points().get(i).x(), back.get(i).x(), 0);
            assertEquals(shown.points().get(i).y(), back.get(i).y(), 0);
        }
    }

    @Test
    void exportsAWhiteFigureAtThreeTimesTheSize() throws Exception {
        String out = System.getProperty("orbitscope.test.pngOut");
        Path file = out != null ? Path.of(out) : tmp.resolve("embedding.png");
        double w = onFx(() -> view.plot().canvas().getWidth());
        onFx(() -> view.exportFigure(file, 3)).get(30, TimeUnit.SECONDS);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(Math.ceil(3 * w), img.getWidth(), 1);
        assertEquals(0xffffffff, img.getRGB(img.getWidth() / 2, 10) | 0xff000000, "white background");
        assertTrue(img.getHeight() > 300);
        Path svg = tmp.resolve("embedding.svg");
        onFx(() -> view.exportFigure(svg, 3)).get(30, TimeUnit.SECONDS);
        String text = java.nio.file.Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains(">Group element<"), "a vector figure with its legend");
        assertTrue(text.contains("width='" + w + "'") || text.contains("width='" + (int) w + ".0'"),
                "drawn at the canvas size in points");
    }
}
