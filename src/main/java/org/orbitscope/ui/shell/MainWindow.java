package org.orbitscope.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.Dialogs;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.common.View;
import org.orbitscope.figure.Figure;
import org.orbitscope.ui.export.FigureExport;
import org.orbitscope.ui.export.PngExporter;
import org.orbitscope.ui.train.TrainDialog;
import org.orbitscope.ui.train.TrainingDashboard;
import org.orbitscope.ui.train.TrainingModel;

/** The main window: toolbar, model library, views (tabs in a split pane) and status bar. */
public final class MainWindow {

    private final Stage stage;
    private final BackgroundTasks tasks;
    private final SelectionModel selection;
    private final TrainingModel training;
    private final ModelLibrary library;
    private final StatusBar statusBar;
    private final PngExporter exporter;
    private final TabPane mainTabs = new TabPane();
    /** The second pane of the side-by-side layout; in the window only while it holds a view. */
    private final TabPane sideTabs = new TabPane();
    /** Which view the right-hand pane shows, beside the Side by side button while two panes are shown. */
    private final javafx.scene.control.ComboBox<String> rightView = new javafx.scene.control.ComboBox<>();
    private boolean choosingRight;
    private final SplitPane views = new SplitPane(mainTabs);
    /** Every view's tab, in the order they were added (where they go back to). */
    private final List<Tab> allTabs = new java.util.ArrayList<>();
    private final java.util.Map<View, Boolean> showing = new java.util.HashMap<>();
    private final javafx.scene.control.ToggleButton sideBySide = new javafx.scene.control.ToggleButton(
            "Side by side", new FontIcon(MaterialDesignV.VIEW_SPLIT_VERTICAL));
    /** The pane the user last clicked in: its view is the one exported. */
    private TabPane activePane = mainTabs;
    private final BorderPane root = new BorderPane();
    private final TrainingDashboard dashboard;
    private ModelConfig lastConfig;

    /**
     * @param stage the primary stage
     * @param tasks the background executor
     * @param selection the app-wide selection
     * @param training the training feature's state
     * @param modelsDir the models directory
     */
    public MainWindow(Stage stage, BackgroundTasks tasks, SelectionModel selection, TrainingModel training,
            Path modelsDir) {
        this.stage = stage;
        this.tasks = tasks;
        this.selection = selection;
        this.training = training;
        this.library = new ModelLibrary(modelsDir, tasks, selection);
        this.statusBar = new StatusBar(tasks);
        this.exporter = new PngExporter(tasks.executor());
        this.dashboard = new TrainingDashboard(training);

        addView(dashboard);
        // one cache of loaded datasets for every view
        org.orbitscope.ui.train.DatasetCache datasets = training.datasets();
        addView(new org.orbitscope.ui.saliency.SaliencyGridView(tasks, selection, datasets));
        org.orbitscope.ui.embedding.EmbeddingModel embedding =
                new org.orbitscope.ui.embedding.EmbeddingModel(tasks, selection, datasets, false);
        addView(new org.orbitscope.ui.embedding.EmbeddingView(embedding));
        // a click on a layer in the Layers view sets the layer the Embedding view shows
        addView(new org.orbitscope.ui.layers.LayersView(new org.orbitscope.ui.layers.LayersModel(tasks, selection,
                datasets, false, embedding.layerProperty()::set)));
        addView(new org.orbitscope.ui.probe.ProbeView(new org.orbitscope.ui.probe.ProbeModel(tasks, selection,
                datasets)));
        for (TabPane pane : List.of(mainTabs, sideTabs)) {
            pane.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> updateShowing());
            pane.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> activePane = pane);
        }
        sideBySide.setTooltip(new Tooltip("Show the current view beside another one (Ctrl+D); the list beside "
                + "this button chooses the right-hand view; right-click a tab to move it to the other side"));
        sideBySide.setOnAction(e -> setSideBySide(sideBySide.isSelected()));
        rightView.setTooltip(new Tooltip("The view shown on the right"));
        rightView.visibleProperty().bind(sideBySide.selectedProperty());
        rightView.managedProperty().bind(sideBySide.selectedProperty());
        sideTabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            choosingRight = true;
            rightView.setValue(tab == null ? null : ((View) tab.getUserData()).title());
            choosingRight = false;
        });
        rightView.setOnAction(e -> {
            if (!choosingRight && rightView.getValue() != null) {
                showBeside(rightView.getValue());
            }
        });
        org.orbitscope.ui.experiments.ExperimentsView experiments = new org.orbitscope.ui.experiments.ExperimentsView(
                tasks, library.entries(), library.modelsDir(), datasets);
        experiments.follow(selection.currentModelProperty());
        addView(experiments);
        SplitPane main = new SplitPane(library.node(), views);
        main.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(library.node(), false);
        root.getStyleClass().add("main-window");
        root.setTop(toolbar());
        root.setCenter(main);
        root.setBottom(statusBar.node());

        selection.models().addListener((javafx.collections.ListChangeListener<ModelEntry>) c ->
                training.showHistories(List.copyOf(selection.models())));
        training.setOnFinished(t -> {
            statusBar.setMessage(TrainingModel.outcome(t));
            library.refresh();
            // a model trained to the end is evaluated, so the library shows its Acc, LI and SI
            if (t.getValue() != null && ModelCard.COMPLETE.equals(t.getValue().status())) {
                javafx.concurrent.Task<String> ev = training.evaluate(t.trainingRun().dir(),
                        TrainingModel.EVALUATION_SAMPLES);
                ev.setOnSucceeded(e -> {
                    statusBar.setMessage(ev.getValue());
                    library.refresh();
                });
                ev.setOnFailed(e -> statusBar.setMessage("Could not evaluate " + t.trainingRun().name() + ": "
                        + (ev.getException() == null ? "unknown error" : ev.getException().getMessage())));
            }
            // a run that could not start or diverged is reported where the user will see it
            boolean diverged = t.getValue() != null && ModelCard.DIVERGED.equals(t.getValue().status());
            if (t.getException() != null || diverged) {
                Dialogs.error(stage, "Training " + t.trainingRun().name(), t.getException() != null
                        ? t.getException() : new OrbitscopeException(t.getValue().message()));
            }
        });
        library.refresh();
    }

    /** @return the root node */
    public Parent node() {
        return root;
    }

    /**
     * Shows the window in a new scene.
     *
     * @param width width in pixels
     * @param height height in pixels
     */
    public void show(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(Objects.requireNonNull(
                MainWindow.class.getResource("main-window.css")).toExternalForm());
        scene.getAccelerators().put(KeyCombination.valueOf("Shortcut+N"), this::trainNew);
        scene.getAccelerators().put(KeyCombination.valueOf("Shortcut+O"), this::openModelFolder);
        scene.getAccelerators().put(KeyCombination.valueOf("Shortcut+Shift+O"), this::importOnnx);
        scene.getAccelerators().put(KeyCombination.valueOf("Shortcut+E"), this::exportFigure);
        scene.getAccelerators().put(KeyCombination.valueOf("F1"), () -> MetricsHelp.show(stage));
        scene.getAccelerators().put(KeyCombination.valueOf("Shortcut+D"), () -> setSideBySide(!isSideBySide()));
        stage.setTitle("Orbitscope");
        stage.setScene(scene);
        stage.setOnCloseRequest(this::onCloseRequest);
        stage.show();
    }

    private ToolBar toolbar() {
        return new ToolBar(
                button("Train new", MaterialDesignP.PLAY_CIRCLE_OUTLINE, "Train a new model (Ctrl+N)", this::trainNew),
                button("Open", MaterialDesignF.FOLDER_OPEN_OUTLINE, "Open a model folder (Ctrl+O)",
                        this::openModelFolder),
                button("Import ONNX", MaterialDesignF.FILE_IMPORT_OUTLINE, "Import a classifier exported to ONNX, "
                        + "e.g. from PyTorch, and inspect it in every view (Ctrl+Shift+O)", this::importOnnx),
                button("Refresh", MaterialDesignR.REFRESH, "Rescan the models directory", library::refresh),
                new Separator(),
                button("Export figure", MaterialDesignI.IMAGE_OUTLINE,
                        "Export the current view's figure as PNG (1x, 2x, 4x), SVG or PDF (Ctrl+E)",
                        this::exportFigure),
                button("Export CSV", MaterialDesignF.FILE_DELIMITED_OUTLINE, "Export the plotted data as CSV",
                        this::exportCsv),
                new Separator(),
                button("Card", MaterialDesignF.FILE_DOCUMENT_OUTLINE, "Show the selected model's card",
                        this::revealCard),
                button("Delete", MaterialDesignD.DELETE_OUTLINE, "Delete the selected models from disk",
                        this::deleteSelected),
                new Separator(),
                sideBySide,
                rightView,
                new Separator(),
                button("Metrics", MaterialDesignH.HELP_CIRCLE_OUTLINE,
                        "Exact definitions and settings of every metric shown (F1)", () -> MetricsHelp.show(stage)));
    }

    private static Button button(String text, Ikon icon, String tip, Runnable action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /**
     * Adds a view as a tab of the main tab pane.
     *
     * @param view the view
     */
    public void addView(View view) {
        Tab tab = new Tab(view.title(), view.node());
        tab.setUserData(view);
        tab.setClosable(false);
        if (view.node() instanceof javafx.scene.layout.Region r) {
            // a pane of the side-by-side layout may be narrower than a view's toolbar: the view clips its
            // bars instead of pushing its plots out of the window
            r.setMinWidth(0);
        }
        javafx.scene.control.MenuItem move = new javafx.scene.control.MenuItem("Move to the other side");
        move.setOnAction(e -> moveTab(tab));
        tab.setContextMenu(new javafx.scene.control.ContextMenu(move));
        allTabs.add(tab);
        mainTabs.getTabs().add(tab);
        rightView.getItems().add(view.title());
        updateShowing();
    }

    /**
     * Shows two views side by side, or one again.
     *
     * @param on true to move the current view into a second pane beside the others (the main pane keeps
     *     at least one view); false to bring every view back into one pane
     */
    public void setSideBySide(boolean on) {
        if (on && sideTabs.getTabs().isEmpty() && mainTabs.getTabs().size() > 1) {
            moveTab(mainTabs.getSelectionModel().getSelectedItem());
        } else if (!on) {
            Tab shown = sideTabs.getSelectionModel().getSelectedItem();
            Tab selected = mainTabs.getSelectionModel().getSelectedItem();
            sideTabs.getTabs().clear();
            mainTabs.getTabs().setAll(allTabs);
            mainTabs.getSelectionModel().select(shown != null ? shown : selected);
            updateLayout();
        } else {
            updateLayout();
        }
    }

    /**
     * Shows a view in the right-hand pane, by itself: the view there before goes back to the left, in its place.
     *
     * @param title the view's title
     * @return false if there is no such view
     */
    public boolean showBeside(String title) {
        Tab tab = allTabs.stream().filter(t -> ((View) t.getUserData()).title().equalsIgnoreCase(title))
                .findFirst().orElse(null);
        if (tab == null) {
            return false;
        }
        if (tab.getTabPane() != sideTabs) {
            Tab left = mainTabs.getSelectionModel().getSelectedItem();
            sideTabs.getTabs().clear();
            mainTabs.getTabs().setAll(allTabs.stream().filter(t -> t != tab).toList());
            sideTabs.getTabs().add(tab);
            mainTabs.getSelectionModel().select(left != null && left != tab ? left : mainTabs.getTabs().get(0));
        }
        sideTabs.getSelectionModel().select(tab);
        activePane = sideTabs;
        updateLayout();
        return true;
    }

    /** @return the chooser of the right-hand view (for tests) */
    javafx.scene.control.ComboBox<String> rightViewChooser() {
        return rightView;
    }

    /** @return true while two panes are shown */
    public boolean isSideBySide() {
        return views.getItems().contains(sideTabs);
    }

    private void moveTab(Tab tab) {
        TabPane from = tab.getTabPane();
        TabPane to = from == mainTabs ? sideTabs : mainTabs;
        if (from == mainTabs && from.getTabs().size() == 1) {
            return;
        }
        from.getTabs().remove(tab);
        to.getTabs().add(tab);
        to.getSelectionModel().select(tab);
        activePane = to;
        updateLayout();
    }

    private void updateLayout() {
        boolean two = !sideTabs.getTabs().isEmpty();
        if (two && !views.getItems().contains(sideTabs)) {
            views.getItems().add(sideTabs);
            views.setDividerPositions(0.5);
        } else if (!two) {
            views.getItems().remove(sideTabs);
            activePane = mainTabs;
        }
        sideBySide.setSelected(two);
        Tab right = sideTabs.getSelectionModel().getSelectedItem();
        choosingRight = true;
        rightView.setValue(two && right != null ? ((View) right.getUserData()).title() : null);
        choosingRight = false;
        updateShowing();
    }

    /** Tells each view whether its tab is the selected one of a shown pane, when that changes. */
    private void updateShowing() {
        for (Tab t : allTabs) {
            View v = (View) t.getUserData();
            TabPane pane = t.getTabPane();
            boolean now = pane != null && pane.getSelectionModel().getSelectedItem() == t
                    && (pane == mainTabs || views.getItems().contains(pane));
            if (!Boolean.valueOf(now).equals(showing.get(v))) {
                showing.put(v, now);
                v.setShowing(now);
            }
        }
    }

    /**
     * Selects the tab of a view, in whichever pane it is.
     *
     * @param title the view's title, e.g. {@code Embedding}
     * @return true if there is such a view
     */
    public boolean showView(String title) {
        for (Tab t : allTabs) {
            if (((View) t.getUserData()).title().equalsIgnoreCase(title)) {
                t.getTabPane().getSelectionModel().select(t);
                activePane = t.getTabPane();
                return true;
            }
        }
        return false;
    }

    /**
     * @param title a view's title
     * @return the view, or null
     */
    public View view(String title) {
        return allTabs.stream().map(t -> (View) t.getUserData()).filter(v -> v.title().equalsIgnoreCase(title))
                .findFirst().orElse(null);
    }

    /** @return the view selected in the pane the user last worked in (what Export and Export CSV take) */
    public View currentView() {
        Tab t = activePane.getSelectionModel().getSelectedItem();
        if (t == null) {
            t = mainTabs.getSelectionModel().getSelectedItem();
        }
        return t == null ? dashboard : (View) t.getUserData();
    }

    /** @return the library panel */
    public ModelLibrary library() {
        return library;
    }

    /** @return the status bar */
    public StatusBar statusBar() {
        return statusBar;
    }

    /** @return the training feature state */
    public TrainingModel training() {
        return training;
    }

    /** @return the training dashboard */
    public TrainingDashboard dashboard() {
        return dashboard;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /** Asks for training settings and starts a run. */
    public void trainNew() {
        ModelConfig initial = lastConfig != null ? lastConfig : ModelConfig.defaults(ModelKind.IR,
                library.dataset() != null ? library.dataset() : "tmnist",
                library.group() != null ? library.group() : "r4");
        new TrainDialog(stage, library.modelsDir(), initial).showAndWait().ifPresent(req -> {
            lastConfig = req.config();
            try {
                training.start(req.config(), req.outDir());
                statusBar.setMessage("Started " + req.config().label() + ".");
            } catch (OrbitscopeException e) {
                Dialogs.error(stage, "Cannot start training", e);
            }
        });
    }

    /** Imports an ONNX file chosen by the user into the models directory and lists it. */
    public void importOnnx() {
        org.orbitscope.ui.onnx.ImportOnnxDialog.ask(stage, library.modelsDir(), library.dataset(), library.group())
                .ifPresent(this::importOnnx);
    }

    /**
     * Imports an ONNX file in the background, then opens the new model folder.
     *
     * @param req what to import and where
     * @return completes on the FX thread once the model is listed or the error shown
     */
    public CompletableFuture<Void> importOnnx(org.orbitscope.ui.onnx.ImportOnnxDialog.Request req) {
        statusBar.setMessage("Importing " + req.file().getFileName() + "…");
        CompletableFuture<Void> done = new CompletableFuture<>();
        javafx.concurrent.Task<Path> task = new javafx.concurrent.Task<>() {
            @Override
            protected Path call() {
                updateTitle("Importing " + req.file().getFileName());
                org.orbitscope.data.Normalization norm = req.norm() != null ? req.norm()
                        : training.datasets().get(req.dataset(), 0).normalization();
                org.orbitscope.model.onnx.OnnxImport.importFile(req.file(), req.out(), req.dataset(), req.group(),
                        norm, null, java.util.Map.of("orbitscope", org.orbitscope.Version.current()));
                return req.out();
            }
        };
        task.setOnSucceeded(e -> openModelFolder(task.getValue()).whenComplete((v, err) -> done.complete(null)));
        task.setOnFailed(e -> {
            statusBar.setMessage("Could not import " + req.file().getFileName() + ".");
            Dialogs.error(stage, "Import ONNX model", task.getException());
            done.complete(null);
        });
        tasks.submit(task);
        return done;
    }

    /** Adds a model folder chosen by the user to the library. */
    public void openModelFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open model folder");
        if (Files.isDirectory(library.modelsDir())) {
            chooser.setInitialDirectory(library.modelsDir().toFile());
        }
        java.io.File dir = chooser.showDialog(stage);
        if (dir == null) {
            return;
        }
        openModelFolder(dir.toPath());
    }

    /**
     * Loads a model folder in the background and lists it; a folder that does not hold a loadable model
     * (no card, a damaged card or weights) is reported in a dialog and nothing else changes.
     *
     * @param dir the folder
     * @return completes on the FX thread once the model is listed or the error shown
     */
    public CompletableFuture<Void> openModelFolder(Path dir) {
        statusBar.setMessage("Opening " + dir + "…");
        return library.open(dir).handle((entry, error) -> {
            if (error != null) {
                statusBar.setMessage("Could not open " + dir + ".");
                Dialogs.error(stage, "Open model folder", error);
            } else {
                statusBar.setMessage("Opened " + entry.name() + ".");
            }
            return null;
        });
    }

    /** Exports the current view's figure in a format and at a scale the user picks. */
    public void exportFigure() {
        View v = currentView();
        FigureExport.ask(stage, v.title(), v.figure(1).isPresent())
                .ifPresent(t -> exportFigure(t.file(), t.scale()));
    }

    /**
     * Exports the current view's figure: drawn by the figure code when the view has one (PNG at the scale,
     * SVG or PDF as vectors), else a PNG snapshot of its plots.
     *
     * @param file a .png, .svg or .pdf file
     * @param scale 1, 2 or 4 (PNG only)
     * @return completes when written; a failure is also shown in a dialog
     */
    public CompletableFuture<Path> exportFigure(Path file, int scale) {
        CompletableFuture<Path> written;
        try {
            Figure.Format format = Figure.Format.of(file);
            Optional<Figure> figure = currentView().figure(format == Figure.Format.PNG ? scale : 1);
            if (figure.isPresent()) {
                Figure f = figure.get();
                written = CompletableFuture.supplyAsync(() -> {
                    f.write(file);
                    return file;
                }, tasks.executor());
            } else if (format == Figure.Format.PNG) {
                written = exporter.export(currentView().snapshotTarget(), scale, file);
            } else {
                throw new OrbitscopeException("The " + currentView().title() + " view exports PNG only.");
            }
        } catch (OrbitscopeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.whenComplete((p, e) -> Platform.runLater(() -> {
            if (e != null) {
                Dialogs.error(stage, "Export figure", e);
            } else {
                statusBar.setMessage("Wrote " + p + ".");
            }
        }));
    }

    /**
     * Exports the current view as PNG.
     *
     * @param scale 1, 2 or 4
     * @param file the PNG file
     * @return completes when written
     */
    public CompletableFuture<Path> exportPng(int scale, Path file) {
        return exportFigure(file, scale);
    }

    /** Exports the current view's plotted data as CSV. */
    public void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        chooser.setInitialFileName(currentView().title().toLowerCase(java.util.Locale.ROOT) + ".csv");
        java.io.File file = chooser.showSaveDialog(stage);
        if (file == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        try {
            currentView().writeCsv(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = sb.toString();
        CompletableFuture.runAsync(() -> AtomicFiles.writeFile(file.toPath(), text.getBytes(StandardCharsets.UTF_8)),
                tasks.executor()).whenComplete((v, e) -> Platform.runLater(() -> {
            if (e != null) {
                Dialogs.error(stage, "Export CSV", e);
            } else {
                statusBar.setMessage("Wrote " + file + ".");
            }
        }));
    }

    /** Shows the current model's card: its fields in sections, the raw JSON behind a toggle. */
    public void revealCard() {
        ModelEntry m = selection.currentModelProperty().get();
        if (m == null) {
            statusBar.setMessage("Select a model first.");
            return;
        }
        try {
            String json = Files.readString(m.dir().resolve(ModelStore.CARD));
            CardView card = new CardView(m, json);
            Alert alert = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
            alert.initOwner(stage);
            alert.setTitle("Model card");
            alert.setHeaderText(m.name());
            alert.setGraphic(null);
            alert.getDialogPane().setContent(card.node());
            alert.setResizable(true);
            alert.show();
        } catch (IOException e) {
            Dialogs.error(stage, "Model card", new OrbitscopeException("Cannot read the card of " + m.dir() + "."));
        }
    }

    /** Deletes the selected models after confirmation. */
    public void deleteSelected() {
        List<ModelEntry> models = List.copyOf(selection.models());
        if (models.isEmpty()) {
            statusBar.setMessage("Select a model first.");
            return;
        }
        boolean busy = models.stream().anyMatch(m ->
                training.active().stream().anyMatch(t -> t.trainingRun().dir().toAbsolutePath().normalize()
                        .equals(m.dir())));
        if (busy) {
            Dialogs.error(stage, "Delete",
                    new OrbitscopeException("A selected model is still training; stop it first."));
            return;
        }
        String names = String.join(", ", models.stream().map(ModelEntry::name).toList());
        if (!Dialogs.confirm(stage, "Delete models", "Delete " + names + " from disk? This cannot be undone.")) {
            return;
        }
        CompletableFuture.runAsync(() -> models.forEach(m -> deleteTree(m.dir())), tasks.executor())
                .whenComplete((v, e) -> Platform.runLater(() -> {
                    models.forEach(m -> library.forget(m.dir()));
                    if (e != null) {
                        Dialogs.error(stage, "Delete", e);
                    } else {
                        statusBar.setMessage("Deleted " + names + ".");
                    }
                    library.refresh();
                }));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new OrbitscopeException("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    private void onCloseRequest(WindowEvent e) {
        if (training.active().isEmpty()) {
            return;
        }
        if (Dialogs.confirm(stage, "Training is running",
                "Stop training and quit? Each run keeps its best weights so far.")) {
            training.stopAll();
        } else {
            e.consume();
        }
    }
}
