package org.orbitscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.ui.shell.MainWindow;
import org.orbitscope.ui.train.TrainingTask;

/**
 * Developer benchmark ({@code -Dorbitscope.benchDashboard=EPOCHS}): trains the same DA configuration
 * alternately with the live dashboard drawing it and headless in the same JVM, three times each, both
 * saving into a temporary directory as they go, prints the median wall times and their ratio, and exits.
 */
final class DashboardOverhead {

    /** System property naming the epochs of each benchmark run. */
    static final String PROPERTY = "orbitscope.benchDashboard";

    private DashboardOverhead() {
    }

    static void run(MainWindow window, int epochs) {
        Thread t = new Thread(() -> {
            try {
                ModelConfig cfg = ModelConfig.defaults(ModelKind.DA, "tmnist", "r4").withEpochs(epochs);
                TransformingDataset data = TransformingDataset.load(cfg.datasetValue(), cfg.splitSeed());
                double[] headless = new double[3];
                double[] dashboard = new double[3];
                for (int r = 0; r < 3; r++) {
                    // both runs save as they go (best weights, card, checkpoint), as `train --out` does
                    Path base = Files.createTempDirectory("orbitscope-bench");
                    long t0 = System.nanoTime();
                    new Trainer(cfg, data).train(base.resolve("headless"), new TrainingListener() { });
                    headless[r] = (System.nanoTime() - t0) / 1e9;
                    Path dir = base.resolve("dashboard");
                    CompletableFuture<TrainingTask> started = new CompletableFuture<>();
                    long t1 = System.nanoTime();
                    Platform.runLater(() -> started.complete(window.training().start(cfg, dir)));
                    started.get().get();
                    dashboard[r] = (System.nanoTime() - t1) / 1e9;
                }
                Arrays.sort(headless);
                Arrays.sort(dashboard);
                System.out.printf(Locale.ROOT, "train-headless %.2f s%ntrain-with-dashboard %.2f s%n"
                        + "dashboard-over-headless %.3f ratio%n", headless[1], dashboard[1], dashboard[1] / headless[1]);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.exit();
            }
        }, "dashboard-benchmark");
        t.setDaemon(true);
        t.start();
    }
}
