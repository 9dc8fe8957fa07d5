package org.orbitscope.ui.train;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.XYChart;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.train.StepStats;
import org.orbitscope.train.TrainingListener;

/**
 * One training curve set on the dashboard: a live run fed by its trainer, or a finished run read from its
 * model card. The trainer thread only appends to queues; the FX thread drains them on the dashboard's clock.
 */
public final class TrainingRun implements TrainingListener {

    /** Raw step points kept per series before older ones are thinned out. */
    static final int MAX_STEP_POINTS = 4000;
    /** Weight of the newest step in the smoothed loss. */
    static final double EMA_ALPHA = 0.05;

    private final String name;
    private final ModelConfig config;
    private final Path dir;
    private final boolean live;
    private final ConcurrentLinkedQueue<StepStats> steps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<EpochRecord> epochs = new ConcurrentLinkedQueue<>();
    private volatile StepStats latest;
    private volatile String lastMessage = "";
    private final long startNanos = System.nanoTime();

    final XYChart.Series<Number, Number> lossRaw = new XYChart.Series<>();
    final XYChart.Series<Number, Number> lossSmooth = new XYChart.Series<>();
    final XYChart.Series<Number, Number> ce = new XYChart.Series<>();
    final XYChart.Series<Number, Number> reg = new XYChart.Series<>();
    final XYChart.Series<Number, Number> valAcc = new XYChart.Series<>();
    final XYChart.Series<Number, Number> li = new XYChart.Series<>();
    final XYChart.Series<Number, Number> di = new XYChart.Series<>();
    final XYChart.Series<Number, Number> sigma = new XYChart.Series<>();
    private double ema = Double.NaN;
    private int stepStride = 1;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    TrainingRun(String name, ModelConfig config, Path dir, boolean live) {
        this.name = name;
        this.config = config;
        this.dir = dir;
        this.live = live;
        lossRaw.setName(name + " loss");
        lossSmooth.setName(name + " loss (smoothed)");
        ce.setName(name + " CE");
        reg.setName(name + " R");
        valAcc.setName(name);
        li.setName(name + " LI");
        di.setName(name + " DI");
        sigma.setName(name);
    }

    /**
     * A finished run drawn from its model card history.
     *
     * @param name legend name
     * @param config its configuration
     * @param dir its directory
     * @param history its epochs
     * @return the run, with its epochs queued
     */
    static TrainingRun fromHistory(String name, ModelConfig config, Path dir, List<EpochRecord> history) {
        TrainingRun run = new TrainingRun(name, config, dir, false);
        run.lossSmooth.setName(name + " loss (epoch mean)");
        run.epochs.addAll(history);
        return run;
    }

    /** Floor of the log scale: errors below it (exact zeros) are drawn at it. */
    static final double LOG_FLOOR = 1e-16;

    static double log10(double v) {
        return Math.log10(Math.max(v, LOG_FLOOR));
    }

    /**
     * @param exponent a tick value on the log10 axis
     * @return its label, e.g. {@code 1e-6} or {@code 100}
     */
    static String powerOfTen(double exponent) {
        if (Math.abs(exponent - Math.rint(exponent)) > 1e-9) {
            return "";
        }
        int k = (int) Math.rint(exponent);
        return k >= 0 && k <= 3 ? String.valueOf((long) Math.pow(10, k)) : k == -1 ? "0.1" : "1e" + k;
    }

    /** @return optimization steps per epoch of this run's configuration */
    int stepsPerEpoch() {
        int n = config.trainSubset() > 0 ? Math.min(config.trainSubset(), org.orbitscope.data.TransformingDataset.TRAIN_SIZE)
                : org.orbitscope.data.TransformingDataset.TRAIN_SIZE;
        int b = Math.min(config.batchSize(), n);
        return (n + b - 1) / b;
    }

    /** @return legend name */
    public String name() {
        return name;
    }

    /** @return the configuration */
    public ModelConfig config() {
        return config;
    }

    /** @return the model directory */
    public Path dir() {
        return dir;
    }

    /** @return true for a run trained in this session */
    public boolean live() {
        return live;
    }

    /** @return true if the run has a regularizer term worth drawing */
    boolean hasRegularizer() {
        return config.kind() == ModelKind.IR;
    }

    /** @return a one-line progress text, updated by {@link #drain()} */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return the number of loss points drawn so far */
    public int lossPoints() {
        return lossRaw.getData().size();
    }

    /** @return the number of epochs drawn so far */
    public int epochPoints() {
        return valAcc.getData().size();
    }

    // ---------------------------------------------------------------------
    // Training thread
    // ---------------------------------------------------------------------

    @Override
    public void onStep(StepStats stats) {
        steps.add(stats);
        latest = stats;
    }

    @Override
    public void onEpoch(EpochRecord record, boolean improved) {
        epochs.add(record);
    }

    @Override
    public void onMessage(String message) {
        if (message != null) {
            lastMessage = message;
        }
    }

    // ---------------------------------------------------------------------
    // FX thread
    // ---------------------------------------------------------------------

    /** Moves queued steps and epochs into the chart series and refreshes the status line. */
    void drain() {
        StepStats s;
        java.util.ArrayList<XYChart.Data<Number, Number>> raw = new java.util.ArrayList<>();
        java.util.ArrayList<XYChart.Data<Number, Number>> smooth = new java.util.ArrayList<>();
        java.util.ArrayList<XYChart.Data<Number, Number>> ceNew = new java.util.ArrayList<>();
        java.util.ArrayList<XYChart.Data<Number, Number>> regNew = new java.util.ArrayList<>();
        while ((s = steps.poll()) != null) {
            ema = Double.isNaN(ema) ? s.loss() : ema + EMA_ALPHA * (s.loss() - ema);
            if (s.globalStep() % stepStride != 0) {
                continue;
            }
            raw.add(new XYChart.Data<>(s.globalStep(), s.loss()));
            smooth.add(new XYChart.Data<>(s.globalStep(), ema));
            if (hasRegularizer()) {
                ceNew.add(new XYChart.Data<>(s.globalStep(), s.ce()));
                regNew.add(new XYChart.Data<>(s.globalStep(), s.reg()));
            }
        }
        if (!raw.isEmpty()) {
            lossRaw.getData().addAll(raw);
            lossSmooth.getData().addAll(smooth);
            ce.getData().addAll(ceNew);
            reg.getData().addAll(regNew);
            if (lossRaw.getData().size() > MAX_STEP_POINTS) {
                stepStride *= 2;
                for (XYChart.Series<Number, Number> series : List.of(lossRaw, lossSmooth, ce, reg)) {
                    thin(series);
                }
            }
        }
        EpochRecord e;
        while ((e = epochs.poll()) != null) {
            if (!live) {
                // a finished run's card holds per-epoch means, drawn at the epoch's last step
                long x = (long) e.epoch() * stepsPerEpoch();
                lossSmooth.getData().add(new XYChart.Data<>(x, e.trainLoss()));
                if (hasRegularizer()) {
                    ce.getData().add(new XYChart.Data<>(x, e.trainCe()));
                    reg.getData().add(new XYChart.Data<>(x, e.trainReg()));
                }
            }
            valAcc.getData().add(new XYChart.Data<>(e.epoch(), e.validationAccuracy()));
            li.getData().add(new XYChart.Data<>(e.epoch(), log10(e.li())));
            di.getData().add(new XYChart.Data<>(e.epoch(), log10(e.di())));
            sigma.getData().add(new XYChart.Data<>(e.epoch(), e.sigmaMax()));
        }
        status.set(live ? liveStatus() : "finished: " + epochPoints() + " epochs");
    }

    private String liveStatus() {
        StepStats s = latest;
        if (s == null) {
            return lastMessage.isEmpty() ? "starting…" : lastMessage;
        }
        long total = (long) s.stepsPerEpoch() * config.epochs();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double remaining = s.globalStep() == 0 ? 0 : elapsed * (total - s.globalStep()) / s.globalStep();
        return String.format(java.util.Locale.ROOT, "epoch %d/%d · step %d/%d · ETA %s", s.epoch(), config.epochs(),
                s.step(), s.stepsPerEpoch(), duration(remaining));
    }

    /** @return the latest one-sentence message from the trainer */
    String lastMessage() {
        return lastMessage;
    }

    private static String duration(double seconds) {
        long t = Math.round(seconds);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, t / 60 % 60) : String.format("%dm%02ds", t / 60, t % 60);
    }

    /** Keeps every other point with an x that is a multiple of the new stride. */
    private void thin(XYChart.Series<Number, Number> series) {
        series.getData().removeIf(d -> d.getXValue().longValue() % stepStride != 0);
    }

    @Override
    public String toString() {
        return name;
    }
}
