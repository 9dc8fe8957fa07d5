package org.orbitscope.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;

/**
 * Timings of the saliency metrics on the paper's MLP (random weights; the cost does not depend on them):
 * SI of 1000 test samples on R4 (4000 maps x 50 integration steps) and one sample's full-orbit saliency.
 */
public final class MetricsBenchmark {

    /** One measured figure. */
    public record Figure(String name, double value, String unit) {
    }

    private MetricsBenchmark() {
    }

    /**
     * Runs the benchmark on T-MNIST test samples.
     *
     * @param samples samples for the SI figure (the task's figure uses 1000)
     * @param imported an imported model timed the same way beside the native MLP, or null
     * @return the figures, {@code name value unit}
     */
    public static List<Figure> run(int samples, Classifier imported) {
        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        Split test = data.test();
        Normalization norm = data.normalization();
        Group group = Groups.R4;
        Network net = new Network(Architecture.plain(Parameters.PAPER_SIZES),
                Parameters.initialize(Parameters.PAPER_SIZES, 0));
        SaliencySettings settings = SaliencySettings.DEFAULT;
        float[] x = Evaluator.inputs(test, samples, norm);
        int[] y = Evaluator.labels(test, samples);
        float[] base = Evaluator.baseline(settings, norm, group.pixels());
        List<Figure> out = new ArrayList<>();
        // warm-up
        orbitSaliency(net, x, y, group, base, settings);
        double[] single = new double[9];
        for (int r = 0; r < single.length; r++) {
            long t0 = System.nanoTime();
            orbitSaliency(net, x, y, group, base, settings);
            single[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(single);
        out.add(new Figure("orbit-saliency-1-sample-r4", single[single.length / 2], "ms"));
        long t0 = System.nanoTime();
        double si = si(net, x, y, samples, group, base, settings);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int rows = samples * group.order();
        out.add(new Figure("si-" + samples + "-samples-r4", seconds, "s"));
        out.add(new Figure("si-" + samples + "-samples-r4-rows-per-second",
                rows * (double) settings.steps() / seconds, "rows/s"));
        out.add(new Figure("si-value-random-mlp", si, "1"));
        long s0 = System.nanoTime();
        double sigma = Evaluator.sigmaMax(net, x, samples);
        double sigmaSeconds = (System.nanoTime() - s0) / 1e9;
        out.add(new Figure("sigma-max-" + samples + "-samples", sigmaSeconds, "s"));
        out.add(new Figure("sigma-max-value-random-mlp", sigma, "1"));
        if (imported != null) {
            Classifier c = imported;
            si(c, x, y, Math.min(samples, 20), group, base, settings);
            long i0 = System.nanoTime();
            double siOnnx = si(c, x, y, samples, group, base, settings);
            double onnxSeconds = (System.nanoTime() - i0) / 1e9;
            out.add(new Figure("si-" + samples + "-samples-r4-onnx", onnxSeconds, "s"));
            out.add(new Figure("si-onnx-over-mlp", onnxSeconds / seconds, "ratio"));
            out.add(new Figure("si-value-onnx", siOnnx, "1"));
        }
        return out;
    }

    /** Mean SI of the first samples' orbits. */
    private static double si(Classifier net, float[] x, int[] y, int samples, Group group, float[] base,
            SaliencySettings settings) {
        float[] orbit = Evaluator.orbits(x, samples, group);
        int rows = samples * group.order();
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = y[i / group.order()];
        }
        float[] maps = Attributions.compute(net, orbit, rows, targets, base, settings, 0);
        SaliencyMaps.postprocess(maps, rows, group.pixels(), settings);
        return Stats.mean(SaliencyMaps.invariance(maps, samples, group));
    }

    private static void orbitSaliency(Network net, float[] x, int[] y, Group group, float[] base,
            SaliencySettings settings) {
        float[] orbit = Evaluator.orbits(x, 1, group);
        int[] targets = new int[group.order()];
        Arrays.fill(targets, y[0]);
        float[] maps = Attributions.compute(net, orbit, group.order(), targets, base, settings, 0);
        SaliencyMaps.postprocess(maps, group.order(), group.pixels(), settings);
        SaliencyMaps.invariance(maps, 1, group);
    }
}
