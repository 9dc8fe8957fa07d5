package org.orbitscope.ui.train;

import java.nio.file.Path;
import javafx.concurrent.Task;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.train.StepStats;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.train.TrainingResult;

/**
 * One training run in the background. Cancelling asks the trainer to stop at the next step; the run then
 * saves its best weights and ends, so the task reports {@code SUCCEEDED} with a cancelled result.
 */
public final class TrainingTask extends Task<TrainingResult> {

    /** Shortest time between two progress updates. */
    static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final TrainingRun run;
    private final DatasetCache datasets;
    private final Path outDir;
    private volatile Trainer trainer;
    private volatile boolean stopRequested;

    TrainingTask(TrainingRun run, DatasetCache datasets, Path outDir) {
        this.run = run;
        this.datasets = datasets;
        this.outDir = outDir;
        updateTitle("Training " + run.name());
    }

    /** @return the run this task feeds */
    public TrainingRun trainingRun() {
        return run;
    }

    @Override
    protected TrainingResult call() {
        updateMessage("loading " + run.config().dataset());
        Trainer t = new Trainer(run.config(), datasets.get(run.config().datasetValue(), run.config().splitSeed()));
        trainer = t;
        if (stopRequested) {
            t.cancel();
        }
        int epochs = run.config().epochs();
        return t.train(outDir, new TrainingListener() {
            private long lastProgress;

            @Override
            public void onStep(StepStats stats) {
                run.onStep(stats);
                // each progress update costs the FX thread a pulse (CSS, layout, drawing): a few per second
                // are enough to see, and a fast loop makes hundreds
                long now = System.nanoTime();
                long done = (stats.epoch() - 1) * (long) stats.stepsPerEpoch() + stats.step();
                long total = (long) epochs * stats.stepsPerEpoch();
                if (now - lastProgress >= PROGRESS_INTERVAL_NANOS || done == total) {
                    lastProgress = now;
                    updateProgress(done, total);
                }
            }

            @Override
            public void onEpoch(EpochRecord record, boolean improved) {
                run.onEpoch(record, improved);
                updateMessage("epoch " + record.epoch() + "/" + epochs);
            }

            @Override
            public void onMessage(String message) {
                run.onMessage(message);
            }
        });
    }

    /** Pauses at the next step. */
    public void pause() {
        Trainer t = trainer;
        if (t != null) {
            t.pause();
            run.setPaused(true);
        }
    }

    /** Resumes a paused run. */
    public void resume() {
        Trainer t = trainer;
        if (t != null) {
            t.resume();
            run.setPaused(false);
        }
    }

    /** @return true while paused */
    public boolean isPaused() {
        Trainer t = trainer;
        return t != null && t.isPaused();
    }

    /** Stops the run at the next step; it keeps its best weights. */
    public void stop() {
        stopRequested = true;
        Trainer t = trainer;
        if (t != null) {
            t.cancel();
        }
    }

    /** Routes the status bar's cancel button to a clean stop instead of an interrupt. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        stop();
        return true;
    }
}
