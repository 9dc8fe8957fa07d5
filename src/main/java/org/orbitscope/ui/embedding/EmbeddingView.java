package org.orbitscope.ui.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.embedding.EmbeddingCsv;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.OrbitPurity;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.figure.Figure;
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.export.FigureExport;

/**
 * The Embedding tab: t-SNE (PCA first) of the penultimate activations over every orbit, linked to the selection,
 * with orbit purity under the plot and the activation neighbours of the selected point ringed.
 */
public final class EmbeddingView implements View {

    private final EmbeddingModel model;
    private final BorderPane root = new BorderPane();
    private final EmbeddingCanvas plot = new EmbeddingCanvas();
    private final Label status = new Label();
    private final Label shownTitle = new Label();
    private final Label staleNote = new Label();
    private final Label purity = new Label();
    private final Label rings = new Label();
    private final MenuButton classesMenu = new MenuButton("Classes");
    private final MenuButton elementsMenu = new MenuButton("Elements");
    private final Tooltip hover = new Tooltip();
    private final ImageView hoverImage = new ImageView();

    /** Most samples the spinner offers: a whole test split's orbits (the run refuses more than the split holds). */
    static final int MAX_SAMPLES = 50_000;

    /** @param model the embedding state this view shows */
    public EmbeddingView(EmbeddingModel model) {
        this.model = model;
        SelectionModel selection = model.selection();
        root.getStyleClass().add("embedding-view");
        root.getStylesheets().add(java.util.Objects.requireNonNull(
                EmbeddingView.class.getResource("embedding.css")).toExternalForm());

        Spinner<Integer> samples = new Spinner<>(10, MAX_SAMPLES, model.samplesProperty().get(), 100);
        samples.setEditable(true);
        samples.setPrefWidth(100); // five digits: up to 50,000 samples
        samples.setTooltip(new Tooltip("Test samples; each gives |G| points. Exact t-SNE slows with the square "
                + "of the points, Barnes-Hut far less; auto turns to the FFT beyond 25,000 points (10,000 samples "
                + "under R4 in under a minute on two cores)."));
        samples.valueProperty().addListener((o, a, v) -> model.samplesProperty().set(v));
        // and back: the spinner never shows another count than the one the next run uses
        model.samplesProperty().addListener((o, a, v) -> {
            if (v != null && !v.equals(samples.getValue())) {
                samples.getValueFactory().setValue(v);
            }
        });
        Spinner<Double> perplexity = new Spinner<>(2.0, 100.0, model.settingsProperty().get().perplexity(), 5.0);
        perplexity.setEditable(true);
        perplexity.setPrefWidth(74);
        perplexity.setTooltip(new Tooltip("t-SNE perplexity (5-50 usual)"));
        Spinner<Integer> iterations = new Spinner<>(250, 10_000, model.settingsProperty().get().iterations(), 250);
        iterations.setEditable(true);
        iterations.setPrefWidth(92);
        iterations.setTooltip(new Tooltip("t-SNE iterations"));
        SplitMenuButton run = new SplitMenuButton();
        run.setText("Run");
        run.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignP.PLAY));
        ToggleGroup methods = new ToggleGroup();
        for (TsneSettings.Method m : TsneSettings.Method.values()) {
            RadioMenuItem item = new RadioMenuItem(switch (m) {
                case AUTO -> "Automatic: Barnes-Hut up to " + TsneSettings.FFT_FROM + " points, FFT beyond";
                case BARNES_HUT -> "Barnes-Hut t-SNE: O(n log n) per iteration, for thousands of points";
                case FFT -> "FFT-accelerated t-SNE (FIt-SNE): for tens of thousands of points";
                case EXACT -> "Exact t-SNE (smile): all pairs, O(n\u00b2) time and memory";
                case UMAP -> "UMAP (umap-learn's defaults: 15 neighbours, minimum distance 0.1)";
            });
            item.setUserData(m);
            item.setToggleGroup(methods);
            item.setSelected(m == model.settingsProperty().get().method());
            run.getItems().add(item);
        }
        run.setTooltip(new Tooltip("Compute the t-SNE with these settings (the PCA layout shows at once); the arrow "
                + "chooses the method: automatic (default), Barnes-Hut, FFT-accelerated or exact t-SNE, or UMAP "
                + "(which ignores perplexity and iterations)"));
        run.setOnAction(e -> {
            try {
                TsneSettings s = model.settingsProperty().get();
                model.settingsProperty().set(new TsneSettings(perplexity.getValue(), iterations.getValue(),
                        s.learningRate(), s.seed(), (TsneSettings.Method) methods.getSelectedToggle().getUserData()));
                model.recompute();
            } catch (OrbitscopeException ex) {
                status.textProperty().unbind();
                status.setText(ex.getMessage());
            }
        });
        Button stop = new Button(null, new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignS.STOP));
        stop.setTooltip(new Tooltip("Stop the t-SNE; the layout so far stays"));
        stop.setOnAction(e -> model.cancel());
        stop.disableProperty().bind(model.runningProperty().not());
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Fit all points (scroll zooms, drag pans, shift-drag selects a box)"));
        fit.setOnAction(e -> plot.fitAll());
        CheckBox traces = new CheckBox("Traces");
        traces.setTooltip(new Tooltip("Draw each sample's orbit as a path through its group elements"));
        traces.setSelected(true);
        traces.selectedProperty().addListener((o, a, v) -> plot.setTraces(v));
        Button png = new Button(null, new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignI.IMAGE_OUTLINE));
        png.setTooltip(new Tooltip("Export the plot with legend and frame: PNG at 1x, 2x or 4x, SVG or PDF "
                + "(also the toolbar's Export figure, Ctrl+E)"));
        png.setOnAction(e -> {
            javafx.stage.Window owner = root.getScene() == null ? null : root.getScene().getWindow();
            FigureExport.ask(owner, "embedding", true).ifPresent(t -> exportFigure(t.file(), t.scale())
                    .whenComplete((p, err) -> javafx.application.Platform.runLater(() -> {
                        if (err != null) {
                            org.orbitscope.ui.common.Dialogs.error(owner, "Export figure", err);
                        }
                    })));
        });
        classesMenu.setTooltip(new Tooltip("Show or hide the points of each class"));
        elementsMenu.setTooltip(new Tooltip("Show or hide the points of each group element"));
        ToolBar bar = new ToolBar(new Label("Samples"), samples, new Label("Perplexity"), perplexity,
                new Label("Iterations"), iterations, run, stop, new Separator(), fit, traces, classesMenu,
                elementsMenu, png);
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new Insets(4, 8, 4, 8));
        shownTitle.getStyleClass().add("embedding-title");
        shownTitle.setTooltip(new Tooltip("The model and layer whose activations this layout shows (the last hidden "
                + "layer unless a layer was chosen in the Layers tab)"));
        Button refresh = new Button("Embed the selected model");
        refresh.setTooltip(new Tooltip("Compute the embedding of the model now selected in the library"));
        refresh.setOnAction(e -> model.recompute());
        staleNote.getStyleClass().add("embedding-stale");
        javafx.scene.layout.HBox staleRow = new javafx.scene.layout.HBox(8, staleNote, refresh);
        staleRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        staleRow.getStyleClass().add("embedding-stale-row");
        staleRow.visibleProperty().bind(model.staleProperty());
        staleRow.managedProperty().bind(model.staleProperty());
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(bar, shownTitle, staleRow);
        shownTitle.setPadding(new Insets(4, 8, 0, 8));
        staleRow.setPadding(new Insets(2, 8, 2, 8));
        model.shownModelProperty().addListener((o, a, m) -> updateTitle());
        model.shownLayerProperty().addListener((o, a, l) -> updateTitle());
        model.staleProperty().addListener((o, a, v) -> updateTitle());
        model.selection().currentModelProperty().addListener((o, a, v) -> updateTitle());
        updateTitle();
        root.setTop(top);
        root.setCenter(plot);
        purity.getStyleClass().add("embedding-purity");
        purity.setWrapText(true);
        Tooltip purityTip = new Tooltip("Of each point's k nearest neighbours, the share that are the same sample "
                + "under another group element (its orbit), beside the share of its class (ratio = orbit / class). "
                + "A point has only |G| - 1 orbit mates, so the best possible orbit share is min(k, |G| - 1) / k, "
                + "reached when every orbit is gathered together.");
        purityTip.setWrapText(true);
        purityTip.setPrefWidth(420);
        purity.setTooltip(purityTip);
        Circle ring = new Circle(5, Color.TRANSPARENT);
        java.awt.Color rc = org.orbitscope.figure.EmbeddingFigure.NEIGHBOUR_COLOR;
        ring.setStroke(Color.rgb(rc.getRed(), rc.getGreen(), rc.getBlue()));
        ring.setStrokeWidth(2);
        rings.setGraphic(ring);
        rings.getStyleClass().add("embedding-rings");
        Tooltip ringsTip = new Tooltip("The rings mark the selected point's nearest neighbours in the model's "
                + "activations (the layer embedded), not in this 2-D layout: rings on its own orbit mean the model "
                + "maps that orbit together. Click a point to select it.");
        ringsTip.setWrapText(true);
        ringsTip.setPrefWidth(420);
        rings.setTooltip(ringsTip);
        javafx.scene.layout.VBox purityRows = new javafx.scene.layout.VBox(2, purity, rings);
        purityRows.setPadding(new Insets(4, 8, 0, 8));
        purity.managedProperty().bind(purity.visibleProperty());
        rings.managedProperty().bind(rings.visibleProperty());
        root.setBottom(new javafx.scene.layout.VBox(purityRows, status));

        hoverImage.setSmooth(false);
        hover.setGraphic(hoverImage);
        hover.setShowDelay(Duration.ZERO);

        model.embeddingProperty().addListener((o, a, e) -> {
            if (a == null || e == null || a.classNames().size() != e.classNames().size()
                    || a.groupOrder() != e.groupOrder()) {
                rebuildMenus(e);
            }
            plot.setEmbedding(e);
            updateRings();
        });
        model.purityProperty().addListener((o, a, p) -> updatePurity());
        model.neighboursProperty().addListener((o, a, nb) -> updateRings());
        plot.setOnPick(p -> {
            // the element first: the sample's listeners then see the whole point
            selection.groupElementProperty().set(p.g());
            selection.sampleIndexProperty().set(p.sample());
        });
        plot.setOnBoxSelect(selection::selectSamples);
        plot.setOnHover(this::showHover);
        selection.sampleIndexProperty().addListener((o, a, v) -> {
            plot.setHighlightedSample(v.intValue());
            updateRings();
        });
        selection.groupElementProperty().addListener((o, a, v) -> updateRings());
        selection.selectedSamples().addListener((javafx.collections.SetChangeListener<Integer>) c ->
                plot.setPickedSamples(selection.selectedSamples()));
        plot.setHighlightedSample(selection.sampleIndexProperty().get());
        if (model.embeddingProperty().get() != null) {
            rebuildMenus(model.embeddingProperty().get());
            plot.setEmbedding(model.embeddingProperty().get());
        }
        updatePurity();
        updateRings();
    }

    private void updatePurity() {
        OrbitPurity.Result p = model.purityProperty().get();
        purity.setVisible(p != null);
        purity.setText(p == null ? "" : purityText(p));
    }

    /**
     * @param p orbit purity of a layout
     * @return the line the view shows: the numbers of {@link OrbitPurity.Result#summary()}
     */
    static String purityText(OrbitPurity.Result p) {
        String s = p.summary();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Rings the activation neighbours of the selected point (the selected sample at the selected element). */
    private void updateRings() {
        OrbitEmbedding e = model.embeddingProperty().get();
        OrbitPurity.Neighbours nb = model.neighboursProperty().get();
        int sample = model.selection().sampleIndexProperty().get();
        int g = model.selection().groupElementProperty().get();
        int point = -1;
        if (e != null && nb != null && nb.points() == e.points().size() && sample >= 0) {
            List<EmbeddingPoint> pts = e.points();
            for (int p = 0; p < pts.size(); p++) {
                if (pts.get(p).sample() == sample && pts.get(p).g() == g) {
                    point = p;
                    break;
                }
            }
        }
        if (point < 0) {
            plot.setNeighbourPoints(List.of());
            rings.setVisible(false);
            return;
        }
        plot.setNeighbourPoints(java.util.Arrays.stream(nb.of(point)).boxed().toList());
        rings.setText("Rings: the " + nb.k() + " nearest neighbours of sample " + sample + " \u00b7 "
                + e.groupLabels().get(g) + " in the activations");
        rings.setVisible(true);
    }

    private void updateTitle() {
        String t = model.shownTitle();
        shownTitle.setText(t == null ? "No model embedded yet" : t);
        org.orbitscope.ui.common.ModelEntry current = model.selection().currentModelProperty().get();
        staleNote.setText(current == null ? "" : "This layout is of " + (t == null ? "another model" : t)
                + ", not of the selected model " + current.name() + ".");
    }

    private void rebuildMenus(OrbitEmbedding e) {
        classesMenu.getItems().clear();
        elementsMenu.getItems().clear();
        if (e == null) {
            return;
        }
        for (int c = 0; c < e.classNames().size(); c++) {
            int cls = c;
            CheckMenuItem item = new CheckMenuItem(e.classNames().get(c));
            item.setSelected(true);
            item.selectedProperty().addListener((o, a, v) -> plot.setClassVisible(cls, v));
            plot.setClassVisible(cls, true);
            classesMenu.getItems().add(item);
        }
        for (int g = 0; g < e.groupOrder(); g++) {
            int el = g;
            CheckMenuItem item = new CheckMenuItem(e.groupLabels().get(g));
            item.setSelected(true);
            item.selectedProperty().addListener((o, a, v) -> plot.setElementVisible(el, v));
            plot.setElementVisible(el, true);
            elementsMenu.getItems().add(item);
        }
    }

    private void showHover(EmbeddingPoint p) {
        OrbitEmbedding e = model.embeddingProperty().get();
        if (p == null || e == null || plot.getScene() == null) {
            hover.hide();
            return;
        }
        Split split = model.splitProperty().get();
        Group group = model.groupProperty().get();
        hoverImage.setImage(split == null ? null : sampleImage(split, group, p.sample(), p.g(), 3));
        String cls = p.cls() >= 0 && p.cls() < e.classNames().size() ? e.classNames().get(p.cls()) : "?";
        String pred = p.predicted() >= 0 && p.predicted() < e.classNames().size()
                ? e.classNames().get(p.predicted()) : "?";
        hover.setText("sample " + p.sample() + ", " + e.groupLabels().get(p.g()) + "\nclass " + cls
                + "\npredicted " + pred + (p.predicted() == p.cls() ? "" : "  (wrong)"));
        javafx.geometry.Point2D at = plot.canvas().localToScreen(plot.screenX(p.x()) + 14, plot.screenY(p.y()) + 14);
        if (at != null) {
            hover.show(plot, at.getX(), at.getY());
        }
    }

    /**
     * Renders a test image with a group element applied, as a grey-scale image.
     *
     * @param split the split
     * @param group the group (null for the identity)
     * @param sample the sample
     * @param g the group element
     * @param zoom pixels per image pixel
     * @return the image
     */
    static WritableImage sampleImage(Split split, Group group, int sample, int g, int zoom) {
        float[] img = split.image(sample);
        if (group != null) {
            img = group.apply(g, img);
        }
        int side = (int) Math.round(Math.sqrt(img.length));
        WritableImage out = new WritableImage(side * zoom, side * zoom);
        PixelWriter w = out.getPixelWriter();
        for (int y = 0; y < side * zoom; y++) {
            for (int x = 0; x < side * zoom; x++) {
                double v = Math.max(0, Math.min(1, img[(y / zoom) * side + x / zoom]));
                w.setColor(x, y, Color.gray(1 - v));
            }
        }
        return out;
    }

    /** @return the plot */
    EmbeddingCanvas plot() {
        return plot;
    }

    /**
     * Writes the plot as a publication PNG (white background, frame, legend) at a resolution multiple.
     * Call on the FX thread; the file is written on a background thread.
     *
     * @param file the PNG file
     * @param scale resolution multiplier
     * @return completes when the file is written
     */
    public CompletableFuture<Path> exportFigure(Path file, double scale) {
        Figure f = exportedFigure(Figure.Format.of(file) == Figure.Format.PNG ? scale : 1);
        return CompletableFuture.supplyAsync(() -> {
            f.write(file);
            return file;
        });
    }

    @Override
    public java.util.Optional<Figure> figure(double scale) {
        return model.embeddingProperty().get() == null ? java.util.Optional.empty()
                : java.util.Optional.of(exportedFigure(scale));
    }

    /**
     * The figure for a paper: the plot as zoomed on screen, titled with the model it shows and the method,
     * the legend beside the plot rather than over it, without the screen's selection marks.
     */
    private Figure exportedFigure(double scale) {
        OrbitEmbedding e = model.embeddingProperty().get();
        String title = model.shownTitle();
        String method = e == null ? "" : switch (e.method()) {
            case PCA -> "PCA";
            case TSNE -> "t-SNE, " + e.iterations() + " iterations";
            case UMAP -> "UMAP, " + e.iterations() + " epochs";
        };
        return plot.paperFigure((title == null ? "Embedding" : title) + (method.isEmpty() ? "" : " (" + method + ")"),
                scale);
    }

    @Override
    public String title() {
        return "Embedding";
    }

    @Override
    public void setShowing(boolean showing) {
        model.setShowing(showing);
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node snapshotTarget() {
        return plot;
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        OrbitEmbedding e = model.embeddingProperty().get();
        String title = model.shownTitle();
        if (title != null) {
            out.append("# model: ").append(title.replace('\n', ' ')).append('\n');
        }
        EmbeddingCsv.write(e == null ? List.of() : e.points(), out);
    }
}
