package org.orbitscope.ui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.orbitscope.figure.TrainingFigure;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.train.StepStats;
import org.orbitscope.train.TrainingListener;

/**
 * One training curve set on the dashboard: a live run fed by its trainer, or a finished run read from its
 * model card. The trainer thread only appends to queues; the FX thread drains them into plain arrays on the
 * dashboard's clock, and the dashboard draws them with the same Java2D panels as the exported figure.
 */
public final class TrainingRun implements TrainingListener {

    /** Step points kept before every other one is dropped (a panel is at most ~1000 pixels wide). */
    static final int MAX_STEP_POINTS = 2000;
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
    /** Index in the palette, fixed when the dashboard first shows the run's folder; -1 until then. */
    private int colour = -1;
    /** Time spent paused before the current pause, and when the current pause began (0 if running). */
    private volatile long pausedNanos;
    private volatile long pauseStart;

    /** Drawn step points (FX thread): global step, raw loss, smoothed loss, CE, regularizer. */
    private final double[][] stepData = new double[5][MAX_STEP_POINTS + 1];
    private int stepCount;
    private final List<EpochRecord> drawnEpochs = new ArrayList<>();
    private double ema = Double.NaN;
    private int stepStride = 1;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    TrainingRun(String name, ModelConfig config, Path dir, boolean live) {
        this.name = name;
        this.config = config;
        this.dir = dir;
        this.live = live;
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
        run.epochs.addAll(history);
        return run;
    }

    /** @return optimization steps per epoch of this run's configuration */
    int stepsPerEpoch() {
        int n = config.trainSubset() > 0 ? Math.min(config.trainSubset(),
                org.orbitscope.data.TransformingDataset.TRAIN_SIZE)
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

    /** @return the number of loss points drawn so far (per step for a live run, per epoch for a finished one) */
    public int lossPoints() {
        return live ? stepCount : drawnEpochs.size();
    }

    /** @return the number of epochs drawn so far */
    public int epochPoints() {
        return drawnEpochs.size();
    }

    /** @return the epochs drawn so far, copied */
    List<EpochRecord> epochs() {
        return List.copyOf(drawnEpochs);
    }

    /** @return the drawn curves, copied, for a figure (the loss smoothed per step, as trained) */
    TrainingFigure.Run figureRun() {
        return figureRun(-1);
    }

    /**
     * @param weight smoothing of the drawn loss as TensorBoard's slider: each drawn point keeps this share of
     *     the previous smoothed value (0 = raw, 0.99 = heavy), debiased at the start; negative keeps the
     *     per-step moving average of {@link #EMA_ALPHA}
     * @return the drawn curves, copied, for a figure
     */
    TrainingFigure.Run figureRun(double weight) {
        TrainingFigure.Run r = figureRunAsTrained();
        if (weight < 0 || r.steps() == null) {
            return r;
        }
        TrainingFigure.Steps s = r.steps();
        double[] smooth = new double[s.raw().length];
        double last = 0;
        for (int k = 0; k < smooth.length; k++) {
            last = last * weight + (1 - weight) * s.raw()[k];
            smooth[k] = last / (1 - Math.pow(weight, k + 1));
        }
        return new TrainingFigure.Run(r.name(), r.kind(), r.history(), new TrainingFigure.Steps(s.epoch(), s.raw(),
                smooth, s.ce(), s.reg()), r.colour());
    }

    private TrainingFigure.Run figureRunAsTrained() {
        TrainingFigure.Steps s = null;
        if (live) {
            double[][] d = new double[5][];
            for (int i = 0; i < 5; i++) {
                d[i] = Arrays.copyOf(stepData[i], stepCount);
            }
            int perEpoch = stepsPerEpoch();
            for (int k = 0; k < stepCount; k++) {
                d[0][k] /= perEpoch;
            }
            s = new TrainingFigure.Steps(d[0], d[1], d[2], d[3], d[4]);
        }
        return new TrainingFigure.Run(name, config.kind(), List.copyOf(drawnEpochs), s, colour);
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

    /**
     * Moves queued steps and epochs into the drawn curves and refreshes the status line.
     *
     * @return true if any point was added
     */
    boolean drain() {
        boolean changed = false;
        StepStats s;
        while ((s = steps.poll()) != null) {
            ema = Double.isNaN(ema) ? s.loss() : ema + EMA_ALPHA * (s.loss() - ema);
            if (s.globalStep() % stepStride != 0) {
                continue;
            }
            if (stepCount == stepData[0].length) {
                thin();
                if (s.globalStep() % stepStride != 0) {
                    continue;
                }
            }
            double[] v = {s.globalStep(), s.loss(), ema, s.ce(), s.reg()};
            for (int i = 0; i < 5; i++) {
                stepData[i][stepCount] = v[i];
            }
            stepCount++;
            changed = true;
        }
        EpochRecord e;
        while ((e = epochs.poll()) != null) {
            drawnEpochs.add(e);
            changed = true;
        }
        status.set(live ? liveStatus() : "finished: " + epochPoints() + " epochs");
        return changed;
    }

    private String liveStatus() {
        StepStats s = latest;
        if (s == null) {
            return lastMessage.isEmpty() ? "starting…" : lastMessage;
        }
        long total = (long) s.stepsPerEpoch() * config.epochs();
        long now = System.nanoTime();
        long pause = pauseStart;
        // time paused does not count, so the ETA stands still while the run is paused
        double elapsed = (now - startNanos - pausedNanos - (pause == 0 ? 0 : now - pause)) / 1e9;
        double remaining = s.globalStep() == 0 ? 0 : elapsed * (total - s.globalStep()) / s.globalStep();
        return String.format(java.util.Locale.ROOT, "%sepoch %d/%d · step %d/%d · ETA %s",
                pause == 0 ? "" : "paused · ", s.epoch(), config.epochs(), s.step(), s.stepsPerEpoch(),
                duration(remaining));
    }

    /**
     * Starts or ends a pause: the status says "paused" and the ETA leaves the time paused out.
     *
     * @param paused true when the run pauses, false when it resumes
     */
    synchronized void setPaused(boolean paused) {
        long now = System.nanoTime();
        if (paused && pauseStart == 0) {
            pauseStart = now;
        } else if (!paused && pauseStart != 0) {
            pausedNanos += now - pauseStart;
            pauseStart = 0;
        }
    }


    private volatile boolean hidden;

    /** @return true if the legend hid this run from the plots and the export */
    boolean hidden() {
        return hidden;
    }

    /** @param on hide the run from the plots and the export (it stays in the legend) */
    void setHidden(boolean on) {
        hidden = on;
    }

    /** @return the run's palette index, or -1 if none was given */
    int colour() {
        return colour;
    }

    /** @param index the run's palette index (the same folder keeps the same colour) */
    void setColour(int index) {
        colour = index;
    }

    /** @return the latest one-sentence message from the trainer */
    String lastMessage() {
        return lastMessage;
    }

    private static String duration(double seconds) {
        long t = Math.round(seconds);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, t / 60 % 60) : String.format("%dm%02ds", t / 60, t % 60);
    }

    /** Doubles the stride and keeps the points whose step is a multiple of it. */
    private void thin() {
        stepStride *= 2;
        int kept = 0;
        for (int k = 0; k < stepCount; k++) {
            if ((long) stepData[0][k] % stepStride == 0) {
                for (int i = 0; i < 5; i++) {
                    stepData[i][kept] = stepData[i][k];
                }
                kept++;
            }
        }
        stepCount = kept;
    }

    @Override
    public String toString() {
        return name;
    }
}
