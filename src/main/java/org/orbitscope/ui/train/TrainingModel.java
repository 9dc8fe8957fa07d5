package org.orbitscope.ui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.train.TrainingResult;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;

/** State of the training feature: the runs on the dashboard and the background tasks training them. */
public final class TrainingModel {

    /** How often queued training progress is drawn: drawing competes with training for the CPU. */
    public static final Duration REFRESH = Duration.seconds(1);

    private final BackgroundTasks tasks;
    private final DatasetCache datasets;
    private final ObservableList<TrainingRun> runs = FXCollections.observableArrayList();
    private final ObservableList<TrainingTask> active = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrainingRun> focused = new ReadOnlyObjectWrapper<>(this, "focused");
    /**
     * Wakes the FX thread every {@link #REFRESH} while runs are active. Not a Timeline: a running animation
     * keeps JavaFX pulsing 60 times a second, which costs a training run several percent on a small machine.
     */
    private final ScheduledExecutorService clockThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-clock");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> clock;
    private Consumer<TrainingTask> onFinished = t -> { };
    private Runnable onDrawn = () -> { };

    /**
     * @param tasks the app's background executor
     * @param datasets loaded datasets
     */
    public TrainingModel(BackgroundTasks tasks, DatasetCache datasets) {
        this.tasks = tasks;
        this.datasets = datasets;
    }

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    /** @return the datasets loaded so far, shared with the other views */
    public DatasetCache datasets() {
        return datasets;
    }

    /** @return every run drawn on the dashboard */
    public ObservableList<TrainingRun> runs() {
        return runs;
    }

    /** @return runs still training */
    public ObservableList<TrainingTask> active() {
        return active;
    }

    /** @return the run the progress line and buttons refer to */
    public ReadOnlyObjectProperty<TrainingRun> focusedProperty() {
        return focused.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /** @param handler called on the FX thread when a run ends, however it ends */
    public void setOnFinished(Consumer<TrainingTask> handler) {
        onFinished = handler;
    }

    /** Test samples a model trained here is evaluated on when its training ends (as {@code evaluate}'s default). */
    public static final int EVALUATION_SAMPLES = 1000;

    /**
     * Evaluates a model trained here in the background and stores its metrics in its card, so that the
     * library shows its Acc, LI and SI (the numbers {@code orbitscope evaluate} gives).
     *
     * @param dir the model's directory
     * @param samples test samples (at most the test split's size)
     * @return the task (its value: a one-line summary)
     */
    public Task<String> evaluate(Path dir, int samples) {
        Task<String> t = new Task<>() {
            @Override
            protected String call() {
                Task<?> self = this;
                org.orbitscope.model.StoredModel m = org.orbitscope.model.ModelStore.load(dir);
                updateTitle("Evaluating " + dir.getFileName());
                org.orbitscope.data.TransformingDataset data = datasets.get(m.card().config().datasetValue(),
                        m.card().config().splitSeed());
                int n = Math.min(samples, data.test().size());
                org.orbitscope.metrics.Evaluation e = org.orbitscope.metrics.StoredEvaluation.evaluateAndStore(m,
                        data, n, org.orbitscope.metrics.SaliencySettings.DEFAULT,
                        new org.orbitscope.metrics.Evaluator.Listener() {
                            @Override
                            public void onProgress(int done, int total) {
                                updateProgress(done, total);
                            }

                            @Override
                            public boolean isCancelled() {
                                return self.isCancelled();
                            }
                        });
                return String.format(java.util.Locale.ROOT, "Evaluated %s on %d test samples: Acc %.3f, LI %.3g, "
                        + "SI %.3f.", dir.getFileName(), n, e.asMap().get(org.orbitscope.metrics.Evaluation.ACC),
                        e.asMap().get(org.orbitscope.metrics.Evaluation.LI),
                        e.asMap().get(org.orbitscope.metrics.Evaluation.SI));
            }
        };
        tasks.submit(t);
        return t;
    }

    /**
     * Starts training in the background.
     *
     * @param config what to train
     * @param outDir where the model is saved
     * @return the task
     */
    public TrainingTask start(ModelConfig config, Path outDir) {
        String name = outDir.getFileName() == null ? config.label() : outDir.getFileName().toString();
        TrainingRun run = new TrainingRun(name, config, outDir, true);
        run.setColour(colourOf(outDir));
        TrainingTask task = new TrainingTask(run, datasets, outDir);
        runs.add(run);
        active.add(task);
        focused.set(run);
        task.stateProperty().addListener((obs, old, state) -> {
            // the terminal states only: a quick run is already done (isDone) when RUNNING is announced
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED
                    || state == Worker.State.CANCELLED) {
                active.remove(task);
                drain();
                onFinished.accept(task);
            }
        });
        tasks.submit(task);
        if (clock == null) {
            long ms = (long) REFRESH.toMillis();
            clock = clockThread.scheduleWithFixedDelay(() -> Platform.runLater(this::drain), ms, ms,
                    TimeUnit.MILLISECONDS);
        }
        return task;
    }

    /**
     * Shows the histories of finished models, replacing those shown before; live runs stay.
     *
     * @param models models selected in the library
     */
    public void showHistories(List<ModelEntry> models) {
        java.util.Set<Path> shown = new java.util.HashSet<>();
        models.forEach(m -> shown.add(m.dir()));
        // a run of this session stays while it trains or while its model is among those shown
        runs.removeIf(r -> !r.live() || taskOf(r) == null && !shown.contains(r.dir()));
        List<TrainingRun> added = new ArrayList<>();
        for (ModelEntry m : models) {
            // a run of this session already draws its model, with its steps: no second copy from the card
            boolean drawn = runs.stream().anyMatch(r -> r.dir().equals(m.dir()));
            if (!drawn) {
                TrainingRun h = TrainingRun.fromHistory(m.name(), m.card().config(), m.dir(), m.card().history());
                h.setColour(colourOf(m.dir()));
                h.setHidden(hiddenDirs.contains(key(m.dir())));
                added.add(h);
            }
        }
        added.forEach(TrainingRun::drain);
        runs.addAll(added);
        // the Run picker stays on its run while that run is drawn
        TrainingRun was = focused.get();
        if (was == null || !runs.contains(was)) {
            TrainingRun same = was == null ? null
                    : runs.stream().filter(r -> r.dir().equals(was.dir())).findFirst().orElse(null);
            focused.set(same != null ? same : !added.isEmpty() ? added.get(0)
                    : runs.isEmpty() ? null : runs.get(runs.size() - 1));
        }
    }

    /** Palette index per model folder, given in the order folders are first drawn: a run keeps its colour. */
    private final java.util.Map<Path, Integer> colours = new java.util.HashMap<>();

    private int colourOf(Path dir) {
        return colours.computeIfAbsent(key(dir), d -> colours.size());
    }

    /** Model folders whose runs the legend hid: hidden they stay, when the library selection changes. */
    private final java.util.Set<Path> hiddenDirs = new java.util.HashSet<>();

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Hides a run from the plots and the export, or shows it again; the choice stays with its model folder.
     *
     * @param run a drawn run
     * @param hidden whether to hide it
     */
    public void setHidden(TrainingRun run, boolean hidden) {
        run.setHidden(hidden);
        if (hidden) {
            hiddenDirs.add(key(run.dir()));
        } else {
            hiddenDirs.remove(key(run.dir()));
        }
    }

    /** @return the task training a run, or null */
    public TrainingTask taskOf(TrainingRun run) {
        return active.stream().filter(t -> t.trainingRun() == run).findFirst().orElse(null);
    }

    /** @param run the run to focus on */
    public void focus(TrainingRun run) {
        focused.set(run);
    }

    /** Stops every active run (each keeps its best weights). */
    public void stopAll() {
        active.forEach(TrainingTask::stop);
    }

    /** Draws queued progress now (the clock does this every {@link #REFRESH}). */
    public void drain() {
        boolean changed = false;
        for (TrainingRun r : runs) {
            changed |= r.drain();
        }
        if (changed) {
            onDrawn.run();
        }
        if (active.isEmpty()) {
            if (clock != null) {
                clock.cancel(false);
                clock = null;
            }
        }
    }

    /** @param action run on the FX thread after new points were drained (the dashboard redraws) */
    public void setOnDrawn(Runnable action) {
        onDrawn = action;
    }

    /**
     * @param task a finished task
     * @return its result message, or the failure
     */
    public static String outcome(TrainingTask task) {
        TrainingResult r = task.getValue();
        if (r != null) {
            return r.message();
        }
        Throwable e = task.getException();
        return e == null ? "stopped" : e.getMessage();
    }
}
