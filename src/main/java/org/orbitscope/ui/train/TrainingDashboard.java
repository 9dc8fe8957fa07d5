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
import org.orbitscope.figure.LinePlot;
import org.orbitscope.figure.TrainingFigure;
import org.orbitscope.ui.common.PlotView;
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.export.ChartCsv;

/** Live training dashboard: loss per step, validation accuracy, LI/DI and SigmaMax per epoch, for every run. */
public final class TrainingDashboard implements View {

    private final TrainingModel model;
    private final BorderPane root = new BorderPane();
    private final GridPane charts = new GridPane();
    /** One legend for all four charts: a run has the same colour everywhere. */
    private final FlowPane legend = new FlowPane(14, 2);
    /** How to read the line styles; wraps, so a narrow pane does not have to be as wide as the sentence. */
    private final Label legendKey = new Label("loss: faint per step, solid smoothed, dashed CE, dotted regularizer · "
            + "invariance: solid LI, dashed DI");
    /** The four panels of {@link TrainingFigure}: loss, validation accuracy, invariance errors, SigmaMax. */
    private final PlotView[] panels = new PlotView[TrainingFigure.PANELS];
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
        HBox bar = new HBox(8, new Label("Run"), runBox, pauseButton, stopButton, spacer, progressLabel, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("dashboard-bar");
        root.setTop(bar);
        legend.getStyleClass().add("run-legend");
        legend.setPadding(new Insets(2, 8, 0, 8));
        legendKey.getStyleClass().add("legend-key");
        legendKey.setWrapText(true);
        legendKey.setPadding(new Insets(0, 8, 0, 8));
        VBox plots = new VBox(legend, legendKey, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
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
    }

    private List<TrainingFigure.Run> figureRuns() {
        return model.runs().stream().map(TrainingRun::figureRun).toList();
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
            java.awt.Color c = LinePlot.PALETTE[i++ % LinePlot.PALETTE.length];
            javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 18, 0);
            swatch.setStyle(String.format(java.util.Locale.ROOT, "-fx-stroke: #%06x; -fx-stroke-width: 3px;",
                    c.getRGB() & 0xffffff));
            legend.getChildren().add(new Label(r.name(), swatch));
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

    @Override
    public java.util.Optional<Figure> figure(double scale) {
        return model.runs().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(TrainingFigure.figure(figureRuns(), scale));
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
            }
        }
    }
}
