package org.orbitscope.ui.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.SaliencyMaps;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/** The saliency grid on two random tiny models (weight-tied and plain): rows, linking and invariance. */
class SaliencyGridViewTest {

    private static final int[] SIZES = {1296, 12, 9};

    @TempDir
    static Path tmp;

    private static BackgroundTasks tasks;
    private static SelectionModel selection;
    private static SaliencyGridView view;
    private static Stage stage;
    private static ModelEntry wt;
    private static ModelEntry plain;

    private static ModelEntry randomModel(ModelKind kind, String name) {
        TransformingDataset data = new DatasetCache().get(DatasetId.TMNIST, 0);
        Normalization norm = data.normalization();
        ModelConfig cfg = new ModelConfig(kind, "tmnist", "r4", 0, 1, 1, 32, 1e-3, Regularizer.L2, 1, Pooling.MEAN,
                SIZES, 8, 1, 0);
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, cfg, norm, "weights.npz", "",
                ModelCard.COMPLETE, null, 1, 0.1, List.of(), Map.of(), Map.of(), "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z");
        Path dir = tmp.resolve(name);
        ModelCard written = ModelStore.save(dir, card, Parameters.initialize(SIZES, 7));
        return new ModelEntry(dir, written);
    }

    @BeforeAll
    static void open() throws Exception {
        wt = randomModel(ModelKind.WT, "wt-r4");
        plain = randomModel(ModelKind.DA, "da-r4");
        FxTestSupport.start();
        tasks = new BackgroundTasks(2);
        selection = new SelectionModel();
        view = onFx(() -> {
            SaliencyGridView v = new SaliencyGridView(tasks, selection, new DatasetCache());
            stage = FxTestSupport.show(v.node(), 1000, 700);
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(10);
    }

    /**
     * Moves the view into a new window of another width. (Widening a shown window makes the headless
     * toolkit's software painter reuse the narrower frame's pixel buffer, which fails with "Too small int
     * buffer size" and a stack trace on the render thread; a new window gets buffers of its own size.)
     */
    private static void reopen(double width) throws Exception {
        onFx(() -> {
            javafx.scene.Scene old = stage.getScene();
            stage.hide();
            old.setRoot(new javafx.scene.layout.Pane());
            stage = FxTestSupport.show(view.node(), width, 700);
            return null;
        });
    }

    private static void showModels(List<Integer> samples) throws Exception {
        onFx(() -> {
            view.model().showSamples(samples);
            selection.selectModels(List.of(wt, plain));
            return null;
        });
        waitFor("the orbits", Duration.ofSeconds(30), () -> {
            List<SaliencyModel.Block> b = view.model().blocksProperty().get();
            return b.size() == samples.size() && b.get(0).rows().size() == 2
                    && b.stream().map(SaliencyModel.Block::sample).toList().equals(samples);
        });
    }

    @Test
    void rendersOneBlockPerSampleWithOneRowPerModel() throws Exception {
        showModels(List.of(0, 7, 42));
        assertEquals(3, (int) onFx(() -> view.grid().getChildren().size()));
        assertEquals(List.of(0, 7, 42), onFx(() -> view.grid().getChildren().stream()
                .map(n -> (Integer) n.getUserData()).toList()));
        StringBuilder csv = new StringBuilder();
        onFx(() -> {
            view.writeCsv(csv);
            return null;
        });
        // header + 3 samples x 2 models x 4 elements x (aligned, raw)
        assertEquals(1 + 3 * 2 * 4 * 2, csv.toString().split("\n").length);
        Map<String, NpyArray> arrays = onFx(() -> view.model().arrays());
        assertEquals(List.of(2, 3, 4, 1296), java.util.Arrays.stream(arrays.get("aligned").shape()).boxed().toList());
        double[] widths = onFx(() -> {
            int figure = view.model().figure(1).width();
            javafx.scene.Node target = view.snapshotTarget();
            return new double[] {figure, org.orbitscope.ui.export.PngExporter.snapshot(target, 2).getWidth()};
        });
        assertEquals(2 * widths[0], widths[1], 2, "a 2x export is the figure at twice its size");
    }

    @Test
    void aNarrowViewHidesItsSettingsAndShrinksTheGridToFit() throws Exception {
        showModels(List.of(0, 7));
        assertTrue(onFx(() -> view.settingsShown()), "wide: settings shown");
        // the toolkit's render thread reports its failures on stderr only
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            narrowThenWide();
            Thread.sleep(500);
        } finally {
            System.setErr(stderr);
            stderr.print(printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertFalse(printed.toString(java.nio.charset.StandardCharsets.UTF_8).contains("Exception"),
                "nothing failed while the window changed size: " + printed);
    }

    private static void narrowThenWide() throws Exception {
        try {
            reopen(480);
            waitFor("the narrow layout", Duration.ofSeconds(10), () -> !view.settingsShown());
            double[] fit = onFx(() -> {
                view.node().applyCss();
                ((javafx.scene.Parent) view.node()).layout();
                double widest = 0;
                for (javafx.scene.Node n : view.grid().getChildren()) {
                    widest = Math.max(widest, n.getBoundsInParent().getMaxX());
                }
                return new double[] {view.gridScroll().getViewportBounds().getWidth(), widest};
            });
            assertTrue(fit[1] <= fit[0], "the blocks fit the pane: " + fit[1] + " <= " + fit[0]);
        } finally {
            reopen(1000);
        }
        waitFor("the wide layout", Duration.ofSeconds(10), () -> view.settingsShown());
    }

    @Test
    void ranksSamplesByTheirSi() throws Exception {
        showModels(List.of(5));
        onFx(() -> {
            view.model().showRanked(true, 50, 3);
            return null;
        });
        waitFor("the least invariant samples", Duration.ofSeconds(60), () -> {
            List<SaliencyModel.Block> b = view.model().blocksProperty().get();
            return b.size() == 3 && !view.model().busyProperty().get();
        });
        List<Double> si = onFx(() -> view.model().blocksProperty().get().stream()
                .map(b -> b.rows().get(1).si()).toList());
        // ranked on the first model (weight-tied, SI 1 everywhere): the order is stable, every SI is 1
        assertEquals(3, si.size());
        onFx(() -> {
            selection.selectModels(List.of(plain, wt));
            view.model().showRanked(true, 50, 3);
            return null;
        });
        waitFor("the plain model's ranking", Duration.ofSeconds(60), () -> {
            List<SaliencyModel.Block> b = view.model().blocksProperty().get();
            return !view.model().busyProperty().get() && b.size() == 3 && b.get(0).names().get(0).equals("da-r4");
        });
        List<Double> plainSi = onFx(() -> view.model().blocksProperty().get().stream()
                .map(b -> b.rows().get(0).si()).toList());
        assertTrue(plainSi.get(0) <= plainSi.get(1) && plainSi.get(1) <= plainSi.get(2), "ascending SI " + plainSi);
    }

    @Test
    void followsTheSharedSampleAndCachesIt() throws Exception {
        showModels(List.of(1, 2));
        onFx(() -> {
            selection.sampleIndexProperty().set(123);
            return null;
        });
        waitFor("sample 123", Duration.ofSeconds(30), () -> {
            List<SaliencyModel.Block> b = view.model().blocksProperty().get();
            return b.size() == 1 && b.get(0).sample() == 123;
        });
        // back to a cached selection: shown at once, without a background job
        boolean instant = onFx(() -> {
            view.model().showSamples(List.of(1, 2));
            return view.model().blocksProperty().get().size() == 2 && !view.model().busyProperty().get();
        });
        assertTrue(instant, "cached orbits are shown synchronously");
        // clicking a row (setting a shown sample) keeps the rows
        onFx(() -> {
            selection.sampleIndexProperty().set(2);
            return null;
        });
        assertEquals(List.of(1, 2), onFx(() -> view.model().samplesProperty().get()));
    }

    @Test
    void alignedMapsAreEqualForWeightTiedModelsOnly() throws Exception {
        showModels(List.of(3, 4));
        List<SaliencyModel.Block> blocks = onFx(() -> view.model().blocksProperty().get());
        double minPlain = 1;
        for (SaliencyModel.Block b : blocks) {
            OrbitSaliency.Row w = b.rows().get(0);
            OrbitSaliency.Row p = b.rows().get(1);
            for (int g = 1; g < 4; g++) {
                assertEquals(1.0, SaliencyMaps.cosine(w.aligned()[0], w.aligned()[g]), 1e-4,
                        "weight-tied aligned maps agree for g = " + g);
                minPlain = Math.min(minPlain, SaliencyMaps.cosine(p.aligned()[0], p.aligned()[g]));
            }
            assertEquals(1.0, w.si(), 1e-4);
        }
        assertTrue(minPlain < 0.99, "a plain random model's aligned maps differ, min cosine " + minPlain);
    }

    @Test
    void parsesIndexLists() {
        assertEquals(List.of(0, 7, 42), SaliencyGridView.parseIndices("0,7, 42"));
        assertEquals(List.of(10, 11, 12), SaliencyGridView.parseIndices("10-12"));
    }

    /** The index field of the settings panel (found by its tooltip, as a user finds it by its label). */
    private static javafx.scene.control.TextField indicesField() {
        return view.node().lookupAll(".text-field").stream().map(n -> (javafx.scene.control.TextField) n)
                .filter(f -> f.getTooltip() != null && f.getTooltip().getText().startsWith("Test-sample indices"))
                .findFirst().orElseThrow();
    }

    @Test
    void aLinkedSelectionShowsInTheIndexFieldAndTheStatusCountsRight() throws Exception {
        showModels(List.of(1, 2));
        onFx(() -> {
            view.model().columnsProperty().set(1);
            selection.sampleIndexProperty().set(77);
            return null;
        });
        waitFor("sample 77", Duration.ofSeconds(30), () -> {
            List<SaliencyModel.Block> b = view.model().blocksProperty().get();
            return b.size() == 1 && b.get(0).sample() == 77;
        });
        assertEquals("77", onFx(() -> indicesField().getText()), "the field names the row shown");
        String status = onFx(() -> view.model().statusProperty().get());
        assertTrue(status.startsWith("1 sample × 2 models"), status);
        assertEquals("0,7,10-15", SaliencyGridView.formatIndices(List.of(0, 7, 10, 11, 12, 13, 14, 15)));
    }

    @Test
    void theFigureHasShortLabelsColumnsAndIsTheCommandLinesFigure() throws Exception {
        showModels(List.of(0, 7, 42));
        onFx(() -> {
            view.model().columnsProperty().set(3);
            view.model().arrangementProperty().set(org.orbitscope.figure.SaliencyGridFigure.Arrangement.STACKED);
            return null;
        });
        assertEquals(List.of("WT", "DA"), onFx(() -> view.model().labels()));
        String svg = onFx(() -> view.model().figure(1).toSvg());
        assertTrue(svg.contains(">WT<") && svg.contains(">sample 42, label "), "short labels, captioned samples");
        assertTrue(!svg.contains(">wt-r4<"), "no directory names in the figure");
        int[] app = onFx(() -> new int[] {view.model().figure(1).width(), view.model().figure(1).height()});
        Path png = tmp.resolve("cli.png");
        java.io.StringWriter out = new java.io.StringWriter();
        int code = org.orbitscope.cli.Cli.run(new java.io.PrintWriter(out), new java.io.PrintWriter(out), "figure",
                "saliency", "--model", wt.dir().toString(), "--model", plain.dir().toString(), "--samples", "0,7,42",
                "--columns", "3", "--scale", "1", "--out", png.toString());
        assertEquals(0, code, out.toString());
        java.awt.image.BufferedImage cli = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(app[0], cli.getWidth(), "the command line draws the app's figure");
        assertEquals(app[1], cli.getHeight());
        // three blocks side by side on screen when the pane has room for them at half size or more
        onFx(() -> {
            view.node().applyCss();
            ((javafx.scene.Parent) view.node()).layout();
            return null;
        });
        List<Integer> columns = onFx(() -> view.grid().getChildren().stream()
                .map(n -> javafx.scene.layout.GridPane.getColumnIndex(n)).toList());
        assertTrue(columns.stream().distinct().count() > 1, "blocks in columns: " + columns);
        onFx(() -> {
            view.model().columnsProperty().set(org.orbitscope.figure.SaliencyGridFigure.Options.defaults().columns());
            return null;
        });
    }
}
