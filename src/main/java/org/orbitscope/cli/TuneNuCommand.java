package org.orbitscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.NuTuner;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tune-nu}: finds the IR weight that reaches a target SI with the best accuracy (paper section 4.1). */
@Command(name = "tune-nu", mixinStandardHelpOptions = true,
        description = "Search the IR weight nu: short runs on a log grid until one reaches the target SI on the "
                + "validation set, geometric bisection to the smallest such nu, then (with --out) a full run at it. "
                + "Prints the (nu, accuracy, SI) curve.")
final class TuneNuCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "tmnist",
            description = "tmnist or tfmnist (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--group", defaultValue = "r4", description = "r4, t3 or d4 (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--reg", defaultValue = "l2", description = "l2, kl or l2norm (default: ${DEFAULT-VALUE}).")
    private String reg;

    @Option(names = "--target-si", defaultValue = "0.95", description = "SI to reach (default: ${DEFAULT-VALUE}).")
    private double targetSi;

    @Option(names = "--grid", split = ",", defaultValue = "0.01,0.1,1,10,100,1000",
            description = "Ascending nu values to bracket with (default: ${DEFAULT-VALUE}).")
    private double[] grid;

    @Option(names = "--refine", defaultValue = "3",
            description = "Bisection steps after bracketing (default: ${DEFAULT-VALUE}).")
    private int refine;

    @Option(names = "--short-epochs", defaultValue = "30",
            description = "Epochs of each probe (default: ${DEFAULT-VALUE}).")
    private int shortEpochs;

    @Option(names = "--samples", defaultValue = "500",
            description = "Validation samples per probe (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--epochs", defaultValue = "" + ModelConfig.DEFAULT_EPOCHS,
            description = "Epochs of the final run (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--split-seed", defaultValue = "0", description = "Split seed (default: ${DEFAULT-VALUE}).")
    private long splitSeed;

    @Option(names = "--out", description = "Train the final model at the chosen nu into this directory.")
    private Path out;

    @Option(names = "--curve", description = "Also write the curve as JSON to this file (default: OUT/tune-nu.json).")
    private Path curveFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out != null && ModelStore.isModel(out)) {
            throw new OrbitscopeException(out + " already holds a model.");
        }
        if (curveFile != null) {
            AtomicFiles.checkWritable(curveFile);
        }
        ModelConfig base = new ModelConfig(ModelKind.IR, dataset, group, splitSeed, seed, epochs,
                ModelConfig.DEFAULT_BATCH, ModelConfig.DEFAULT_LR, Regularizer.byId(reg), ModelConfig.DEFAULT_NU,
                Pooling.MAX, Parameters.PAPER_SIZES, 256, 16, 0);
        TransformingDataset data = TransformingDataset.load(base.datasetValue(), splitSeed);
        NuTuner tuner = new NuTuner(base, data, shortEpochs, samples, targetSi, SaliencySettings.DEFAULT);
        err.printf(Locale.ROOT, "Tuning nu for IR(%s) on %s %s: probes of %d epochs, SI on %d validation samples, "
                + "target %.3f.%n", base.regularizer().id(), group, dataset, shortEpochs, samples, targetSi);
        NuTuner.Result result = tuner.search(grid, refine, new NuTuner.Listener() {
            @Override
            public void onPoint(NuTuner.Point p) {
                err.printf(Locale.ROOT, "  nu %-10s acc %.4f  SI %.4f  LI %.4g  DI %.4g%n", fmt(p.nu()),
                        p.accuracy(), p.si(), p.li(), p.di());
                err.flush();
            }
        });
        o.println("| nu | epochs | Acc (%) | SI | LI | DI |");
        o.println("|---|---|---|---|---|---|");
        for (NuTuner.Point p : result.curve()) {
            o.printf(Locale.ROOT, "| %s | %d | %.2f | %.4f | %.4g | %.4g |%n", fmt(p.nu()), p.epochs(),
                    100 * p.accuracy(), p.si(), p.li(), p.di());
        }
        o.printf(Locale.ROOT, "%nchosen nu %s (%s)%n", fmt(result.chosenNu()),
                result.reached() ? "smallest probed nu with SI >= " + targetSi
                        : "no probe reached SI " + targetSi + "; the probe with the best SI");
        o.flush();
        ObjectNode json = curveJson(base, result, targetSi, shortEpochs, samples);
        if (out != null) {
            ModelConfig fin = base.withNu(result.chosenNu());
            TrainingResult r = new Trainer(fin, data).train(out, new TrainingListener() {
                @Override
                public void onEpoch(org.orbitscope.model.EpochRecord rec, boolean improved) {
                    if (rec.epoch() % 25 == 0 || rec.epoch() == fin.epochs()) {
                        err.printf(Locale.ROOT, "  final run: epoch %d/%d val acc %.4f%n", rec.epoch(), fin.epochs(),
                                rec.validationAccuracy());
                        err.flush();
                    }
                }
            });
            o.println("final model: " + out + " (" + r.message() + ")");
        }
        Path file = curveFile != null ? curveFile : out != null ? out.resolve("tune-nu.json") : null;
        if (file != null) {
            AtomicFiles.writeFile(file, ModelStore.json().writeValueAsBytes(json));
            o.println("curve: " + file);
        }
        return 0;
    }

    /**
     * The search as JSON, the format of {@code models/nu-tuning/*.json} that the app plots.
     *
     * @param base the tuned configuration (its seeds are those of the probes)
     * @param result the search
     * @param targetSi the SI aimed for
     * @param shortEpochs epochs of each probe
     * @param samples validation samples of each probe
     * @return the JSON object
     */
    static ObjectNode curveJson(ModelConfig base, NuTuner.Result result, double targetSi, int shortEpochs,
            int samples) {
        ObjectNode json = ModelStore.json().createObjectNode();
        json.put("dataset", base.dataset());
        json.put("group", base.group());
        json.put("regularizer", base.regularizer().id());
        json.put("targetSi", targetSi);
        json.put("shortEpochs", shortEpochs);
        json.put("validationSamples", samples);
        json.put("seed", base.seed());
        json.put("splitSeed", base.splitSeed());
        json.put("chosenNu", result.chosenNu());
        json.put("reached", result.reached());
        ArrayNode pts = json.putArray("curve");
        for (NuTuner.Point p : result.curve()) {
            ObjectNode n = pts.addObject();
            n.put("nu", p.nu());
            n.put("epochs", p.epochs());
            n.put("accuracy", p.accuracy());
            n.put("si", p.si());
            n.put("li", p.li());
            n.put("di", p.di());
        }
        return json;
    }

    private static String fmt(double nu) {
        return ModelConfig.trim(nu);
    }
}
