package org.orbitscope.ui.saliency;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.figure.Colormap;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.NpyArray;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.Dialogs;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.ModelLabels;
import org.orbitscope.figure.SaliencyGridFigure;
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.export.FigureExport;
import org.orbitscope.ui.train.DatasetCache;

/** Orbit saliency grid: per sample one row per model, one column per group element, maps over the sample. */
public final class SaliencyGridView implements View {

    /** How the shown rows are chosen. */
    enum RowChoice {
        INDICES("Index list"), CLASS("By class"), RANDOM("Random"), LEAST("Least invariant"),
        MOST("Most invariant"), CURRENT("Current sample");

        private final String text;

        RowChoice(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Below this width (px) the settings panel hides itself, leaving the room to the grid. */
    static final double NARROW = 760;
    /** Space between sample blocks on screen (px). */
    private static final double GRID_GAP = 10;

    private final SaliencyModel model;
    private final BackgroundTasks tasks;
    private final BorderPane root = new BorderPane();
    /** The sample blocks, in the figure's number of columns (fewer when the pane is narrow). */
    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane(grid);
    private final Label status = new Label();
    private final ComboBox<RowChoice> choice = new ComboBox<>();
    private final TextField indices = new TextField("0,1,2,3");
    private final ComboBox<String> classBox = new ComboBox<>();
    private final TextField seed = new TextField("1");
    private final Spinner<Integer> pool = new Spinner<>(50, 50_000, 500, 50);
    private final Spinner<Integer> count = new Spinner<>(1, 64, 4);
    private final GridPane choiceParams = new GridPane();
    private final ComboBox<SaliencySettings.Method> method = new ComboBox<>();
    private final Spinner<Integer> steps = new Spinner<>(1, 2000, 50, 10);
    private final Spinner<Double> threshold = new Spinner<>(0.0, 1.0, 0.9, 0.05);
    private final Spinner<Integer> blurSize = new Spinner<>(1, 35, 3, 2);
    private final Spinner<Double> blurSigma = new Spinner<>(0.1, 10.0, 1.0, 0.25);
    private final ImageView figureView = new ImageView();
    private final ToggleButton settingsShown = new ToggleButton();
    private boolean updatingControls;

    /**
     * @param tasks the shared executor
     * @param selection the app-wide selection
     * @param datasets loaded datasets
     */
    public SaliencyGridView(BackgroundTasks tasks, SelectionModel selection, DatasetCache datasets) {
        this.tasks = tasks;
        this.model = new SaliencyModel(tasks, datasets, selection);
        root.getStyleClass().add("saliency-grid");
        root.getStylesheets().add(Objects.requireNonNull(
                SaliencyGridView.class.getResource("saliency-grid.css")).toExternalForm());
        grid.getStyleClass().add("grid");
        grid.setPadding(new Insets(8));
        grid.setHgap(GRID_GAP);
        grid.setVgap(GRID_GAP);
        scroll.setFitToWidth(false);
        scroll.getStyleClass().add("grid-scroll");
        ScrollPane side = new ScrollPane(controls());
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.getStyleClass().add("side");
        side.setPrefWidth(250);
        side.setMinWidth(230);
        root.setLeft(side);
        root.setCenter(scroll);
        settingsShown.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignT.TUNE));
        settingsShown.setSelected(true);
        settingsShown.setTooltip(new Tooltip("Show or hide the settings panel. It hides itself when the view "
                + "gets narrow (side by side) and comes back when it is wide again."));
        settingsShown.selectedProperty().addListener((obs, old, on) -> root.setLeft(on ? side : null));
        root.widthProperty().addListener((obs, old, w) -> {
            boolean wasNarrow = old.doubleValue() < NARROW;
            boolean narrow = w.doubleValue() < NARROW;
            if (w.doubleValue() > 0 && (old.doubleValue() == 0 || narrow != wasNarrow)) {
                settingsShown.setSelected(!narrow);
            }
        });
        scroll.viewportBoundsProperty().addListener((obs, old, b) -> fitBlocks());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(model.busyProperty());
        status.textProperty().bind(model.statusProperty());
        HBox bottom = new HBox(8, settingsShown, spinner, status);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(4, 8, 4, 8));
        bottom.getStyleClass().add("status-line");
        root.setBottom(bottom);

        model.blocksProperty().addListener((obs, old, b) -> redraw());
        model.alignedProperty().addListener((obs, old, b) -> redraw());
        model.blendProperty().addListener((obs, old, b) -> redraw());
        model.colormapProperty().addListener((obs, old, b) -> redraw());
        model.arrangementProperty().addListener((obs, old, b) -> redraw());
        model.labelsProperty().addListener((obs, old, b) -> redraw());
        model.columnsProperty().addListener((obs, old, b) -> fitBlocks());
        // the index list always names the rows shown, however they were chosen (a click in another view too)
        model.samplesProperty().addListener((obs, old, list) -> indices.setText(formatIndices(list)));
        indices.setText(formatIndices(model.samplesProperty().get()));
        selection.sampleIndexProperty().addListener((obs, old, i) -> markCurrent());
        model.classNamesProperty().addListener((obs, old, names) -> {
            int at = Math.max(0, classBox.getSelectionModel().getSelectedIndex());
            classBox.getItems().setAll(names);
            if (!names.isEmpty()) {
                classBox.getSelectionModel().select(Math.min(at, names.size() - 1));
            }
        });
        classBox.getItems().setAll(model.classNamesProperty().get());
        model.settingsProperty().addListener((obs, old, s) -> showSettings(s));
        redraw();
    }

    /** @return the feature state (for tests) */
    SaliencyModel model() {
        return model;
    }

    /** @return the pane holding one node per shown sample (for tests) */
    GridPane grid() {
        return grid;
    }

    // ---------------------------------------------------------------------
    // Controls
    // ---------------------------------------------------------------------

    private VBox controls() {
        choice.getItems().setAll(RowChoice.values());
        choice.setValue(RowChoice.INDICES);
        choice.setMaxWidth(Double.MAX_VALUE);
        choice.valueProperty().addListener((obs, old, c) -> showChoiceParams(c));
        indices.setTooltip(new Tooltip("Test-sample indices, e.g. 0,7,42 or 10-15"));
        indices.setOnAction(e -> showRows());
        seed.setTooltip(new Tooltip("The same seed draws the same samples"));
        pool.setEditable(true);
        pool.setTooltip(new Tooltip("Rank the first N test samples by their SI (computed in the background)"));
        count.setEditable(true);
        choiceParams.setHgap(6);
        choiceParams.setVgap(6);
        showChoiceParams(RowChoice.INDICES);
        Button show = new Button("Show", new FontIcon(MaterialDesignR.REFRESH));
        show.setDefaultButton(false);
        show.setMaxWidth(Double.MAX_VALUE);
        show.setOnAction(e -> showRows());

        CheckBox aligned = new CheckBox("Aligned (g⁻¹ m(g x))");
        aligned.selectedProperty().bindBidirectional(model.alignedProperty());
        aligned.setTooltip(new Tooltip("On: every map turned back to the sample's orientation, so an invariant "
                + "model shows the same map in every column. Off: each map as computed on g x."));
        Slider blend = new Slider(0, 1, model.blendProperty().get());
        blend.valueProperty().bindBidirectional(model.blendProperty());
        blend.setTooltip(new Tooltip("Opacity of the saliency over the image"));
        ComboBox<Colormap> colormap = new ComboBox<>();
        colormap.getItems().setAll(Colormap.values());
        colormap.valueProperty().bindBidirectional(model.colormapProperty());
        colormap.setMaxWidth(Double.MAX_VALUE);

        method.getItems().setAll(SaliencySettings.Method.values());
        method.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SaliencySettings.Method m) {
                return m == null ? "" : switch (m) {
                    case INTEGRATED_GRADIENTS -> "Integrated gradients";
                    case GRADIENT -> "Gradient";
                    case SMOOTHGRAD -> "SmoothGrad";
                };
            }

            @Override
            public SaliencySettings.Method fromString(String text) {
                return null;
            }
        });
        method.setMaxWidth(Double.MAX_VALUE);
        for (Spinner<?> s : List.of(steps, threshold, blurSize, blurSigma)) {
            s.setEditable(true);
            s.setMaxWidth(Double.MAX_VALUE);
            s.valueProperty().addListener((obs, old, v) -> applySettings());
        }
        steps.setTooltip(new Tooltip("Integrated-gradients steps (midpoint rule); check the IG gap under each row"));
        threshold.setTooltip(new Tooltip("Values below this fraction of the map's maximum are set to 0"));
        blurSize.setTooltip(new Tooltip("Gaussian kernel width in pixels (odd; 1 = no blur), periodic boundary"));
        blurSigma.setTooltip(new Tooltip("Gaussian standard deviation in pixels"));
        method.valueProperty().addListener((obs, old, v) -> applySettings());
        showSettings(model.settingsProperty().get());
        Button defaults = new Button("Paper defaults");
        defaults.setMaxWidth(Double.MAX_VALUE);
        defaults.setTooltip(new Tooltip("Integrated gradients, 50 steps, black baseline, threshold 0.9, 3x3 blur "
                + "with sigma 1"));
        defaults.setOnAction(e -> model.settingsProperty().set(SaliencySettings.DEFAULT));

        Button enlarge = new Button("Enlarge current", new FontIcon(MaterialDesignM.MAGNIFY_PLUS_OUTLINE));
        enlarge.setMaxWidth(Double.MAX_VALUE);
        enlarge.setTooltip(new Tooltip("Open the current sample larger, with its colour scale (or double-click "
                + "a row)"));
        enlarge.setOnAction(e -> enlargeCurrent());
        Button exportFigure = new Button("Export figure…", new FontIcon(MaterialDesignI.IMAGE_OUTLINE));
        exportFigure.setMaxWidth(Double.MAX_VALUE);
        exportFigure.setTooltip(new Tooltip("Write the grid figure as PNG at 1x, 2x or 4x"));
        exportFigure.setOnAction(e -> exportFigure());
        Button exportMaps = new Button("Export maps (.npz)…", new FontIcon(MaterialDesignF.FILE_DOWNLOAD_OUTLINE));
        exportMaps.setMaxWidth(Double.MAX_VALUE);
        exportMaps.setTooltip(new Tooltip("Write the shown maps: aligned and raw [models, samples, |G|, 1296], "
                + "samples, labels, si, predicted, probability"));
        exportMaps.setOnAction(e -> exportNpz());

        ComboBox<SaliencyGridFigure.Arrangement> layout = new ComboBox<>();
        layout.getItems().setAll(SaliencyGridFigure.Arrangement.values());
        layout.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SaliencyGridFigure.Arrangement a) {
                return a == null ? "" : a == SaliencyGridFigure.Arrangement.STACKED ? "Models stacked"
                        : "Models side by side";
            }

            @Override
            public SaliencyGridFigure.Arrangement fromString(String text) {
                return null;
            }
        });
        layout.valueProperty().bindBidirectional(model.arrangementProperty());
        layout.setMaxWidth(Double.MAX_VALUE);
        layout.setTooltip(new Tooltip("Stacked: a sample's models one under another (paper Figure 1). Side by "
                + "side: one line per sample, the models next to each other."));
        Spinner<Integer> columns = new Spinner<>(1, SaliencyGridFigure.MAX_COLUMNS, model.columnsProperty().get());
        columns.valueProperty().addListener((obs, old, v) -> model.columnsProperty().set(v));
        columns.setMaxWidth(Double.MAX_VALUE);
        columns.setTooltip(new Tooltip("Columns of samples in the figure (the screen uses fewer when the pane "
                + "is narrow)"));
        ComboBox<ModelLabels.Style> labels = new ComboBox<>();
        labels.getItems().setAll(ModelLabels.Style.values());
        labels.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ModelLabels.Style st) {
                return st == null ? "" : st == ModelLabels.Style.SHORT ? "Short (DA, IR, WT)" : "Card names";
            }

            @Override
            public ModelLabels.Style fromString(String text) {
                return null;
            }
        });
        labels.valueProperty().bindBidirectional(model.labelsProperty());
        labels.setMaxWidth(Double.MAX_VALUE);
        labels.setTooltip(new Tooltip("Short: DA, IR, WT, longer only where two shown models would share a "
                + "label. Card names: the name in each model card."));

        VBox box = new VBox(6,
                heading("Rows"), choice, choiceParams, show,
                new Separator(),
                heading("Display"), aligned, new Label("Blend"), blend, new Label("Colour map"), colormap,
                new Separator(),
                heading("Figure"), layout, labelled("Columns", columns), new Label("Model labels"), labels,
                new Separator(),
                heading("Saliency"), method, labelled("IG steps", steps), labelled("Threshold", threshold),
                labelled("Blur size", blurSize), labelled("Blur sigma", blurSigma), defaults,
                new Separator(),
                enlarge, exportFigure, exportMaps);
        box.setPadding(new Insets(8));
        box.getStyleClass().add("controls");
        return box;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("heading");
        return l;
    }

    private static GridPane labelled(String text, Node control) {
        GridPane g = new GridPane();
        g.setHgap(6);
        Label l = new Label(text);
        l.setMinWidth(80);
        g.add(l, 0, 0);
        g.add(control, 1, 0);
        GridPane.setHgrow(control, Priority.ALWAYS);
        return g;
    }

    private void showChoiceParams(RowChoice c) {
        choiceParams.getChildren().clear();
        switch (c) {
            case INDICES -> choiceParams.addRow(0, new Label("Indices"), indices);
            case CLASS -> {
                choiceParams.addRow(0, new Label("Class"), classBox);
                choiceParams.addRow(1, new Label("Rows"), count);
            }
            case RANDOM -> {
                choiceParams.addRow(0, new Label("Seed"), seed);
                choiceParams.addRow(1, new Label("Rows"), count);
            }
            case LEAST, MOST -> {
                choiceParams.addRow(0, new Label("Among first"), pool);
                choiceParams.addRow(1, new Label("Rows"), count);
            }
            default -> choiceParams.addRow(0, new Label("The sample selected in any view"));
        }
        for (Node n : choiceParams.getChildren()) {
            if (n instanceof Label l) {
                l.setMinWidth(Region.USE_PREF_SIZE);
            } else if (n instanceof Region r) {
                r.setMaxWidth(Double.MAX_VALUE);
                GridPane.setHgrow(r, Priority.ALWAYS);
            }
        }
    }

    /** Applies the row choice in the controls. */
    void showRows() {
        try {
            int n = count.getValue();
            switch (choice.getValue()) {
                case INDICES -> model.showSamples(parseIndices(indices.getText()));
                case CLASS -> model.showClass(Math.max(0, classBox.getSelectionModel().getSelectedIndex()), n);
                case RANDOM -> model.showRandom(parseSeed(seed.getText()), n);
                case LEAST -> model.showRanked(true, pool.getValue(), n);
                case MOST -> model.showRanked(false, pool.getValue(), n);
                default -> {
                    int s = model.selection().sampleIndexProperty().get();
                    model.showSamples(List.of(Math.max(0, s)));
                }
            }
        } catch (OrbitscopeException e) {
            Dialogs.error(window(), "Choose samples", e);
        }
    }

    /**
     * Parses "0,7,42" or "10-15" style lists.
     *
     * @param text the list
     * @return the indices in order
     */
    static List<Integer> parseIndices(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int dash = part.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(part.substring(0, dash).trim());
                    int b = Integer.parseInt(part.substring(dash + 1).trim());
                    if (b < a || b - a > 63) {
                        throw new OrbitscopeException("The range " + part + " must go up and span at most 64 samples.");
                    }
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(part.trim()));
                }
            } catch (NumberFormatException e) {
                throw new OrbitscopeException("\"" + part + "\" is not a sample index; write e.g. 0,7,42.");
            }
        }
        return out;
    }

    /**
     * Writes indices as {@link #parseIndices} reads them, runs of three or more as ranges.
     *
     * @param list the indices
     * @return e.g. {@code 0,7,10-15}
     */
    static String formatIndices(List<Integer> list) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            int j = i;
            while (j + 1 < list.size() && list.get(j + 1) == list.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (j - i >= 2) {
                sb.append(list.get(i)).append('-').append(list.get(j));
                i = j;
            } else {
                sb.append(list.get(i));
            }
        }
        return sb.toString();
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new OrbitscopeException("The seed must be a whole number, got \"" + text + "\".");
        }
    }

    private void showSettings(SaliencySettings s) {
        updatingControls = true;
        try {
            method.setValue(s.method());
            steps.getValueFactory().setValue(s.steps());
            threshold.getValueFactory().setValue(s.threshold());
            blurSize.getValueFactory().setValue(s.blurSize());
            blurSigma.getValueFactory().setValue(s.blurSigma());
            steps.setDisable(s.method() != SaliencySettings.Method.INTEGRATED_GRADIENTS);
        } finally {
            updatingControls = false;
        }
    }

    private void applySettings() {
        if (updatingControls || method.getValue() == null) {
            return;
        }
        SaliencySettings old = model.settingsProperty().get();
        int size = blurSize.getValue();
        if (size % 2 == 0) {
            size++;
        }
        try {
            SaliencySettings s = new SaliencySettings(method.getValue(), steps.getValue(), old.baseline(),
                    old.target(), threshold.getValue(), size, blurSigma.getValue(), old.smoothSamples(),
                    old.smoothNoise(), old.boundary());
            if (!s.equals(old)) {
                model.settingsProperty().set(s);
            }
        } catch (OrbitscopeException e) {
            showSettings(old);
        }
    }

    // ---------------------------------------------------------------------
    // Grid
    // ---------------------------------------------------------------------

    private void redraw() {
        grid.getChildren().clear();
        figureView.setImage(null);
        List<SaliencyModel.Block> blocks = model.blocksProperty().get();
        if (blocks.isEmpty()) {
            Label empty = new Label("Select one to three models in the library; each row shows a sample's orbit "
                    + "with the saliency map over every g x.");
            empty.getStyleClass().add("placeholder");
            empty.setWrapText(true);
            grid.getChildren().add(empty);
            return;
        }
        double screen = outputScale();
        for (SaliencyModel.Block b : blocks) {
            grid.getChildren().add(blockNode(b, screen));
        }
        fitBlocks();
        markCurrent();
    }

    private double outputScale() {
        Window w = window();
        double s = w != null ? w.getOutputScaleX() : Screen.getPrimary().getOutputScaleX();
        return Math.max(1, Math.min(4, Math.ceil(s)));
    }

    private Node blockNode(SaliencyModel.Block b, double screen) {
        // rendered at twice the screen density at least, so that a block shrunk to fit a narrow pane stays sharp
        double density = Math.max(2, screen);
        BufferedImage img = model.figure(List.of(b), density).toImage();
        ImageView view = new ImageView(SwingFXUtils.toFXImage(img, null));
        view.setUserData(img.getWidth() / density);
        view.setFitWidth(img.getWidth() / density);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        StringBuilder gaps = new StringBuilder();
        List<String> labels = model.labels();
        StringBuilder tip = new StringBuilder("Sample " + b.sample() + ": click to make it the current sample, "
                + "double-click to enlarge.\n");
        boolean ig = !Double.isNaN(b.rows().get(0).gap()[0]);
        for (int m = 0; m < b.rows().size(); m++) {
            OrbitSaliency.Row r = b.rows().get(m);
            double max = 0;
            for (double v : r.gap()) {
                max = Math.max(max, v);
            }
            if (ig) {
                gaps.append(gaps.length() == 0 ? "IG completeness gap (max over g): " : "  ·  ")
                        .append(labels.get(m)).append(String.format(Locale.ROOT, " %.2g", max));
            }
            tip.append(String.format(Locale.ROOT, "%n%s (%s)  SI %.4f", labels.get(m), b.names().get(m), r.si()));
            if (ig) {
                tip.append(String.format(Locale.ROOT, "%n  IG completeness gap "
                        + "|Σ attr − (f(x) − f(baseline))| per g:"));
                for (int e = 0; e < r.gap().length; e++) {
                    tip.append(String.format(Locale.ROOT, " %.3g", r.gap()[e]));
                }
            }
        }
        if (ig) {
            tip.append("\n\nA gap that is large next to the logit means more IG steps are needed.");
        }
        Label caption = new Label(gaps.toString());
        caption.getStyleClass().add("gap-caption");
        caption.setWrapText(true);
        caption.maxWidthProperty().bind(view.fitWidthProperty());
        caption.setManaged(ig);
        caption.setVisible(ig);
        VBox box = new VBox(2, view, caption);
        box.getStyleClass().add("sample-block");
        box.setUserData(b.sample());
        Tooltip.install(box, new Tooltip(tip.toString()));
        box.setOnMouseClicked(e -> {
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            model.selection().sampleIndexProperty().set(b.sample());
            if (e.getClickCount() == 2) {
                enlarge(b);
            }
        });
        return box;
    }

    /** @return the room for the blocks across the pane, or 0 before the first layout */
    private double room() {
        // each block's padding and border (saliency-grid.css) take 12 px
        double room = scroll.getViewportBounds().getWidth() - grid.getPadding().getLeft()
                - grid.getPadding().getRight() - 4;
        return room > 100 ? room : 0;
    }

    /**
     * @param widest the widest block's natural width
     * @return the columns used on screen: the figure's, or fewer where a block would shrink below half its size
     */
    int screenColumns(double widest) {
        double room = room();
        int wanted = Math.max(1, Math.min(model.columnsProperty().get(), grid.getChildren().size()));
        if (room == 0 || widest <= 0) {
            return wanted;
        }
        int fit = (int) Math.floor((room + GRID_GAP) / (0.5 * widest + 12 + GRID_GAP));
        return Math.max(1, Math.min(wanted, fit));
    }

    /**
     * Places the blocks in the screen's columns and shrinks (or restores) each to its share of the pane, so
     * the grid never scrolls sideways.
     */
    private void fitBlocks() {
        List<ImageView> views = new ArrayList<>();
        double widest = 0;
        for (Node n : grid.getChildren()) {
            if (n instanceof VBox box && !box.getChildren().isEmpty() && box.getChildren().get(0) instanceof ImageView v
                    && v.getUserData() instanceof Double natural) {
                views.add(v);
                widest = Math.max(widest, natural);
            }
        }
        int cols = screenColumns(widest);
        double room = room();
        double share = room == 0 ? Double.MAX_VALUE : (room - (cols - 1) * GRID_GAP) / cols - 12;
        int i = 0;
        for (Node n : grid.getChildren()) {
            GridPane.setConstraints(n, i % cols, i / cols);
            i++;
        }
        for (ImageView v : views) {
            v.setFitWidth(Math.min((Double) v.getUserData(), share));
        }
    }

    /** @return the scroll pane around the grid (for tests) */
    ScrollPane gridScroll() {
        return scroll;
    }

    /** @return whether the settings panel is shown (for tests) */
    boolean settingsShown() {
        return settingsShown.isSelected();
    }

    private void markCurrent() {
        int current = model.selection().sampleIndexProperty().get();
        for (Node n : grid.getChildren()) {
            n.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("current"),
                    Objects.equals(n.getUserData(), current));
        }
    }

    private void enlargeCurrent() {
        int current = model.selection().sampleIndexProperty().get();
        List<SaliencyModel.Block> blocks = model.blocksProperty().get();
        blocks.stream().filter(b -> b.sample() == current).findFirst()
                .or(() -> blocks.stream().findFirst()).ifPresent(this::enlarge);
    }

    private void enlarge(SaliencyModel.Block b) {
        double scale = 2.5;
        BufferedImage img = model.figure(List.of(b), scale * outputScale()).toImage();
        ImageView view = new ImageView(SwingFXUtils.toFXImage(img, null));
        view.setFitWidth(img.getWidth() / outputScale());
        view.setPreserveRatio(true);
        ScrollPane pane = new ScrollPane(new StackPane(view));
        Stage stage = new Stage();
        stage.initOwner(window());
        stage.setTitle("Saliency of sample " + b.sample());
        stage.setScene(new Scene(pane, Math.min(1300, view.getFitWidth() + 24),
                Math.min(900, img.getHeight() / outputScale() + 24)));
        stage.show();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ---------------------------------------------------------------------
    // Export
    // ---------------------------------------------------------------------

    private void exportFigure() {
        if (model.blocksProperty().get().isEmpty()) {
            return;
        }
        FigureExport.ask(window(), "saliency", true).ifPresent(t -> {
            Figure f = model.figure(t.scale());
            runAsync(() -> f.write(t.file()), "Export figure", t.file().toFile());
        });
    }

    private void exportNpz() {
        if (model.blocksProperty().get().isEmpty()) {
            return;
        }
        File file = chooseFile("Export maps", "saliency-maps.npz", "NumPy archive", "*.npz");
        if (file != null) {
            Map<String, NpyArray> arrays = model.arrays();
            runAsync(() -> SaliencyModel.writeNpz(arrays, file.toPath()), "Export maps", file);
        }
    }

    private File chooseFile(String title, String name, String kind, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        chooser.setInitialFileName(name);
        return chooser.showSaveDialog(window());
    }

    /** Work that writes a file. */
    private interface FileWork {
        void run() throws IOException;
    }

    private void runAsync(FileWork work, String title, File file) {
        CompletableFuture.runAsync(() -> {
            try {
                work.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, tasks.executor()).whenComplete((v, e) -> Platform.runLater(() -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                Dialogs.error(window(), title, cause instanceof OrbitscopeException ? cause
                        : new OrbitscopeException("Could not write " + file + ": " + cause + ".", e));
            }
        }));
    }

    // ---------------------------------------------------------------------
    // View
    // ---------------------------------------------------------------------

    @Override
    public String title() {
        return "Saliency";
    }

    @Override
    public Node node() {
        return root;
    }

    /**
     * The whole grid figure (the one the {@code figure saliency} command draws), rendered at up to four
     * times its size and shown at 1x, so a 2x or 4x snapshot keeps the figure's full resolution.
     */
    @Override
    public java.util.Optional<Figure> figure(double scale) {
        return java.util.Optional.ofNullable(model.figure(scale));
    }

    @Override
    public Node snapshotTarget() {
        Figure oneFigure = model.figure(1);
        if (oneFigure == null) {
            return grid;
        }
        BufferedImage one = oneFigure.toImage();
        double pixels = (double) one.getWidth() * one.getHeight();
        int scale = pixels * 16 <= 40e6 ? 4 : pixels * 4 <= 40e6 ? 2 : 1;
        BufferedImage img = scale == 1 ? one : model.figure(scale).toImage();
        Image fx = SwingFXUtils.toFXImage(img, null);
        figureView.setImage(fx);
        figureView.setSmooth(true);
        figureView.setFitWidth(one.getWidth());
        figureView.setFitHeight(one.getHeight());
        return figureView;
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        model.writeCsv(out);
    }
}
