package org.orbitscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.NuTuner;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.train.Checkpoint;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reproduce-models}: trains, tunes and evaluates the whole set of shipped models with the paper's
 * settings, in an order that gives every model kind early (all seed-0 models first). Safe to interrupt
 * and run again: complete models are kept, interrupted ones resume from their checkpoint, a finished
 * nu search is reused.
 */
@Command(name = "reproduce-models", mixinStandardHelpOptions = true,
        description = "Regenerate the shipped models: DA, WT and IR(l2) for each group and seed, IR(kl) and "
                + "IR(l2norm) for seed 0, every IR nu tuned to the target SI, every model evaluated into its card. "
                + "Re-running continues where an interrupted run stopped.")
final class ReproduceModelsCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "models", description = "Models directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--dataset", defaultValue = "tmnist",
            description = "tmnist or tfmnist (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--groups", split = ",", defaultValue = "r4,t3",
            description = "Groups (default: ${DEFAULT-VALUE}).")
    private List<String> groups;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2,3",
            description = "Training seeds (default: ${DEFAULT-VALUE}).")
    private List<Long> seeds;

    @Option(names = "--regularizers", split = ",", defaultValue = "l2,kl,l2norm",
            description = "IR regularizers; only l2 gets every seed (default: ${DEFAULT-VALUE}).")
    private List<String> regularizers;

    @Option(names = "--epochs", defaultValue = "" + ModelConfig.DEFAULT_EPOCHS,
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--target-si", defaultValue = "0.95",
            description = "SI the nu search aims for (default: ${DEFAULT-VALUE}).")
    private double targetSi;

    @Option(names = "--tune-epochs", defaultValue = "30",
            description = "Epochs of each nu probe (default: ${DEFAULT-VALUE}).")
    private int tuneEpochs;

    @Option(names = "--tune-samples", defaultValue = "500",
            description = "Validation samples per nu probe (default: ${DEFAULT-VALUE}).")
    private int tuneSamples;

    @Option(names = "--eval-samples", defaultValue = "1000",
            description = "Test samples of the evaluation (default: ${DEFAULT-VALUE}).")
    private int evalSamples;

    @Option(names = "--split-seed", defaultValue = "0", description = "Split seed (default: ${DEFAULT-VALUE}).")
    private long splitSeed;

    @Option(names = "--nu-dir", description = "Where the nu searches are read and written (default: OUT/nu-tuning); "
            + "point it at another models directory's searches to retrain with the nu chosen there.")
    private Path nuDir;

    private PrintWriter err;
    private TransformingDataset data;
    private final Map<String, Double> tuned = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        data = TransformingDataset.load(org.orbitscope.data.DatasetId.byId(dataset), splitSeed);
        List<ModelConfig> plan = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (long seed : seeds) {
                if ((pass == 0) != (seed == seeds.get(0))) {
                    continue;
                }
                for (String g : groups) {
                    plan.add(config(ModelKind.DA, g, Regularizer.L2, seed));
                    plan.add(config(ModelKind.WT, g, Regularizer.L2, seed));
                    for (String r : regularizers) {
                        Regularizer reg = Regularizer.byId(r);
                        if (reg == Regularizer.L2 || seed == seeds.get(0)) {
                            plan.add(config(ModelKind.IR, g, reg, seed));
                        }
                    }
                }
            }
        }
        int i = 0;
        for (ModelConfig c : plan) {
            i++;
            if (c.kind() == ModelKind.IR) {
                c = c.withNu(nu(c));
            }
            Path dir = out.resolve(name(c));
            err.printf(Locale.ROOT, "[%d/%d] %s -> %s%n", i, plan.size(), c.label(), dir);
            err.flush();
            trainIfNeeded(c, dir);
            evaluateIfNeeded(dir);
        }
        err.printf(Locale.ROOT, "All %d models in %s; wall time %.1f min.%n", plan.size(), out,
                (System.nanoTime() - t0) / 6e10);
        return 0;
    }

    private ModelConfig config(ModelKind kind, String group, Regularizer reg, long seed) {
        return new ModelConfig(kind, dataset, group, splitSeed, seed, epochs, ModelConfig.DEFAULT_BATCH,
                ModelConfig.DEFAULT_LR, reg, ModelConfig.DEFAULT_NU, Pooling.MAX, Parameters.PAPER_SIZES, 256, 16, 0);
    }

    static String name(ModelConfig c) {
        String kind = c.kind().name().toLowerCase(Locale.ROOT);
        if (c.kind() == ModelKind.IR) {
            kind += "-" + c.regularizer().id();
        }
        return c.dataset() + "-" + c.group() + "-" + kind + "-s" + c.seed();
    }

    /** The tuned nu of a (group, regularizer), searched once (at the first seed) and cached in a JSON file. */
    private double nu(ModelConfig c) throws Exception {
        String key = c.dataset() + "-" + c.group() + "-" + c.regularizer().id();
        Double known = tuned.get(key);
        if (known != null) {
            return known;
        }
        Path file = (nuDir != null ? nuDir : out.resolve("nu-tuning")).resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            JsonNode n = ModelStore.readJsonObject(file, "nu-tuning record");
            double v = n.path("chosenNu").asDouble();
            tuned.put(key, v);
            err.printf(Locale.ROOT, "  nu %s for %s (from %s)%n", ModelConfig.trim(v), key, file);
            return v;
        }
        err.printf(Locale.ROOT, "  tuning nu for %s: probes of %d epochs, SI on %d validation samples%n", key,
                tuneEpochs, tuneSamples);
        err.flush();
        ModelConfig probed = c.withSeed(seeds.get(0));
        NuTuner tuner = new NuTuner(probed, data, tuneEpochs, tuneSamples, targetSi,
                SaliencySettings.DEFAULT);
        NuTuner.Result r = tuner.search(new double[] {0.01, 0.1, 1, 10, 100, 1000}, 3, new NuTuner.Listener() {
            @Override
            public void onPoint(NuTuner.Point p) {
                err.printf(Locale.ROOT, "    nu %-8s acc %.4f SI %.4f LI %.4g%n", ModelConfig.trim(p.nu()),
                        p.accuracy(), p.si(), p.li());
                err.flush();
            }
        });
        ObjectNode json = TuneNuCommand.curveJson(probed, r, targetSi, tuneEpochs, tuneSamples);
        AtomicFiles.writeFile(file, ModelStore.json().writeValueAsBytes(json));
        tuned.put(key, r.chosenNu());
        err.printf(Locale.ROOT, "  chose nu %s for %s%s%n", ModelConfig.trim(r.chosenNu()), key,
                r.reached() ? "" : " (no probe reached the target)");
        return r.chosenNu();
    }

    private void trainIfNeeded(ModelConfig c, Path dir) {
        if (ModelStore.isModel(dir)) {
            ModelCard card = ModelStore.readCard(dir);
            if (card.status().equals(ModelCard.COMPLETE)) {
                return;
            }
            if (Checkpoint.exists(dir.resolve(ModelStore.CHECKPOINT_DIR)) && card.config().equals(c)) {
                new Trainer(c, data).resumeFrom(dir, progress(c));
                return;
            }
            throw new org.orbitscope.OrbitscopeException(dir + " holds an unfinished model of another "
                    + "configuration; move it away and run again.");
        }
        new Trainer(c, data).train(dir, progress(c));
    }

    private TrainingListener progress(ModelConfig c) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord r, boolean improved) {
                if (r.epoch() % 50 == 0 || r.epoch() == c.epochs()) {
                    err.printf(Locale.ROOT, "    epoch %d/%d val acc %.4f LI %.4g (%.1fs/epoch)%n", r.epoch(),
                            c.epochs(), r.validationAccuracy(), r.li(), r.seconds());
                    err.flush();
                }
            }

            @Override
            public void onMessage(String message) {
                err.println("    " + message);
                err.flush();
            }
        };
    }

    private void evaluateIfNeeded(Path dir) {
        ModelCard card = ModelStore.readCard(dir);
        TransformingDataset data = TransformingDataset.load(card.config().datasetValue(), card.config().splitSeed());
        if (EvaluateCommand.evaluatedOn(card, data, evalSamples, org.orbitscope.metrics.SaliencySettings.DEFAULT)) {
            return;
        }
        int code = Cli.run(spec.commandLine().getOut(), err, "evaluate", dir.toString(), "--samples",
                String.valueOf(evalSamples));
        if (code != 0) {
            throw new org.orbitscope.OrbitscopeException("Evaluating " + dir + " failed (exit " + code + ").");
        }
    }
}
