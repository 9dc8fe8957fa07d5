package org.orbitscope.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/** The one executor of named daemon threads that runs every background job, and the list of running jobs. */
public final class BackgroundTasks {

    private static final Logger LOG = Logger.getLogger(BackgroundTasks.class.getName());

    private final ExecutorService executor;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();

    /** @param threads number of worker threads */
    public BackgroundTasks(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "orbitscope-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> LOG.log(Level.SEVERE, "Uncaught in " + th.getName(), e));
            return t;
        };
        executor = Executors.newFixedThreadPool(threads, factory);
    }

    /** @return the executor, for work that needs no entry in the status bar */
    public ExecutorService executor() {
        return executor;
    }

    /** @return tasks submitted with {@link #submit} that have not finished (FX thread only) */
    public ObservableList<Task<?>> running() {
        return running;
    }

    /**
     * Runs a task on the executor and lists it until it finishes. Call on the FX thread.
     *
     * @param task the task
     * @param <T> its result type
     * @return the task
     */
    public <T> Task<T> submit(Task<T> task) {
        assert Platform.isFxApplicationThread();
        running.add(task);
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED
                    || state == Worker.State.CANCELLED) {
                running.remove(task);
            }
        });
        executor.execute(task);
        return task;
    }

    /** @return true if some listed task is still running */
    public boolean busy() {
        return !running.isEmpty();
    }

    /**
     * Stops accepting work and waits a little for running jobs to wind down.
     *
     * @param seconds how long to wait at most
     */
    public void shutdown(long seconds) {
        executor.shutdown();
        try {
            executor.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
