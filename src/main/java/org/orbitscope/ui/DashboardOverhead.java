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

    /** @return CPU time used so far by the JavaFX application and render threads */
    private static long uiThreadsCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.equals("JavaFX Application Thread") || n.startsWith("QuantumRenderer") || n.startsWith("InvokeLaterDispatcher")) {
                long c = mx.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    static void run(MainWindow window, int epochs) {
        Thread t = new Thread(() -> {
            try {
                ModelConfig cfg = ModelConfig.defaults(ModelKind.DA, "tmnist", "r4").withEpochs(epochs);
                TransformingDataset data = TransformingDataset.load(cfg.datasetValue(), cfg.splitSeed());
                double[] headless = new double[3];
                double[] dashboard = new double[3];
                double[] uiCpu = new double[3];
                long idle0 = uiThreadsCpuNanos();
                Thread.sleep(5000);
                System.out.printf(Locale.ROOT, "idle window: %.3f s UI-thread CPU in 5 s%n",
                        (uiThreadsCpuNanos() - idle0) / 1e9);
                for (int r = 0; r < 3; r++) {
                    // both runs save as they go (best weights, card, checkpoint), as `train --out` does
                    Path base = Files.createTempDirectory("orbitscope-bench");
                    long t0 = System.nanoTime();
                    new Trainer(cfg, data).train(base.resolve("headless"), new TrainingListener() { });
                    headless[r] = (System.nanoTime() - t0) / 1e9;
                    Path dir = base.resolve("dashboard");
                    CompletableFuture<TrainingTask> started = new CompletableFuture<>();
                    long cpu0 = uiThreadsCpuNanos();
                    long draw0 = org.orbitscope.ui.common.PlotView.drawNanos();
                    long t1 = System.nanoTime();
                    Platform.runLater(() -> started.complete(window.training().start(cfg, dir)));
                    started.get().get();
                    dashboard[r] = (System.nanoTime() - t1) / 1e9;
                    uiCpu[r] = (uiThreadsCpuNanos() - cpu0) / 1e9;
                    System.out.printf(Locale.ROOT, "run %d: plot drawing %.2f s of %.2f s UI-thread CPU%n", r,
                            (org.orbitscope.ui.common.PlotView.drawNanos() - draw0) / 1e9, uiCpu[r]);
                }
                System.out.printf(Locale.ROOT, "runs (headless / dashboard / UI-thread CPU): %s / %s / %s s%n",
                        Arrays.toString(headless), Arrays.toString(dashboard), Arrays.toString(uiCpu));
                double[] share = new double[3];
                for (int r = 0; r < 3; r++) {
                    share[r] = uiCpu[r] / dashboard[r];
                }
                Arrays.sort(headless);
                Arrays.sort(dashboard);
                Arrays.sort(share);
                System.out.printf(Locale.ROOT, "train-headless %.2f s%ntrain-with-dashboard %.2f s%n"
                        + "dashboard-over-headless %.3f ratio%n"
                        + "ui-threads-cpu-share %.4f (CPU seconds of the JavaFX and render threads per second of "
                        + "training with the dashboard)%n", headless[1], dashboard[1], dashboard[1] / headless[1],
                        share[1]);
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
