package org.orbitscope.ui.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.event.Event;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.probe.ImageImport;
import org.orbitscope.analysis.probe.Probe;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/** The Probe view on the shipped weight-tied R4 model: selection, slider, drawing, image files, worst cases. */
class ProbeViewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static final DatasetCache DATASETS = new DatasetCache();
    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static ProbeView view;
    private static Stage stage;
    private static ModelEntry wt;

    @BeforeAll
    static void open() throws Exception {
        Path dir = Path.of("models", "tmnist-r4-wt-s0").toAbsolutePath();
        wt = new ModelEntry(dir, ModelStore.load(dir).card());
        FxTestSupport.start();
        tasks = new BackgroundTasks(2);
        view = onFx(() -> {
            selection = new SelectionModel();
            ProbeView v = new ProbeView(new ProbeModel(tasks, selection, DATASETS));
            stage = FxTestSupport.show(v.node(), 1200, 800);
            selection.selectModels(List.of(wt));
            selection.sampleIndexProperty().set(3);
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(10);
    }

    private static Probe.Result answerAt(Transform t) throws Exception {
        waitFor("the answer at " + t, WAIT, () -> {
            List<ProbeModel.Answer> a = view.model().answersProperty().get();
            return !view.model().probingProperty().get() && a.size() == 1 && a.get(0).result() != null
                    && a.get(0).result().transform().equals(t);
        });
        return onFx(() -> view.model().answersProperty().get().get(0).result());
    }

    private static void useSample(int index) throws Exception {
        onFx(() -> {
            view.model().useSample();
            selection.sampleIndexProperty().set(index);
            return null;
        });
        waitFor("sample " + index, WAIT, () -> {
            ProbeModel.Input in = view.model().inputProperty().get();
            return in != null && in.source() == ProbeModel.Source.SAMPLE && in.sample() == index;
        });
    }

    @Test
    void followsTheSelectedSample() throws Exception {
        Split test = DATASETS.get(DatasetId.TMNIST, 0).test();
        for (int i : List.of(3, 17)) {
            useSample(i);
            ProbeModel.Input in = onFx(() -> view.model().inputProperty().get());
            assertArrayEquals(test.image(i), in.image(), "the probe shows test sample " + i);
            assertEquals(test.label(i), in.label());
        }
    }

    @Test
    void theWeightTiedModelIsInvariantAtNinetyDegreesOnlyInThePixelGrid() throws Exception {
        useSample(5);
        onFx(() -> {
            view.slider().setValue(90);
            return null;
        });
        Probe.Result at90 = answerAt(Transform.rotation(90));
        assertTrue(at90.li() <= 1e-9, "WT is exactly invariant to the group element 90°: LI " + at90.li());
        assertTrue(at90.element() >= 0, "90° is applied as the group's permutation");
        onFx(() -> {
            view.slider().setValue(45);
            return null;
        });
        Probe.Result at45 = answerAt(Transform.rotation(45));
        assertTrue(at45.li() > 0, "45° is not a group element: LI " + at45.li());
        assertEquals(-1, at45.element());
        StringBuilder csv = new StringBuilder();
        onFx(() -> {
            view.writeCsv(csv);
            return null;
        });
        assertTrue(csv.toString().contains("probe,tmnist-r4-wt-s0,5,rotation 45°,-1,li," + at45.li()), csv.toString());
        org.orbitscope.figure.Figure figure = onFx(() -> view.figure(1).orElseThrow());
        Path svg = tmp.resolve("probe.svg");
        figure.write(svg);
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("tmnist-r4-wt-s0") && text.contains("rotation 45°"),
                "the figure names the model and the transformation");
        Path png = tmp.resolve("probe.png");
        onFx(() -> view.figure(2).orElseThrow()).write(png);
        assertEquals(2 * figure.width(), ImageIO.read(png.toFile()).getWidth(), "PNG at twice the size");
    }

    @Test
    void drawingOnThePadGivesANonBlankInput() throws Exception {
        onFx(() -> {
            DrawingPad pad = view.pad();
            pad.clear();
            drag(pad, new double[][] {{100, 40}, {104, 80}, {108, 120}, {110, 170}});
            drag(pad, new double[][] {{80, 60}, {100, 40}});
            return null;
        });
        waitFor("the drawn input", WAIT, () -> {
            ProbeModel.Input in = view.model().inputProperty().get();
            return in != null && in.source() == ProbeModel.Source.DRAWING && !ImageImport.isBlank(in.image());
        });
        assertFalse(onFx(() -> view.pad().isBlank()));
        waitFor("an answer to the drawing", WAIT, () -> view.model().answersProperty().get().stream()
                .anyMatch(a -> a.result() != null && a.result().target() == a.result().predicted()));
    }

    private static void drag(DrawingPad pad, double[][] points) {
        fire(pad, MouseEvent.MOUSE_PRESSED, points[0]);
        for (int i = 1; i < points.length; i++) {
            fire(pad, MouseEvent.MOUSE_DRAGGED, points[i]);
        }
        fire(pad, MouseEvent.MOUSE_RELEASED, points[points.length - 1]);
    }

    private static void fire(DrawingPad pad, javafx.event.EventType<MouseEvent> type, double[] p) {
        Event.fireEvent(pad, new MouseEvent(type, p[0], p[1], p[0], p[1], MouseButton.PRIMARY, 1, false, false, false,
                false, true, false, false, false, false, false, null));
    }

    @Test
    void anImageFileIsShownAsTheNetworkSeesIt() throws Exception {
        BufferedImage img = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(14));
        g.drawLine(60, 20, 60, 140);
        g.dispose();
        Path png = tmp.resolve("one.png");
        ImageIO.write(img, "png", png.toFile());
        onFx(() -> view.model().loadFile(png));
        waitFor("the imported image", WAIT, () -> {
            ProbeModel.Input in = view.model().inputProperty().get();
            return in != null && in.source() == ProbeModel.Source.FILE;
        });
        float[] expected = ImageImport.load(png, org.orbitscope.analysis.probe.DigitGeometry.MNIST);
        assertArrayEquals(expected, onFx(() -> view.model().inputProperty().get().image()));
        javafx.scene.image.Image shown = onFx(() -> view.preview().getImage());
        assertNotNull(shown);
        int bright = onFx(() -> {
            int n = 0;
            for (int y = 0; y < shown.getHeight(); y++) {
                for (int x = 0; x < shown.getWidth(); x++) {
                    n += (shown.getPixelReader().getArgb(x, y) & 0xff) > 128 ? 1 : 0;
                }
            }
            return n;
        });
        assertTrue(bright > 20, "the preview shows the stroke: " + bright + " bright pixels");

        Path bad = Files.writeString(tmp.resolve("notes.png"), "not an image");
        onFx(() -> view.model().loadFile(bad));
        waitFor("the error line", WAIT, () -> !view.inputErrorLabel().getText().isEmpty());
        String error = onFx(() -> view.inputErrorLabel().getText());
        assertTrue(error.contains("notes.png") && !error.contains("\n") && !error.contains("Exception"), error);
        assertEquals(ProbeModel.Source.FILE, onFx(() -> view.model().inputProperty().get().source()),
                "the last good input stays");
    }

    @Test
    void choosingAWorstCaseSelectsThatSampleEverywhere() throws Exception {
        onFx(() -> {
            selection.sampleIndexProperty().set(0);
            view.model().worstPoolProperty().set(200);
            view.model().worstTopProperty().set(10);
            view.model().worstByProperty().set(org.orbitscope.analysis.probe.WorstCases.By.LI);
            view.model().runWorst();
            return null;
        });
        waitFor("the ranking", WAIT, () -> view.table().getItems().size() == 10);
        int sample = onFx(() -> {
            view.table().getSelectionModel().select(3);
            return view.table().getItems().get(3).sample();
        });
        assertTrue(sample != 0, "a ranked sample other than the one selected before");
        assertEquals(sample, (int) onFx(() -> selection.sampleIndexProperty().get()));
        waitFor("the probe on the chosen sample", WAIT, () -> {
            ProbeModel.Input in = view.model().inputProperty().get();
            return in != null && in.source() == ProbeModel.Source.SAMPLE && in.sample() == sample;
        });
    }

    @Test
    void probesAnImportedOnnxModelBesideTheNativeOne() throws Exception {
        Path cnn = Path.of(ProbeViewTest.class.getResource("/org/orbitscope/model/onnx/cnn.onnx").toURI());
        Path out = tmp.resolve("cnn-onnx");
        org.orbitscope.model.onnx.OnnxImport.importFile(cnn, out, DatasetId.TMNIST, org.orbitscope.group.Groups.R4,
                DATASETS.get(DatasetId.TMNIST, 0).normalization(), null, java.util.Map.of());
        ModelEntry onnx = new ModelEntry(out, ModelStore.load(out).card());
        assertTrue(onnx.card().isOnnx());
        try {
            useSample(2);
            onFx(() -> {
                selection.selectModels(List.of(wt, onnx));
                view.slider().setValue(30);
                return null;
            });
            waitFor("both models' answers at 30°", WAIT, () -> {
                List<ProbeModel.Answer> a = view.model().answersProperty().get();
                return !view.model().probingProperty().get() && a.size() == 2 && a.stream().allMatch(x ->
                        x.result() != null && x.result().transform().equals(Transform.rotation(30)));
            });
            ProbeModel.Answer imported = onFx(() -> view.model().answersProperty().get().get(1));
            assertEquals(onnx, imported.model());
            assertTrue(Double.isFinite(imported.result().li()) && imported.result().li() >= 0);
        } finally {
            onFx(() -> {
                selection.selectModels(List.of(wt));
                return null;
            });
        }
    }

    @Test
    void arrowKeysStepTheSliderAndPageKeysJumpToTheGroupsElements() throws Exception {
        double[] values = onFx(() -> {
            javafx.scene.control.Slider s = view.slider();
            s.setValue(90);
            s.requestFocus();
            double[] v = new double[3];
            key(s, javafx.scene.input.KeyCode.RIGHT);
            v[0] = s.getValue();
            key(s, javafx.scene.input.KeyCode.PAGE_UP);
            v[1] = s.getValue();
            key(s, javafx.scene.input.KeyCode.PAGE_DOWN);
            v[2] = s.getValue();
            return v;
        });
        assertArrayEquals(new double[] {91, 180, 90}, values);
        assertEquals(Transform.rotation(90), onFx(() -> view.model().transformProperty().get()));
    }

    private static void key(javafx.scene.Node target, javafx.scene.input.KeyCode code) {
        Event.fireEvent(target, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", code,
                false, false, false, false));
    }
}
