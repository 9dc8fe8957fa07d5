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
 * alternately with the live dashboard drawing it and headless in the same JVM, four pairs in ABBA order, both
 * saving into a temporary directory as they go, prints the wall times, their ratio and the CPU time of the
 * JavaFX threads, and exits.
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
            if (n.equals("JavaFX Application Thread") || n.startsWith("QuantumRenderer")
                    || n.startsWith("InvokeLaterDispatcher")) {
                long c = mx.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static double headless(ModelConfig cfg, TransformingDataset data, Path base) {
        long t0 = System.nanoTime();
        new Trainer(cfg, data).train(base.resolve("headless"), new TrainingListener() { });
        return (System.nanoTime() - t0) / 1e9;
    }

    static void run(MainWindow window, int epochs) {
        Thread t = new Thread(() -> {
            try {
                ModelConfig cfg = ModelConfig.defaults(ModelKind.DA, "tmnist", "r4").withEpochs(epochs);
                TransformingDataset data = TransformingDataset.load(cfg.datasetValue(), cfg.splitSeed());
                int pairs = 4;
                double[] headless = new double[pairs];
                double[] dashboard = new double[pairs];
                double[] uiCpu = new double[pairs];
                double[] ratio = new double[pairs];
                double[] share = new double[pairs];
                long idle0 = uiThreadsCpuNanos();
                Thread.sleep(5000);
                System.out.printf(Locale.ROOT, "idle window: %.3f s UI-thread CPU in 5 s%n",
                        (uiThreadsCpuNanos() - idle0) / 1e9);
                for (int r = 0; r < pairs; r++) {
                    // both runs save as they go (best weights, card, checkpoint), as `train --out` does;
                    // the order alternates (ABBA) so that a slow phase of the machine hits both kinds
                    Path base = Files.createTempDirectory("orbitscope-bench");
                    boolean headlessFirst = r % 2 == 0;
                    if (headlessFirst) {
                        headless[r] = headless(cfg, data, base);
                    }
                    long cpu0 = uiThreadsCpuNanos();
                    long draw0 = org.orbitscope.ui.common.PlotView.drawNanos();
                    long t1 = System.nanoTime();
                    CompletableFuture<TrainingTask> started = new CompletableFuture<>();
                    Platform.runLater(() -> started.complete(window.training().start(cfg, base.resolve("dashboard"))));
                    started.get().get();
                    dashboard[r] = (System.nanoTime() - t1) / 1e9;
                    uiCpu[r] = (uiThreadsCpuNanos() - cpu0) / 1e9;
                    double drawing = (org.orbitscope.ui.common.PlotView.drawNanos() - draw0) / 1e9;
                    if (!headlessFirst) {
                        headless[r] = headless(cfg, data, base);
                    }
                    ratio[r] = dashboard[r] / headless[r];
                    share[r] = uiCpu[r] / dashboard[r];
                    System.out.printf(Locale.ROOT, "pair %d: headless %.2f s, dashboard %.2f s (ratio %.3f); UI "
                            + "threads %.2f s CPU, of which plot drawing %.2f s%n", r, headless[r], dashboard[r],
                            ratio[r], uiCpu[r], drawing);
                }
                double best = Arrays.stream(dashboard).min().orElseThrow()
                        / Arrays.stream(headless).min().orElseThrow();
                Arrays.sort(headless);
                Arrays.sort(dashboard);
                Arrays.sort(ratio);
                Arrays.sort(share);
                System.out.printf(Locale.ROOT, "train-headless %.2f s (median)%ntrain-with-dashboard %.2f s "
                        + "(median)%ndashboard-over-headless %.3f (median of pair ratios; range %.3f-%.3f)%n"
                        + "ui-threads-cpu-share %.4f (CPU seconds of the JavaFX and render threads per second of "
                        + "training with the dashboard, median)%nbest-over-best %.3f "
                                + "(fastest dashboard run over fastest "
                        + "headless run)%n", (headless[1] + headless[2]) / 2,
                        (dashboard[1] + dashboard[2]) / 2, (ratio[1] + ratio[2]) / 2, ratio[0], ratio[pairs - 1],
                        (share[1] + share[2]) / 2, best);
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
