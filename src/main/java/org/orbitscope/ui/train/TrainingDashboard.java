package org.orbitscope.ui.train;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
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
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.export.ChartCsv;

/** Live training dashboard: loss per step, validation accuracy, LI/DI and SigmaMax per epoch, for every run. */
public final class TrainingDashboard implements View {

    private final TrainingModel model;
    private final BorderPane root = new BorderPane();
    private final GridPane charts = new GridPane();
    /** One legend for all four charts: a run has the same colour everywhere. */
    private final FlowPane legend = new FlowPane(14, 2);
    /** Colours of runs, in the order they were added (Tableau 10). */
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};
    private final LineChart<Number, Number> lossChart = chart("Training loss", "step", "loss");
    private final LineChart<Number, Number> accChart = chart("Validation accuracy", "epoch", "accuracy");
    private final LineChart<Number, Number> invChart = chart("Invariance errors", "epoch", "LI, DI (log scale)");
    private final LineChart<Number, Number> sigmaChart = chart("SigmaMax", "epoch", "largest singular value");
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
        charts.add(lossChart, 0, 0);
        charts.add(accChart, 1, 0);
        charts.add(invChart, 0, 1);
        charts.add(sigmaChart, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            charts.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            charts.getRowConstraints().add(r);
        }
        ((NumberAxis) accChart.getYAxis()).setForceZeroInRange(false);
        // LI spans 1e-12 (WT) to 1e2 (DA): the series hold log10 values and the ticks read as powers of ten
        NumberAxis invY = (NumberAxis) invChart.getYAxis();
        invY.setForceZeroInRange(false);
        invChart.setHorizontalZeroLineVisible(false);
        invY.setTickLabelFormatter(new javafx.util.StringConverter<Number>() {
            @Override
            public String toString(Number v) {
                return TrainingRun.powerOfTen(v.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        });
        Tooltip.install(invChart, new Tooltip("LI: 0.5·||f(x) − f(gx)||², DI: KL(softmax f(x) || softmax f(gx)), "
                + "means over the orbits of the first validation samples; a weight-tied model sits near 1e-12."));
        Tooltip.install(sigmaChart, new Tooltip("Largest singular value of the 9 × 1296 input Jacobian, averaged over "
                + "a few validation samples: the network's sensitivity to any input perturbation."));
        Tooltip.install(accChart, new Tooltip("Accuracy on the validation set, each sample with its fixed random "
                + "group element; the epoch with the best value is the one kept."));
        Tooltip.install(lossChart, new Tooltip("Training loss per step (faint) and smoothed; for IR also its "
                + "cross-entropy and regularizer parts. Finished runs show their per-epoch means."));

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
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Run"), runBox, pauseButton, stopButton, spacer, progressLabel, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("dashboard-bar");
        root.setTop(bar);
        legend.getStyleClass().add("run-legend");
        legend.setPadding(new Insets(2, 8, 0, 8));
        VBox plots = new VBox(legend, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        plots.getStyleClass().add("plots");
        root.setCenter(plots);
        updateButtons();
        model.active().addListener((ListChangeListener<TrainingTask>) c -> updateButtons());

        for (TrainingRun r : model.runs()) {
            addRun(r);
        }
        model.runs().addListener((ListChangeListener<TrainingRun>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::removeRun);
                c.getAddedSubList().forEach(this::addRun);
            }
            restyle();
        });
        restyle();
    }

    private static LineChart<Number, Number> chart(String title, String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        xAxis.setForceZeroInRange(false);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        xAxis.setAnimated(false);
        yAxis.setAnimated(false);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setMinSize(200, 150);
        return chart;
    }

    private void addRun(TrainingRun r) {
        lossChart.getData().add(r.lossRaw);
        lossChart.getData().add(r.lossSmooth);
        if (r.hasRegularizer()) {
            lossChart.getData().add(r.ce);
            lossChart.getData().add(r.reg);
        }
        accChart.getData().add(r.valAcc);
        invChart.getData().add(r.li);
        invChart.getData().add(r.di);
        sigmaChart.getData().add(r.sigma);
    }

    /**
     * Gives every series of a run the run's colour, and each kind of series its dash pattern, then rebuilds
     * the shared legend. Charts reset style classes of their series, so the colour goes in the node's style.
     */
    private void restyle() {
        legend.getChildren().clear();
        int i = 0;
        for (TrainingRun r : model.runs()) {
            String c = PALETTE[i++ % PALETTE.length];
            style(r.lossRaw, c, "-fx-opacity: 0.25; -fx-stroke-width: 1px;");
            style(r.lossSmooth, c, "");
            style(r.ce, c, "-fx-stroke-dash-array: 6 3;");
            style(r.reg, c, "-fx-stroke-dash-array: 1 3;");
            style(r.valAcc, c, "");
            style(r.li, c, "");
            style(r.di, c, "-fx-stroke-dash-array: 6 4;");
            style(r.sigma, c, "");
            javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 18, 0);
            swatch.setStyle("-fx-stroke: " + c + "; -fx-stroke-width: 3px;");
            Label name = new Label(r.name(), swatch);
            legend.getChildren().add(name);
        }
        if (!model.runs().isEmpty()) {
            Label key = new Label("loss: faint per step, solid smoothed, dashed CE, dotted regularizer · "
                    + "invariance: solid LI, dashed DI");
            key.getStyleClass().add("legend-key");
            legend.getChildren().add(key);
        }
    }

    private static void style(javafx.scene.chart.XYChart.Series<Number, Number> series, String color, String extra) {
        if (series.getNode() != null) {
            series.getNode().setStyle("-fx-stroke: " + color + "; " + extra);
        }
    }

    private void removeRun(TrainingRun r) {
        for (LineChart<Number, Number> c : List.of(lossChart, accChart, invChart, sigmaChart)) {
            c.getData().removeAll(r.lossRaw, r.lossSmooth, r.ce, r.reg, r.valAcc, r.li, r.di, r.sigma);
        }
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

    /** @return the loss chart (for tests) */
    LineChart<Number, Number> lossChart() {
        return lossChart;
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
    public void writeCsv(Appendable out) throws IOException {
        ChartCsv.header(out);
        ChartCsv.append(out, "loss", lossChart);
        ChartCsv.append(out, "validation accuracy", accChart);
        ChartCsv.append(out, "invariance", invChart);
        ChartCsv.append(out, "sigma max", sigmaChart);
    }
}
