package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.embedding.TsneBenchmark;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.MetricsBenchmark;
import org.orbitscope.model.Blas;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.SplitMix64;
import org.orbitscope.model.onnx.ImportedGraph;
import org.orbitscope.model.onnx.OnnxImport;
import org.orbitscope.model.onnx.OnnxReader;
import org.orbitscope.model.onnx.OnnxWriter;
import org.orbitscope.train.Adam;
import org.orbitscope.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures, in one run, the training step of each kind of model and the matrix products it
 * is made of, and prints one {@code name value unit} line per figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training steps (DA, IR(l2), WT) and their matrix products, then SI and one orbit's "
                + "saliency; prints 'name value unit' lines. Run it with nothing else busy: on 2 cores any other load "
                + "distorts the figures.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--group", defaultValue = "r4", description = "Group (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--steps", defaultValue = "60",
            description = "Measured steps per model; 0 skips the training steps and matrix products "
                    + "(default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--warmup", defaultValue = "20",
            description = "Warm-up steps per model (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--tsne-points", defaultValue = "2000", split = ",",
            description = "Point counts for the t-SNE and UMAP timings (exact up to 2000, Barnes-Hut, FFT, UMAP; "
                    + "seconds and KL per t-SNE method, neighbours kept by UMAP), comma-separated, 0 to skip "
                    + "(default: ${DEFAULT-VALUE}).")
    private java.util.List<Integer> tsnePoints;

    @Option(names = "--tsne-export", description = "A folder to write each t-SNE point set to, as "
            + "tsne-points-N.csv (one point per line), for timing another implementation on the same points "
            + "(docs/bench/sklearn_tsne.py).")
    private java.nio.file.Path tsneExport;

    @Option(names = "--render-points", defaultValue = "40000", split = ",",
            description = "Point counts for timing a full drawing of the embedding figure (800 x 600, traces and "
                    + "legend, pixel densities 1 and 2), comma-separated multiples of 4, 0 to skip "
                    + "(default: ${DEFAULT-VALUE}).")
    private java.util.List<Integer> renderPoints;

    @Option(names = "--si-samples", defaultValue = "1000",
            description = "Test samples for the SI timing on R4 (N x 4 maps x 50 steps); 0 skips the metric timings "
                    + "(default: ${DEFAULT-VALUE}).")
    private int siSamples;

    @Option(names = "--onnx", description = "An ONNX classifier whose SI is timed beside the native MLP's "
            + "(default: a built-in two-channel CNN; 'none' skips it).")
    private String onnx;

    @Option(names = "--probe", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Time one step of the Probe view (predict, LI, KL and realigned saliency of T x at 72 "
                    + "angles) for the MLP and the ONNX model (default: on).")
    private boolean probe;

    /** The Probe view's step, per model: median and worst over the 72 angles 0:360:5 after 8 warm-up steps. */
    private void probeSteps(PrintWriter out, TransformingDataset data) {
        float[] image = org.orbitscope.analysis.probe.InvarianceProfile.images(data.test(), 1);
        int label = data.test().label(0);
        java.util.List<org.orbitscope.analysis.probe.Transform> angles = org.orbitscope.analysis.probe.TransformGrid
                .parse("0:360:5", org.orbitscope.analysis.probe.Transform.Kind.ROTATION);
        java.util.Map<String, Classifier> models = new java.util.LinkedHashMap<>();
        models.put("mlp", new org.orbitscope.model.Network(org.orbitscope.model.Architecture.plain(
                Parameters.PAPER_SIZES), Parameters.initialize(Parameters.PAPER_SIZES, 0)));
        Classifier imported = onnxModel();
        if (imported != null) {
            models.put("onnx", imported);
        }
        for (java.util.Map.Entry<String, Classifier> e : models.entrySet()) {
            org.orbitscope.analysis.probe.Probe.Timing t = org.orbitscope.analysis.probe.Probe.time(e.getValue(),
                    data.normalization(), org.orbitscope.group.Groups.R4, image, label, angles,
                    org.orbitscope.metrics.SaliencySettings.DEFAULT, 8);
            line(out, "probe-step-" + e.getKey() + "-median", t.medianMillis(), "ms");
            line(out, "probe-step-" + e.getKey() + "-max", t.maxMillis(), "ms");
        }
    }

    private Classifier onnxModel() {
        if ("none".equals(onnx)) {
            return null;
        }
        ImportedGraph g = onnx == null
                ? ImportedGraph.of(OnnxReader.read(OnnxWriter.smallCnn(1), "small-cnn"), null, 9, "small-cnn")
                : OnnxImport.parse(Path.of(onnx), null, 9);
        return g.newClassifier();
    }

    /** The training steps of DA, IR(l2) and WT against their matrix products, the products alone, the batch fill. */
    private void trainingSteps(PrintWriter out, TransformingDataset data) {
        for (ModelKind kind : new ModelKind[] {ModelKind.DA, ModelKind.IR, ModelKind.WT}) {
            ModelConfig cfg = ModelConfig.defaults(kind, "tmnist", group);
            String name = kind == ModelKind.IR ? "ir-l2" : kind.name().toLowerCase(Locale.ROOT);
            double step = medianStepMillis(cfg, data);
            double[] gemm = gemmOnly(cfg);
            double flops = gemm[0];
            double gemmMillis = gemm[1];
            double gflops = flops / (gemmMillis * 1e-3) / 1e9;
            line(out, name + "-step", step, "ms");
            line(out, name + "-step-gflop", flops / 1e9, "GFLOP");
            line(out, name + "-gemm-gflops", gflops, "GFLOPS");
            line(out, name + "-step-over-gemm", step / (flops / (gflops * 1e9) * 1e3), "ratio");
        }
        double[] big = gemmRate(batch, 128, 1296);
        line(out, "gemm-" + batch + "x1296x128", big[1], "GFLOPS");
        double[] small = gemmRate(batch, 128, 128);
        line(out, "gemm-" + batch + "x128x128", small[1], "GFLOPS");
        line(out, "fill-batch", fillMillis(data), "ms");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        line(out, "cpus", Runtime.getRuntime().availableProcessors(), "cores");
        if (steps < 0 || warmup < 0) {
            throw new org.orbitscope.OrbitscopeException("--steps and --warmup must be 0 or more, got " + steps
                    + " and " + warmup + ".");
        }
        if (steps > 0) {
            trainingSteps(out, data);
        }
        if (siSamples < 0 || siSamples > 50_000) {
            throw new org.orbitscope.OrbitscopeException("--si-samples must be between 0 and 50000, got " + siSamples
                    + ".");
        }
        if (siSamples > 0) {
            for (MetricsBenchmark.Figure f : MetricsBenchmark.run(siSamples, onnxModel())) {
                line(out, f.name(), f.value(), f.unit());
            }
        }
        if (probe) {
            probeSteps(out, data);
        }
        for (int points : renderPoints) {
            if (points < 0 || points % 4 != 0 || points > TsneSettings.MAX_POINTS_FFT) {
                throw new org.orbitscope.OrbitscopeException("--render-points must be 0 or multiples of 4 up to "
                        + TsneSettings.MAX_POINTS_FFT + ", got " + points + ".");
            }
        }
        for (int points : renderPoints) {
            if (points > 0) {
                for (org.orbitscope.figure.EmbeddingFigureBenchmark.Result f
                        : org.orbitscope.figure.EmbeddingFigureBenchmark.run(points)) {
                    line(out, f.name(), f.value(), f.unit());
                }
            }
        }
        for (int points : tsnePoints) {
            if (points != 0 && (points < 100 || points > TsneSettings.MAX_POINTS_FFT)) {
                throw new org.orbitscope.OrbitscopeException("--tsne-points must be 0 or between 100 and "
                        + TsneSettings.MAX_POINTS_FFT + ", got " + points + ".");
            }
        }
        for (int points : tsnePoints) {
            if (points > 0 && tsneExport != null) {
                java.nio.file.Path file = tsneExport.resolve("tsne-points-" + points + ".csv");
                org.orbitscope.model.AtomicFiles.writeFile(file, stream -> TsneBenchmark.writePoints(points, stream));
                out.printf(Locale.ROOT, "# t-SNE points written to %s%n", file);
            }
            if (points > 0) {
                for (TsneBenchmark.Figure f : TsneBenchmark.run(points, TsneSettings.DEFAULT_ITERATIONS)) {
                    line(out, f.name(), f.value(), f.unit());
                }
            }
        }
        return 0;
    }

    private static void line(PrintWriter out, String name, double value, String unit) {
        out.printf(Locale.ROOT, "%s %.4g %s%n", name, value, unit);
        out.flush();
    }

    /** Median wall time of a real training step (batch building, forward, loss, backward, Adam). */
    private double medianStepMillis(ModelConfig cfg, TransformingDataset data) {
        Split train = data.train();
        Group g = cfg.groupValue();
        Parameters p = Parameters.initialize(cfg.sizes(), 1);
        TrainingStep step = new TrainingStep(cfg, train, data.normalization(), p, new Adam(p, cfg.learningRate()),
                batch);
        SplitMix64 rng = new SplitMix64(7);
        double[] times = new double[steps];
        for (int i = -warmup; i < steps; i++) {
            int[] idx = new int[batch];
            int[] el = new int[batch];
            int[] el2 = new int[batch];
            for (int r = 0; r < batch; r++) {
                idx[r] = rng.nextInt(train.size());
                el[r] = rng.nextInt(g.order());
                el2[r] = rng.nextInt(g.order());
            }
            long t0 = System.nanoTime();
            step.run(idx, el, el2);
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return times[steps / 2];
    }

    /**
     * Runs only the matrix products of one step, with the same shapes and order.
     *
     * @return {FLOPs of the step's products, median milliseconds of running them}
     */
    private double[] gemmOnly(ModelConfig cfg) {
        int[] s = cfg.sizes();
        int rows = cfg.kind() == ModelKind.IR ? 2 * batch : batch;
        int firstRows = cfg.kind() == ModelKind.WT ? rows * cfg.groupValue().order() : rows;
        int layers = s.length - 1;
        float[][] w = new float[layers][];
        float[][] a = new float[layers + 1][];
        float[][] dw = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[s[l] * s[l + 1]];
            dw[l] = new float[s[l] * s[l + 1]];
        }
        for (int l = 0; l <= layers; l++) {
            a[l] = new float[(l <= 1 ? firstRows : rows) * Math.max(s[l], 1)];
        }
        double flops = 0;
        for (int l = 0; l < layers; l++) {
            int r = l == 0 ? firstRows : rows;
            flops += 2.0 * r * s[l] * s[l + 1] * (l == 0 ? 2 : 3);
        }
        double[] times = new double[steps];
        for (int i = -warmup; i < steps; i++) {
            long t0 = System.nanoTime();
            for (int l = 0; l < layers; l++) {
                int r = l == 0 ? firstRows : rows;
                Blas.gemm(false, false, r, s[l + 1], s[l], 1f, a[l], w[l], 0f, a[l + 1]);
            }
            for (int l = layers - 1; l >= 0; l--) {
                int r = l == 0 ? firstRows : rows;
                Blas.gemm(true, false, s[l], s[l + 1], r, 1f, a[l], a[l + 1], 0f, dw[l]);
                if (l > 0) {
                    Blas.gemm(false, true, r, s[l], s[l + 1], 1f, a[l + 1], w[l], 0f, a[l]);
                }
            }
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return new double[] {flops, times[steps / 2]};
    }

    private double[] gemmRate(int m, int n, int k) {
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        int reps = Math.max(steps * 4, 50);
        double[] times = new double[reps];
        for (int i = -warmup; i < reps; i++) {
            long t0 = System.nanoTime();
            Blas.gemm(false, false, m, n, k, 1f, a, b, 0f, c);
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(times);
        double t = times[reps / 2];
        return new double[] {t, 2.0 * m * n * k / t / 1e9};
    }

    private double fillMillis(TransformingDataset data) {
        Split train = data.train();
        Normalization norm = data.normalization();
        Group g = org.orbitscope.group.Groups.byId(group);
        float[] x = new float[batch * g.pixels()];
        SplitMix64 rng = new SplitMix64(3);
        double[] times = new double[steps];
        for (int i = -warmup; i < steps; i++) {
            int[] idx = new int[batch];
            int[] el = new int[batch];
            for (int r = 0; r < batch; r++) {
                idx[r] = rng.nextInt(train.size());
                el[r] = rng.nextInt(g.order());
            }
            long t0 = System.nanoTime();
            train.fill(idx, el, g, norm, x);
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return times[steps / 2];
    }
}
