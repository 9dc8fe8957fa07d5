package org.orbitscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.train.TrainingResult;
import org.orbitscope.ui.train.TrainingTask;

/** The main window on a temporary models directory: library, a live run, cancel and PNG export. */
class MainWindowTest {

    @TempDir
    static Path tmp;

    private static WindowFixture fixture;
    private static MainWindow window;
    private static Path models;

    private static ModelConfig tiny(ModelKind kind, int epochs, long seed) {
        return new ModelConfig(kind, "tmnist", "r4", 0, seed, epochs, 32, 2e-3, Regularizer.L2, 1.0, Pooling.MAX,
                new int[] {1296, 16, 9}, 8, 1, 200);
    }

    @BeforeAll
    static void open() throws Exception {
        models = tmp.resolve("models");
        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        new Trainer(tiny(ModelKind.DA, 1, 1), data).train(models.resolve("da-r4-tmnist-s1"),
                new TrainingListener() { });
        fixture = new WindowFixture(models, 1200, 800);
        window = fixture.window;
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void listsModelsFromTheModelsDirectory() throws Exception {
        waitFor("the library scan", Duration.ofSeconds(10), () -> window.library().entries().size() == 1);
        assertEquals("da-r4-tmnist-s1", onFx(() -> window.library().entries().get(0).name()));
        onFx(() -> {
            window.library().listView().getSelectionModel().select(0);
            return null;
        });
        waitFor("the history curve", Duration.ofSeconds(5), () -> window.training().runs().stream()
                .anyMatch(r -> !r.live() && r.epochPoints() == 1));
    }

    /** The control a dialog row labelled {@code label} edits. */
    private static javafx.scene.Node field(javafx.scene.Parent dialog, String label) {
        return dialog.lookupAll(".label").stream().map(n -> (javafx.scene.control.Label) n)
                .filter(l -> label.equals(l.getText()) && l.getLabelFor() != null).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + label)).getLabelFor();
    }

    @Test
    void aRunStartedFromTheDialogDrawsCurvesShowsProgressAndStops() throws Exception {
        Path out = models.resolve("ir-from-dialog");
        javafx.application.Platform.runLater(window::trainNew);
        waitFor("the train dialog", Duration.ofSeconds(10), () -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane p
                        && p.getHeaderText().startsWith("Train a new model")));
        onFx(() -> {
            javafx.scene.control.DialogPane pane = (javafx.scene.control.DialogPane) javafx.stage.Window.getWindows()
                    .stream().filter(w -> w.isShowing() &&
                            w.getScene().getRoot() instanceof javafx.scene.control.DialogPane)
                    .findFirst().orElseThrow().getScene().getRoot();
            @SuppressWarnings("unchecked")
            javafx.scene.control.ChoiceBox<ModelKind> kind =
                    (javafx.scene.control.ChoiceBox<ModelKind>) field(pane, "Model kind");
            kind.setValue(ModelKind.IR);
            String[][] values = {{"Epochs", "200"}, {"Batch size", "32"}, {"Layer sizes", "1296,16,9"},
                {"Monitor samples", "8"}, {"SigmaMax samples", "1"}, {"Training subset", "200"},
                {"Output directory", out.toString()}};
            for (String[] v : values) {
                ((javafx.scene.control.TextField) field(pane, v[0])).setText(v[1]);
            }
            javafx.scene.control.Button start = (javafx.scene.control.Button) pane.lookupButton(
                    org.orbitscope.ui.train.TrainDialog.START);
            assertTrue(!start.isDisabled(), "the settings are valid");
            start.fire();
            return null;
        });
        waitFor("the run on the dashboard", Duration.ofSeconds(10), () -> window.training().runs().stream()
                .anyMatch(r -> r.live() && r.dir().equals(out)));
        org.orbitscope.ui.train.TrainingRun run = onFx(() -> window.training().runs().stream()
                .filter(r -> r.live() && r.dir().equals(out)).findFirst().orElseThrow());
        assertEquals(ModelKind.IR, run.config().kind());
        assertEquals(200, run.config().epochs());
        waitFor("loss points", Duration.ofSeconds(30), () -> run.lossPoints() > 5);
        assertTrue(onFx(() -> window.statusBar().taskEntries()) >= 1, "the status bar lists the run");
        String busy = onFx(() -> window.statusBar().message());
        assertTrue(busy.startsWith("Running: ") && busy.contains("Training"), "not 'Ready' while training: " + busy);
        java.util.List<org.orbitscope.ui.common.PlotView> panels = onFx(() -> window.dashboard().node()
                .lookupAll(".plot-view")
                .stream().map(n -> (org.orbitscope.ui.common.PlotView) n).toList());
        assertEquals(5, panels.size(), "the four training panels and the per-layer invariance");
        int drawn = onFx(() -> panels.get(0).draws());
        int before = onFx(run::lossPoints);
        waitFor("more loss points drawn", Duration.ofSeconds(15), () -> run.lossPoints() > before
                && panels.get(0).draws() > drawn);
        TrainingTask task = onFx(() -> window.training().taskOf(run));
        onFx(() -> {
            window.node().lookupAll(".button").stream().map(n -> (javafx.scene.control.Button) n)
                    .filter(b -> "Stop".equals(b.getText()) && !b.isDisabled()).findFirst().orElseThrow().fire();
            return null;
        });
        TrainingResult result = task.get(30, TimeUnit.SECONDS);
        assertEquals(ModelCard.CANCELLED, result.status());
        waitFor("the status bar to clear", Duration.ofSeconds(5), () -> window.statusBar().taskEntries() == 0);
        assertTrue(!onFx(() -> window.statusBar().message()).startsWith("Running"), "nothing runs any more");
        if (result.bestEpoch() > 0) {
            assertTrue(ModelStore.isModel(out), "stopping keeps the best weights");
        }
    }

    @Test
    void exportsTheDashboardFigureAsPngSvgAndPdf() throws Exception {
        waitFor("a run on the dashboard", Duration.ofSeconds(10), () -> !window.training().runs().isEmpty()
                || selectFirstModel());
        Path png = tmp.resolve("dashboard.png");
        onFx(() -> window.exportPng(2, png)).get(30, TimeUnit.SECONDS);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 1100, img.getWidth(), "the figure at twice its size");
        assertEquals(2 * (760 + 260), img.getHeight(), "with the per-layer invariance under the four panels");

        Path svg = tmp.resolve("dashboard.svg");
        onFx(() -> window.exportFigure(svg, 1)).get(30, TimeUnit.SECONDS);
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("<svg"), text.substring(0, 80));
        assertTrue(text.contains(">Validation accuracy<"), "titles stay text in SVG");

        Path pdf = tmp.resolve("dashboard.pdf");
        onFx(() -> window.exportFigure(pdf, 1)).get(30, TimeUnit.SECONDS);
        byte[] bytes = Files.readAllBytes(pdf);
        assertEquals("%PDF-", new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%%EOF"));
    }

    private static boolean selectFirstModel() {
        if (!window.library().entries().isEmpty()) {
            window.library().listView().getSelectionModel().select(0);
        }
        return false;
    }

    @Test
    void twoViewsSideBySideAndBack() throws Exception {
        onFx(() -> {
            window.showView("Saliency");
            window.setSideBySide(true);
            return null;
        });
        assertTrue(onFx(window::isSideBySide));
        assertEquals("Saliency", onFx(() -> window.currentView().title()), "the moved view stays the current one");
        javafx.scene.control.TabPane[] panes = onFx(() -> window.node().lookupAll(".tab-pane").stream()
                .filter(n -> n.getParent() != null &&
                        n.getParent().getParent() instanceof javafx.scene.control.SplitPane
                        && ((javafx.scene.control.TabPane) n).getTabs().stream()
                                .anyMatch(t -> t.getUserData() instanceof org.orbitscope.ui.common.View))
                .map(n -> (javafx.scene.control.TabPane) n).toArray(javafx.scene.control.TabPane[]::new));
        assertEquals(2, panes.length, "two panes of views");
        assertEquals(List.of("Training", "Embedding", "Layers", "Probe",
                "Experiments"), onFx(() -> panes[0].getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList()));
        assertEquals(List.of("Saliency"), onFx(() -> panes[1].getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList()));
        assertTrue(onFx(() -> window.rightViewChooser().isVisible()), "a visible chooser of the right view");
        assertEquals("Saliency", onFx(() -> window.rightViewChooser().getValue()));
        onFx(() -> {
            window.rightViewChooser().setValue("Layers");
            return null;
        });
        assertEquals(List.of("Layers"), onFx(() -> panes[1].getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList()), "the chooser puts its view on the right");
        assertEquals(List.of("Training", "Saliency", "Embedding", "Probe", "Experiments"), onFx(() -> panes[0]
                .getTabs().stream().map(javafx.scene.control.Tab::getText).toList()), "and the other back in place");
        onFx(() -> {
            window.setSideBySide(false);
            return null;
        });
        assertTrue(!onFx(window::isSideBySide));
        assertTrue(!onFx(() -> window.rightViewChooser().isVisible()), "no chooser with one pane");
        assertEquals(List.of("Training", "Saliency", "Embedding", "Layers", "Probe",
                "Experiments"), onFx(() -> panes[0].getTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList()), "every view back, in its place");
        onFx(() -> window.showView("Training"));
    }

    @Test
    void datasetAndGroupPickersFilterTheLibrary() throws Exception {
        waitFor("the library scan", Duration.ofSeconds(10), () -> !window.library().entries().isEmpty());
        int all = onFx(() -> window.library().entries().size());
        onFx(() -> {
            window.library().pick("tmnist", "t3");
            return null;
        });
        assertEquals(0, (int) onFx(() -> window.library().entries().size()), "the fixture models are all R4");
        String empty = onFx(() -> ((javafx.scene.control.Label) window.library().listView().getPlaceholder())
                .getText());
        assertTrue(empty.startsWith("No tmnist T3 models among the " + all + " in the library.")
                && empty.contains("All datasets or All groups"), "an empty filter says why: " + empty);
        onFx(() -> {
            window.library().pick("tmnist", "r4");
            return null;
        });
        assertEquals(all, (int) onFx(() -> window.library().entries().size()));
        onFx(() -> {
            window.library().pick(null, null);
            return null;
        });
    }

    @Test
    void metricsHelpStatesTheSettingsInForce() throws Exception {
        javafx.stage.Window help = onFx(() -> {
            java.util.Set<javafx.stage.Window> before = new java.util.HashSet<>(javafx.stage.Window.getWindows());
            MetricsHelp.show(window.node().getScene().getWindow());
            javafx.stage.Window opened = javafx.stage.Window.getWindows().stream()
                    .filter(w -> !before.contains(w)).findFirst().orElseThrow();
            return opened;
        });
        String text = onFx(() -> help.getScene().getRoot().lookupAll(".label").stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).reduce("", String::concat));
        assertTrue(text.contains(org.orbitscope.metrics.SaliencySettings.DEFAULT.steps() + " steps"), text);
        assertTrue(text.contains("LI = ½ ‖f(x) − f(g·x)‖²"), text);
        assertTrue(text.contains("PCA to " + org.orbitscope.analysis.embedding.OrbitEmbedder.PCA_DIMS
                + " dimensions"), text);
        assertTrue(text.contains("θ = 0.5"), "the embedding's ratio and t-SNE settings are explained: " + text);
        onFx(() -> {
            ((javafx.stage.Stage) help).close();
            return null;
        });
    }

    @Test
    void metricsHelpClosesWithEscape() throws Exception {
        javafx.stage.Stage help = onFx(() -> MetricsHelp.show(window.node().getScene().getWindow()));
        assertTrue(onFx(help::isShowing));
        onFx(() -> {
            javafx.scene.Node target = help.getScene().getFocusOwner() != null ? help.getScene().getFocusOwner()
                    : help.getScene().getRoot();
            javafx.event.Event.fireEvent(target, new javafx.scene.input.KeyEvent(
                    javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", javafx.scene.input.KeyCode.ESCAPE, false, false,
                    false, false));
            return null;
        });
        assertTrue(!onFx(help::isShowing), "Esc closes the help window");
    }

    @Test
    void theCardIsShownFormattedWithTheRawJsonBehindAToggle() throws Exception {
        waitFor("the library scan", Duration.ofSeconds(10), () -> !window.library().entries().isEmpty());
        javafx.scene.control.DialogPane pane = onFx(() -> {
            window.library().listView().getSelectionModel().clearAndSelect(0);
            java.util.Set<javafx.stage.Window> before = new java.util.HashSet<>(javafx.stage.Window.getWindows());
            window.revealCard();
            return (javafx.scene.control.DialogPane) javafx.stage.Window.getWindows().stream()
                    .filter(w -> !before.contains(w)).findFirst().orElseThrow().getScene().getRoot();
        });
        try {
            String shown = onFx(() -> {
                pane.applyCss();
                pane.layout();
                return pane.lookupAll(".label").stream().filter(javafx.scene.Node::isVisible)
                        .map(n -> ((javafx.scene.control.Label) n).getText()).reduce("", (a, b) -> a + "\n" + b);
            });
            assertTrue(shown.contains("Kept epoch") && shown.contains("Layer sizes")
                    && shown.contains("1296 → 16 → 9"), shown);
            assertTrue(onFx(() -> pane.lookupAll(".text-area").stream().noneMatch(javafx.scene.Node::isVisible)
                    || pane.lookupAll(".text-area").isEmpty()), "the raw JSON is hidden at first");
            String raw = onFx(() -> {
                javafx.scene.control.ToggleButton toggle = pane.lookupAll(".toggle-button").stream()
                        .map(n -> (javafx.scene.control.ToggleButton) n)
                        .filter(t -> "Raw JSON".equals(t.getText())).findFirst().orElseThrow();
                toggle.fire();
                pane.applyCss();
                pane.layout();
                return pane.lookupAll(".text-area").stream().filter(javafx.scene.Node::isVisible)
                        .map(n -> ((javafx.scene.control.TextArea) n).getText()).findFirst().orElse("");
            });
            assertTrue(raw.contains("\"schemaVersion\""), raw);
        } finally {
            onFx(() -> {
                ((javafx.stage.Stage) pane.getScene().getWindow()).close();
                return null;
            });
        }
    }
}
