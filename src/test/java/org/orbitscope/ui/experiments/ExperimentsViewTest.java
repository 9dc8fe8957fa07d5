package org.orbitscope.ui.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.DriftStudy;
import org.orbitscope.analysis.Table1;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.train.DatasetCache;

/** The Experiments tab on tiny random models with hand-written metrics and a hand-written nu curve. */
class ExperimentsViewTest {

    private static final int[] SIZES = {1296, 12, 9};

    @TempDir
    static Path tmp;

    private static final DatasetCache DATASETS = new DatasetCache();
    private static BackgroundTasks tasks;
    private static ObservableList<ModelEntry> models;
    private static ExperimentsView view;
    private static Stage stage;

    private static ModelEntry model(ModelKind kind, long seed, double acc, double si) {
        return model(kind, "r4", seed, acc, si);
    }

    private static ModelEntry model(ModelKind kind, String group, long seed, double acc, double si) {
        Normalization norm = DATASETS.get(DatasetId.TMNIST, 0).normalization();
        ModelConfig cfg = new ModelConfig(kind, "tmnist", group, 0, seed, 1, 32, 1e-3, Regularizer.L2, 1,
                Pooling.MEAN, SIZES, 8, 1, 0);
        Map<String, Object> metrics = Map.of("Acc", acc, "LI", 0.5, "DI", 0.002, "SI", si, "SigmaMax", 3.0 + seed);
        String name = "tmnist-" + group + "-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-s" + seed;
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, cfg, norm, "weights.npz", "",
                ModelCard.COMPLETE, null, 1, 0.1, List.of(), metrics, Map.of(), "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z");
        Path dir = tmp.resolve("models").resolve(name);
        return new ModelEntry(dir, ModelStore.save(dir, card, Parameters.initialize(SIZES, 7 + (int) seed)));
    }

    @BeforeAll
    static void open() throws Exception {
        List<ModelEntry> entries = List.of(model(ModelKind.DA, 0, 0.9, 0.5), model(ModelKind.DA, 1, 0.8, 0.7),
                model(ModelKind.WT, 0, 0.85, 1.0));
        Path nuDir = Files.createDirectories(tmp.resolve("models").resolve(NuCurve.FOLDER));
        Files.writeString(nuDir.resolve("tmnist-r4-l2.json"), """
                {"dataset":"tmnist","group":"r4","regularizer":"l2","targetSi":0.95,"chosenNu":10.0,"reached":true,
                 "curve":[{"nu":10.0,"epochs":30,"accuracy":0.8,"si":0.96,"li":0.01,"di":0.001},
                          {"nu":0.1,"epochs":30,"accuracy":0.89,"si":0.7,"li":0.4,"di":0.03}]}
                """);
        Files.writeString(nuDir.resolve("tmnist-t3-l2.json"), """
                {"dataset":"tmnist","group":"t3","regularizer":"l2","targetSi":0.95,"chosenNu":10.0,"reached":false,
                 "curve":[{"nu":10.0,"epochs":30,"accuracy":0.9,"si":0.94,"li":0.01,"di":0.001}]}
                """);
        Files.writeString(nuDir.resolve("tfmnist-r4-kl.json"), """
                {"dataset":"tfmnist","group":"r4","regularizer":"kl","targetSi":0.95,"chosenNu":320.0,"reached":true,
                 "curve":[{"nu":320.0,"epochs":30,"accuracy":0.7,"si":0.96,"li":0.01,"di":0.001}]}
                """);
        FxTestSupport.start();
        tasks = new BackgroundTasks(1);
        view = onFx(() -> {
            models = FXCollections.observableArrayList(entries);
            ExperimentsView v = new ExperimentsView(tasks, models, tmp.resolve("models"), DATASETS);
            stage = FxTestSupport.show(v.node(), 1100, 600);
            return v;
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxTestSupport.hide(stage);
        tasks.shutdown(10);
    }

    @Test
    void table1ListsOneRowPerKindAndCopiesTheFormattedTable() throws Exception {
        List<Table1.Row> rows = onFx(() -> List.copyOf(view.table1().table().getItems()));
        assertEquals(List.of("DA", "WT"), rows.stream().map(Table1.Row::kind).sorted().toList());
        Table1.Row da = rows.stream().filter(r -> r.kind().equals("DA")).findFirst().orElseThrow();
        assertEquals(List.of(0L, 1L), da.seeds());
        assertEquals("85.0 ± 7.1", org.orbitscope.analysis.Table1.cell(rows, da, "Acc"));
        String expected = Table1.format(Table1.of(models.stream().map(ModelEntry::card).toList()), false);
        assertEquals(expected, onFx(() -> view.table1().text(false)));
        StringBuilder csv = new StringBuilder();
        onFx(() -> {
            view.tabs().getSelectionModel().select(0);
            view.writeCsv(csv);
            return null;
        });
        assertEquals(3, csv.toString().split("\n").length, "header and two rows");
    }

    @Test
    void nuCurveFileIsParsedAndSortedByNu() {
        NuCurve c = NuCurve.read(tmp.resolve("models").resolve(NuCurve.FOLDER).resolve("tmnist-r4-l2.json"));
        assertEquals("l2", c.regularizer());
        assertEquals(10.0, c.chosenNu());
        assertEquals(0.95, c.targetSi());
        assertTrue(c.reached());
        assertEquals(List.of(0.1, 10.0), c.points().stream().map(NuCurve.Point::nu).toList());
        assertEquals(0.89, c.points().get(0).accuracy());
        assertEquals(1000, c.figure(1).toImage().getWidth());
    }

    @Test
    void theNuPaneShowsTheCurveOfTheCurrentIrModel() throws Exception {
        ModelEntry ir = model(ModelKind.IR, 0, 0.8, 0.96);
        String shown = onFx(() -> {
            javafx.beans.property.SimpleObjectProperty<ModelEntry> current =
                    new javafx.beans.property.SimpleObjectProperty<>();
            view.follow(current);
            assertEquals("tmnist-r4-l2.json", view.nu().curve().getValue().file().getFileName().toString(),
                    "the paper's dataset first");
            view.nu().curve().setValue(curve("tmnist-t3-l2.json"));
            current.set(ir);
            return view.nu().curve().getValue().file().getFileName().toString();
        });
        assertEquals("tmnist-r4-l2.json", shown, "the search that chose the IR(l2) model's nu");
    }

    private static NuCurve curve(String file) {
        return view.nu().curve().getItems().stream().filter(c -> c.file().getFileName().toString().equals(file))
                .findFirst().orElseThrow();
    }

    @Test
    void theNuPaneFollowsTheGroupTheLibraryShows() throws Exception {
        ModelEntry t3 = model(ModelKind.DA, "t3", 0, 0.9, 0.6);
        List<ModelEntry> before = onFx(() -> List.copyOf(models));
        try {
            String shown = onFx(() -> {
                view.nu().curve().setValue(curve("tmnist-r4-l2.json"));
                models.setAll(t3); // the library filtered to T3
                return view.nu().curve().getValue().file().getFileName().toString();
            });
            assertEquals("tmnist-t3-l2.json", shown, "a T3 curve while the library shows T3");
            String current = onFx(() -> {
                javafx.beans.property.SimpleObjectProperty<ModelEntry> m =
                        new javafx.beans.property.SimpleObjectProperty<>();
                view.follow(m);
                m.set(models.isEmpty() ? null : t3);
                view.nu().curve().setValue(curve("tfmnist-r4-kl.json"));
                m.set(null);
                m.set(t3); // a DA model of T3: a T3 curve, though DA has none of its own
                return view.nu().curve().getValue().file().getFileName().toString();
            });
            assertEquals("tmnist-t3-l2.json", current);
        } finally {
            onFx(() -> models.setAll(before));
        }
    }

    @Test
    void driftPointsInTheCardsShowWithoutComputing() throws Exception {
        List<ModelEntry> cached = new ArrayList<>();
        for (ModelEntry m : models) {
            List<DriftStudy.Point> points = List.of(new DriftStudy.Point(0, 0.9, 1, 0.01, 0.1),
                    new DriftStudy.Point(1, 0.2, 0.22, 2.5, 9));
            DriftStudy.storeInCard(m.dir(), DriftStudy.Key.of(m.card(), DATASETS.get(DatasetId.TMNIST, 0),
                    DATASETS.get(DatasetId.TFMNIST, 0), 7), points);
            cached.add(new ModelEntry(m.dir(), ModelStore.readCard(m.dir())));
        }
        String status = onFx(() -> {
            DriftPane pane = new DriftPane(FXCollections.observableArrayList(cached), tasks, DATASETS);
            assertFalse(pane.figure().hasFigure(), "the default settings are not cached");
            pane.betas().setText("0,1");
            pane.samples().getValueFactory().setValue(7);
            assertTrue(pane.figure().hasFigure(), "shown at once from the cards");
            assertEquals(3, pane.shown().size());
            assertEquals(2.5, pane.shown().get(0).points().get(1).di());
            pane.samples().getValueFactory().setValue(8);
            return pane.status().getText();
        });
        assertTrue(status.contains("3 of 3 models have no points"), status);
    }

    @Test
    void driftComputesForTinyModelsAndShowsTheFigure() throws Exception {
        onFx(() -> {
            view.tabs().getSelectionModel().select(1);
            view.drift().betas().setText("0,1");
            view.drift().samples().getValueFactory().setValue(4);
            view.drift().compute();
            return null;
        });
        waitFor("the drift figure", Duration.ofSeconds(60), () -> view.drift().figure().hasFigure());
        assertEquals(3, (int) onFx(() -> view.drift().shown().size()));
        assertEquals(1.0, onFx(() -> view.drift().shown().get(0).points().get(0).accuracyRatio()), 1e-12);
        assertNotNull(onFx(() -> view.drift().figure().imageView().getImage()));
        double width = onFx(() -> {
            javafx.scene.Node target = view.snapshotTarget();
            return org.orbitscope.ui.export.PngExporter.snapshot(target, 2).getWidth();
        });
        assertEquals(1520, width, 2, "a 2x snapshot is the 760 px figure at twice its size");
        assertFalse(onFx(() -> view.drift().shown().isEmpty()));
    }

    @Test
    void theDriftStatusLineIsShownWhole() throws Exception {
        String sentence = "12 models, 1000 samples, 11 drift levels, from the cards; 2 of 12 models are missing points";
        String drawn = onFx(() -> {
            view.tabs().getSelectionModel().select(1);
            view.drift().status().setText(sentence);
            view.node().applyCss();
            ((javafx.scene.Parent) view.node()).layout();
            return ((javafx.scene.text.Text) view.drift().status().lookup(".text")).getText();
        });
        assertEquals(sentence, drawn.replace('\n', ' ').strip(), "not cut off");
    }
}
