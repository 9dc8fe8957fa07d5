package org.orbitscope.ui.train;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.LayersFigure;
import org.orbitscope.figure.LinePlot;
import org.orbitscope.figure.TrainingFigure;
import org.orbitscope.ui.common.PlotView;
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.export.ChartCsv;

/**
 * Live training dashboard: loss per step, validation accuracy, LI/DI and SigmaMax per epoch, for every run, and
 * the invariance of every layer of the focused run per epoch.
 */
public final class TrainingDashboard implements View {

    private final TrainingModel model;
    private final BorderPane root = new BorderPane();
    private final GridPane charts = new GridPane();
    /** One legend for all four charts: a run has the same colour everywhere. */
    private final FlowPane legend = new FlowPane(14, 2);
    /** Smoothing of the drawn loss, TensorBoard's default 0.6. */
    private final javafx.scene.control.Slider smoothing = new javafx.scene.control.Slider(0, 0.99, 0.6);
    /** How to read the line styles; wraps, so a narrow pane does not have to be as wide as the sentence. */
    private final Label legendKey = new Label("loss: faint per step, solid smoothed, dashed CE, dotted regularizer · "
            + "invariance: solid LI, dashed DI");
    /** The four panels of {@link TrainingFigure}: loss, validation accuracy, invariance errors, SigmaMax. */
    private final PlotView[] panels = new PlotView[TrainingFigure.PANELS];
    /** Per-layer invariance of the focused run, one curve per layer ({@link LayersFigure#history}). */
    private final PlotView layerPanel = new PlotView();
    /** What the layer panel shows: run and epochs drawn, so that it is redrawn only when an epoch arrives. */
    private Object layerPanelShows;
    private boolean showing = true;
    private boolean stale;
    private final ComboBox<TrainingRun> runBox = new ComboBox<>();
    private final Label progressLabel = new Label("No run yet: start one with Train new (Ctrl+N).");
    private final ProgressBar progress = new ProgressBar(0);
    private final Button pauseButton = new Button("Pause", new FontIcon(MaterialDesignP.PAUSE));
    private final Button stopButton = new Button("Stop", new FontIcon(MaterialDesignS.STOP));

    /** @param model the training state this view shows */
    public TrainingDashboard(TrainingModel model) {
        this.model = model;
        root.getStyleClass().add("training-dashboard");
        root.getStylesheets().add(Objects.requireNonNull(
                TrainingDashboard.class.getResource("training-dashboard.css")).toExternalForm());

        charts.getStyleClass().add("charts");
        String[] tips = {
            "Training loss per step (faint) and smoothed; for IR also its cross-entropy (dashed) and regularizer "
                + "(dotted) parts. Finished runs show their per-epoch means.",
            "Accuracy on the validation set, each sample with its fixed random group element; the epoch with the "
                + "best value is the one kept.",
            "LI: 0.5·||f(x) − f(gx)||² (solid), DI: KL(softmax f(x) || softmax f(gx)) (dashed), means over the "
                + "orbits of the first validation samples; a weight-tied model sits near 1e-12.",
            "Largest singular value of the 9 × 1296 input Jacobian, averaged over a few validation samples: the "
                + "network's sensitivity to any input perturbation."};
        for (int i = 0; i < panels.length; i++) {
            panels[i] = new PlotView();
            Tooltip.install(panels[i], new Tooltip(tips[i]));
            charts.add(panels[i], i % 2, i / 2);
        }
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            charts.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            charts.getRowConstraints().add(r);
        }

        Tooltip.install(layerPanel, new Tooltip("Invariance of every layer of the selected run, per epoch: for each "
                + "unit the variance of its activation over a sample's orbit (mean over the monitored validation "
                + "samples) divided by its variance over all orbit points, averaged over the layer's units; 0 = "
                + "invariant, 1 = the unit encodes only the group element. Read from the same forward pass as LI "
                + "and DI. The Layers tab compares models layer by layer."));
        layerPanel.setPrefHeight(220);
        layerPanel.setMinHeight(150);
        runBox.setItems(model.runs());
        runBox.setPromptText("run");
        runBox.setPrefWidth(260);
        runBox.valueProperty().addListener((obs, old, run) -> {
            if (run != null) {
                model.focus(run);
            }
        });
        model.focusedProperty().addListener((obs, old, run) -> {
            runBox.setValue(run);
            bindProgress(run);
            redraw();
        });
        pauseButton.setTooltip(new Tooltip("Pause or resume the selected run at the next step"));
        pauseButton.setOnAction(e -> togglePause());
        stopButton.setTooltip(new Tooltip("Stop the selected run; its best weights so far are kept"));
        stopButton.setOnAction(e -> {
            TrainingTask t = model.taskOf(runBox.getValue());
            if (t != null) {
                t.stop();
            }
        });
        progress.setPrefWidth(160);
        // the bar must not hold the plots wider than a side-by-side pane
        runBox.setMinWidth(120);
        progress.setMinWidth(60);
        progressLabel.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        smoothing.setPrefWidth(110);
        smoothing.setMajorTickUnit(0.25);
        Label smoothingValue = new Label();
        smoothingValue.textProperty().bind(smoothing.valueProperty().asString(java.util.Locale.ROOT, "%.2f"));
        Tooltip smoothingTip = new Tooltip("Smoothing of the live loss curves, as TensorBoard's: each drawn point "
                + "keeps this share of the previous smoothed value (exponential moving average, debiased at the "
                + "start); 0 draws the raw loss. The faint line is always the raw loss.");
        smoothingTip.setWrapText(true);
        smoothingTip.setMaxWidth(380);
        smoothing.setTooltip(smoothingTip);
        smoothing.valueProperty().addListener((o, a, v) -> redraw());
        Label smoothingLabel = new Label("Smoothing");
        smoothingLabel.setTooltip(smoothingTip);
        HBox bar = new HBox(8, new Label("Run"), runBox, pauseButton, stopButton, smoothingLabel, smoothing,
                smoothingValue, spacer, progressLabel, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("dashboard-bar");
        root.setTop(bar);
        legend.getStyleClass().add("run-legend");
        legend.setPadding(new Insets(2, 8, 0, 8));
        legendKey.getStyleClass().add("legend-key");
        legendKey.setWrapText(true);
        legendKey.setPadding(new Insets(0, 8, 0, 8));
        VBox plots = new VBox(legend, legendKey, charts, layerPanel);
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox.setVgrow(layerPanel, Priority.SOMETIMES);
        plots.getStyleClass().add("plots");
        root.setCenter(plots);
        updateButtons();
        model.active().addListener((ListChangeListener<TrainingTask>) c -> updateButtons());

        model.runs().addListener((ListChangeListener<TrainingRun>) c -> {
            rebuildLegend();
            redraw();
        });
        model.setOnDrawn(this::redraw);
        rebuildLegend();
        redraw();
    }

    /** Draws the panels from the runs' curves now, or when the view is next shown. */
    private void redraw() {
        if (!showing) {
            stale = true;
            return;
        }
        stale = false;
        LinePlot[] plots = TrainingFigure.panels(figureRuns());
        for (int i = 0; i < panels.length; i++) {
            plots[i].legend(false);
            panels[i].show(plots[i]);
        }
        TrainingRun run = layerRun();
        Object shows = run == null ? null : java.util.List.of(run, run.epochPoints());
        if (layerPanelShows == null || !layerPanelShows.equals(shows)) {
            layerPanelShows = shows;
            layerPanel.show(layerPlot(run));
        }
    }

    /** @return the run whose layers are drawn: the focused one, else the last */
    private TrainingRun layerRun() {
        TrainingRun run = model.focusedProperty().get();
        if (run == null || !model.runs().contains(run)) {
            run = model.runs().isEmpty() ? null : model.runs().get(model.runs().size() - 1);
        }
        return run;
    }

    private static LinePlot layerPlot(TrainingRun run) {
        if (run == null) {
            return LayersFigure.history(null, List.of());
        }
        List<org.orbitscope.model.EpochRecord> h = run.epochs();
        boolean recorded = h.stream().anyMatch(e -> !e.layerInvariance().isEmpty());
        return LayersFigure.history(run.name() + (recorded || h.isEmpty() ? ""
                : " (not recorded: trained before per-layer monitoring)"), h).legendBottom(true);
    }

    /** @return the layer panel (for tests) */
    PlotView layerPanel() {
        return layerPanel;
    }

    /** @return the runs drawn: all but those hidden from the legend */
    List<TrainingFigure.Run> figureRuns() {
        double w = smoothing.getValue();
        return model.runs().stream().filter(r -> !r.hidden()).map(r -> r.figureRun(w)).toList();
    }

    /** @return the smoothing slider (for tests) */
    javafx.scene.control.Slider smoothingSlider() {
        return smoothing;
    }

    /** @return the legend's entries, one per run (for tests) */
    List<Label> legendEntries() {
        return legend.getChildren().stream().map(n -> (Label) n).toList();
    }

    @Override
    public void setShowing(boolean now) {
        showing = now;
        if (now && stale) {
            redraw();
        }
    }

    /** Rebuilds the shared legend: one entry per run in its colour (the panels use the same palette). */
    private void rebuildLegend() {
        legend.getChildren().clear();
        int i = 0;
        for (TrainingRun r : model.runs()) {
            int k = r.colour() >= 0 ? r.colour() : i;
            i++;
            java.awt.Color c = LinePlot.PALETTE[k % LinePlot.PALETTE.length];
            javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 18, 0);
            swatch.setStyle(String.format(java.util.Locale.ROOT, "-fx-stroke: #%06x; -fx-stroke-width: 3px;",
                    c.getRGB() & 0xffffff));
            Label entry = new Label(r.name(), swatch);
            entry.getStyleClass().add("legend-entry");
            entry.setOpacity(r.hidden() ? 0.35 : 1);
            entry.setTooltip(new Tooltip(r.hidden() ? "Hidden: click to show this run again"
                    : "Click to hide this run (in the plots and the export)"));
            entry.setCursor(javafx.scene.Cursor.HAND);
            entry.setOnMouseClicked(e -> {
                model.setHidden(r, !r.hidden());
                rebuildLegend();
                redraw();
            });
            legend.getChildren().add(entry);
        }
        legendKey.setVisible(!model.runs().isEmpty());
        legendKey.setManaged(!model.runs().isEmpty());
    }

    private void bindProgress(TrainingRun run) {
        progressLabel.textProperty().unbind();
        progress.progressProperty().unbind();
        if (run == null) {
            progressLabel.setText("");
            progress.setProgress(0);
        } else {
            progressLabel.textProperty().bind(run.statusProperty());
            TrainingTask t = model.taskOf(run);
            if (t != null) {
                progress.progressProperty().bind(t.progressProperty());
            } else {
                progress.setProgress(1);
            }
        }
        updateButtons();
    }

    private void togglePause() {
        TrainingTask t = model.taskOf(runBox.getValue());
        if (t == null) {
            return;
        }
        if (t.isPaused()) {
            t.resume();
        } else {
            t.pause();
        }
        updateButtons();
    }

    private void updateButtons() {
        TrainingTask t = model.taskOf(runBox.getValue());
        pauseButton.setDisable(t == null);
        stopButton.setDisable(t == null);
        boolean paused = t != null && t.isPaused();
        pauseButton.setText(paused ? "Resume" : "Pause");
        pauseButton.setGraphic(new FontIcon(paused ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE));
        if (t == null && runBox.getValue() != null && runBox.getValue().live()) {
            progressLabel.textProperty().unbind();
            progressLabel.setText(runBox.getValue().lastMessage());
            progress.progressProperty().unbind();
        }
    }

    /** @return the plot panels (for tests and measurements) */
    PlotView[] panels() {
        return panels;
    }

    @Override
    public String title() {
        return "Training";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node snapshotTarget() {
        return charts;
    }

    /** Height of the layer panel under the four training panels in the exported figure, at scale 1. */
    static final int LAYER_PANEL_HEIGHT = 260;

    @Override
    public java.util.Optional<Figure> figure(double scale) {
        if (model.runs().isEmpty()) {
            return java.util.Optional.empty();
        }
        // the four panels of the training figure with the layer panel under them, as on screen
        Figure top = TrainingFigure.figure(figureRuns(), scale);
        LinePlot layers = layerPlot(layerRun());
        int extra = (int) Math.round(LAYER_PANEL_HEIGHT * scale);
        int pad = (int) Math.round(10 * scale);
        return java.util.Optional.of(new Figure(top.width(), top.height() + extra, g -> {
            top.painter().paint(g);
            layers.draw(g, pad, top.height(), top.width() - 2 * pad, extra - pad, scale);
        }));
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        ChartCsv.header(out);
        for (TrainingFigure.Run r : figureRuns()) {
            TrainingFigure.Steps s = r.steps();
            if (s != null) {
                ChartCsv.rows(out, "loss", r.name() + " loss", s.epoch(), s.raw());
                ChartCsv.rows(out, "loss", r.name() + " loss (smoothed)", s.epoch(), s.smooth());
                if (r.kind() == org.orbitscope.model.ModelKind.IR) {
                    ChartCsv.rows(out, "loss", r.name() + " CE", s.epoch(), s.ce());
                    ChartCsv.rows(out, "loss", r.name() + " R", s.epoch(), s.reg());
                }
            }
            for (org.orbitscope.model.EpochRecord e : r.history()) {
                if (s == null) {
                    ChartCsv.row(out, "loss", r.name() + " loss (epoch mean)", e.epoch(), e.trainLoss());
                }
                ChartCsv.row(out, "validation accuracy", r.name(), e.epoch(), e.validationAccuracy());
                ChartCsv.row(out, "invariance", r.name() + " LI", e.epoch(), e.li());
                ChartCsv.row(out, "invariance", r.name() + " DI", e.epoch(), e.di());
                ChartCsv.row(out, "sigma max", r.name(), e.epoch(), e.sigmaMax());
                for (java.util.Map.Entry<String, Double> l : e.layerInvariance().entrySet()) {
                    ChartCsv.row(out, "layer invariance", r.name() + " " + l.getKey(), e.epoch(), l.getValue());
                }
            }
        }
    }
}
