package org.orbitscope.ui.layers;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.orbitscope.analysis.layers.LayerInvariance;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.LayersFigure;
import org.orbitscope.ui.common.View;

/**
 * The Layers tab: for every selected model, the invariance of each layer with its units sorted by invariance;
 * hovering a cell gives its numbers, clicking it sets the layer the Embedding view shows.
 */
public final class LayersView implements View {

    /** What the measure is, for the panel's tooltips. */
    static final String DEFINITION = "Normalized orbit variance of a unit: the variance of its activation over "
            + "the group orbit of a sample (all |G| transformed copies), averaged over the samples, divided by "
            + "its variance over all samples × group elements (the default; other normalizations in the list). "
            + "0 = the unit does not change along orbits (invariant); 1 = it encodes only the group element. A "
            + "layer's value is the mean over its units that vary; units whose activation never changes (dead "
            + "ReLUs) are counted, shown grey and left out.";

    private final LayersModel model;
    private final BorderPane root = new BorderPane();
    private final LayersCanvas canvas = new LayersCanvas();
    private final Label status = new Label();
    private final Tooltip cellTip = new Tooltip();

    /** @param model the state this view shows */
    public LayersView(LayersModel model) {
        this.model = model;
        root.getStyleClass().add("layers-view");
        root.getStylesheets().add(Objects.requireNonNull(
                LayersView.class.getResource("layers.css")).toExternalForm());

        Spinner<Integer> samples = new Spinner<>(10, 50_000, model.samplesProperty().get(), 100);
        samples.setEditable(true);
        samples.setPrefWidth(90);
        samples.setTooltip(new Tooltip("Test samples per model; each is measured on its full orbit (|G| points)"));
        samples.valueProperty().addListener((o, a, v) -> model.samplesProperty().set(v));
        ComboBox<LayerSettings.Denominator> normalization = new ComboBox<>();
        normalization.getItems().setAll(LayerSettings.Denominator.values());
        normalization.setValue(model.settingsProperty().get().denominator());
        normalization.setCellFactory(l -> new DenominatorCell());
        normalization.setButtonCell(new DenominatorCell());
        normalization.setTooltip(new Tooltip("What a unit's orbit variance is divided by. total (default): its "
                + "variance over all orbit points, so values lie in [0, 1]. per-element: its variance over the "
                + "samples at each group element, as tmeasures' normalized variance (can exceed 1). none: the orbit "
                + "variance itself, in squared activation units (summed over the logits it is LI)."));
        normalization.valueProperty().addListener((o, a, d) -> model.settingsProperty().set(new LayerSettings(d)));
        Button run = new Button("Run", new FontIcon(MaterialDesignP.PLAY));
        run.setTooltip(new Tooltip("Measure the selected models again"));
        run.setOnAction(e -> model.recompute());
        Button stop = new Button(null, new FontIcon(MaterialDesignS.STOP));
        stop.setTooltip(new Tooltip("Stop measuring; the values shown stay"));
        stop.setOnAction(e -> model.cancel());
        stop.disableProperty().bind(model.runningProperty().not());
        ProgressBar progress = new ProgressBar(0);
        progress.setPrefWidth(120);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        Label what = new Label("What is this?");
        what.getStyleClass().add("layers-help");
        Tooltip whatTip = new Tooltip(DEFINITION + " Exact definitions: Metrics (F1).");
        whatTip.setWrapText(true);
        whatTip.setPrefWidth(460);
        whatTip.setShowDuration(Duration.seconds(60));
        what.setTooltip(whatTip);
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Samples"), samples, new Label("Normalization"), normalization, run, stop,
                progress, what, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("layers-bar");
        root.setTop(bar);

        ScrollPane scroll = new ScrollPane(canvas);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("layers-scroll");
        root.setCenter(scroll);

        cellTip.setWrapText(true);
        cellTip.setPrefWidth(420);
        cellTip.setShowDelay(Duration.millis(150));
        cellTip.setShowDuration(Duration.seconds(30));
        Tooltip.install(canvas, cellTip);
        canvas.setOnMouseMoved(e -> {
            int[] cell = canvas.cellAt(e.getX(), e.getY());
            cellTip.setText(cell == null ? DEFINITION : describe(model.rowsProperty().get().get(cell[0]), cell[1]));
        });
        canvas.setOnMouseClicked(e -> {
            int[] cell = canvas.cellAt(e.getX(), e.getY());
            if (cell != null) {
                model.chooseLayer(cell[0], cell[1]);
            }
        });
        model.rowsProperty().addListener((o, a, rows) -> canvas.setRows(rows));
        canvas.setRows(model.rowsProperty().get());
    }

    /**
     * @param row a measured model
     * @param layer the index of one of its layers
     * @return the cell's numbers in a few lines
     */
    static String describe(LayersFigure.Row row, int layer) {
        LayerInvariance l = row.profile().layers().get(layer);
        return String.format(Locale.ROOT, "%s · layer %s (%d units)%ninvariance %s: mean over the %d units that "
                + "vary%s%nunits: min %s · 10%% %s · median %s · 90%% %s · max %s%nClick to embed this layer in the "
                + "Embedding view.", row.name(), l.layer(), l.units(), LayersFigure.format(l.value()), l.varyingUnits(),
                l.constantUnits() == 0 ? "" : "; " + l.constantUnits() + " never vary (grey, left out)",
                LayersFigure.format(l.quantile(0)), LayersFigure.format(l.quantile(0.1)),
                LayersFigure.format(l.quantile(0.5)), LayersFigure.format(l.quantile(0.9)),
                LayersFigure.format(l.quantile(1)));
    }

    /** @return the drawing (for tests) */
    LayersCanvas canvas() {
        return canvas;
    }

    @Override
    public String title() {
        return "Layers";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node snapshotTarget() {
        return canvas;
    }

    @Override
    public Optional<Figure> figure(double scale) {
        List<LayersFigure.Row> rows = model.rowsProperty().get();
        return rows.isEmpty() ? Optional.empty() : Optional.of(LayersFigure.figure(rows, scale));
    }

    @Override
    public void setShowing(boolean showing) {
        model.setShowing(showing);
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("model,layer,units,constant_units,invariance,unit,unit_invariance,normalization,samples\n");
        for (LayersFigure.Row r : model.rowsProperty().get()) {
            for (LayerInvariance l : r.profile().layers()) {
                double[] per = l.perUnit();
                String head = String.join(",", csv(r.name()), csv(l.layer()), String.valueOf(l.units()),
                        String.valueOf(l.constantUnits()), Double.toString(l.value()));
                String tail = l.denominator().id() + "," + r.profile().samples();
                for (int u = 0; u < per.length; u++) {
                    out.append(head).append(',').append(String.valueOf(u)).append(',')
                            .append(Double.isNaN(per[u]) ? "" : Double.toString(per[u])).append(',').append(tail)
                            .append('\n');
                }
            }
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Names a normalization with its description. */
    private static final class DenominatorCell extends ListCell<LayerSettings.Denominator> {
        @Override
        protected void updateItem(LayerSettings.Denominator d, boolean empty) {
            super.updateItem(d, empty);
            setText(empty || d == null ? null : d.id());
            setTooltip(empty || d == null ? null : new Tooltip(d.describe()));
        }
    }
}
