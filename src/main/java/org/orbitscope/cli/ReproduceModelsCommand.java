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
 *
 * <p>On a cluster, {@code --plan} prints the sweep as independent jobs (each a {@code --job} run of this
 * command) and any number of workers may share one models directory, with or without the plan: each job is
 * claimed with a {@link SweepLock}, so a worker skips a model another worker is building and waits for a nu search
 * another worker is running, and none writes into a model another one holds.
 */
@Command(name = "reproduce-models", mixinStandardHelpOptions = true,
        description = "Regenerate the shipped models: DA, WT and IR(l2) for each group and seed, IR(kl) and "
                + "IR(l2norm) for seed 0, every IR nu tuned to the target SI, every model evaluated into its card. "
                + "Re-running continues where an interrupted run stopped. Several workers may share one models "
                + "directory: --plan prints the jobs for GNU parallel or a Slurm job array.")
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

    @Option(names = "--train-subset", defaultValue = "0",
            description = "Train on only this many training samples, for a quick trial of the whole pipeline "
                    + "(default: ${DEFAULT-VALUE}, all).")
    private int trainSubset;

    @Option(names = "--monitor-samples", defaultValue = "256",
            description = "Validation samples of the per-epoch LI and DI (default: ${DEFAULT-VALUE}).")
    private int monitorSamples;

    @Option(names = "--sigma-samples", defaultValue = "16",
            description = "Validation samples of the per-epoch SigmaMax (default: ${DEFAULT-VALUE}).")
    private int sigmaSamples;

    @Option(names = "--plan",
            description = "Print the independent jobs, one command a line, in dependency order (every nu search "
                    + "before the trainings that use it), for GNU parallel or a Slurm job array; runs nothing.")
    private boolean planOnly;

    @Option(names = "--plan-command", defaultValue = "orbitscope",
            description = "Program the lines of --plan start with (default: ${DEFAULT-VALUE}), e.g. "
                    + "'java -jar /shared/orbitscope/orbitscope.jar'.")
    private String planCommand;

    @Option(names = "--job",
            description = "Run one job of the plan only: a model name (tmnist-r4-ir-l2-s1) or a nu search "
                    + "(nu-tuning/tmnist-r4-l2).")
    private String job;

    @Option(names = "--nu-dir", description = "Where the nu searches are read and written (default: OUT/nu-tuning); "
            + "point it at another models directory's searches to retrain with the nu chosen there.")
    private Path nuDir;

    private PrintWriter err;
    private TransformingDataset data;
    private final Map<String, Double> tuned = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        List<ModelConfig> plan = plan();
        if (planOnly) {
            if (job != null) {
                throw new org.orbitscope.OrbitscopeException("--plan and --job do not go together: --plan prints "
                        + "the jobs, --job runs one.");
            }
            PrintWriter stdout = spec.commandLine().getOut();
            for (String j : jobs(plan)) {
                stdout.println(commandLine(j));
            }
            stdout.flush();
            return 0;
        }
        Files.createDirectories(out);
        if (job != null) {
            return runJob(plan);
        }
        long t0 = System.nanoTime();
        data = TransformingDataset.load(org.orbitscope.data.DatasetId.byId(dataset), splitSeed);
        int i = 0;
        List<String> elsewhere = new ArrayList<>();
        for (ModelConfig c : plan) {
            i++;
            if (!runModel(c, "[" + i + "/" + plan.size() + "] ")) {
                elsewhere.add(c.standardName());
            }
        }
        if (elsewhere.isEmpty()) {
            err.printf(Locale.ROOT, "All %d models in %s; wall time %.1f min.%n", plan.size(), out,
                    (System.nanoTime() - t0) / 6e10);
        } else {
            err.printf(Locale.ROOT, "%d of %d models done by this worker in %s; wall time %.1f min. Being built by "
                    + "other workers: %s.%n", plan.size() - elsewhere.size(), plan.size(), out,
                    (System.nanoTime() - t0) / 6e10, String.join(", ", elsewhere));
        }
        return 0;
    }

    /** @return every model of the sweep (IR ones with the default nu), seed-0 models first */
    private List<ModelConfig> plan() {
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
        return plan;
    }

    /**
     * @param plan the models of the sweep
     * @return the names of its jobs: every nu search first, then every model in the plan's order
     */
    static List<String> jobs(List<ModelConfig> plan) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (ModelConfig c : plan) {
            if (c.kind() == ModelKind.IR) {
                names.add(NU_JOB_PREFIX + nuKey(c));
            }
        }
        for (ModelConfig c : plan) {
            names.add(c.standardName());
        }
        return new ArrayList<>(names);
    }

    /** Prefix of the names of nu-search jobs (the folder their results go to). */
    static final String NU_JOB_PREFIX = "nu-tuning/";

    private String commandLine(String jobName) {
        List<String> args = new ArrayList<>(List.of("reproduce-models",
                "--out", out.toAbsolutePath().normalize().toString(),
                "--dataset", dataset,
                "--groups", String.join(",", groups),
                "--seeds", String.join(",", seeds.stream().map(String::valueOf).toList()),
                "--regularizers", String.join(",", regularizers),
                "--epochs", String.valueOf(epochs),
                "--target-si", String.valueOf(targetSi),
                "--tune-epochs", String.valueOf(tuneEpochs),
                "--tune-samples", String.valueOf(tuneSamples),
                "--eval-samples", String.valueOf(evalSamples),
                "--split-seed", String.valueOf(splitSeed),
                "--train-subset", String.valueOf(trainSubset),
                "--monitor-samples", String.valueOf(monitorSamples),
                "--sigma-samples", String.valueOf(sigmaSamples),
                "--job", jobName));
        if (nuDir != null) {
            args.addAll(args.size() - 2, List.of("--nu-dir", nuDir.toAbsolutePath().normalize().toString()));
        }
        StringBuilder sb = new StringBuilder(planCommand);
        for (String a : args) {
            sb.append(' ').append(shellQuote(a));
        }
        return sb.toString();
    }

    /**
     * @param arg an argument
     * @return the argument as a POSIX shell reads it back: unchanged if it holds only safe characters, otherwise
     *     in single quotes
     */
    static String shellQuote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./,:=+@%^-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private int runJob(List<ModelConfig> plan) throws Exception {
        List<String> names = jobs(plan);
        if (!names.contains(job)) {
            throw new org.orbitscope.OrbitscopeException("Unknown job '" + job + "': this plan's jobs are "
                    + (names.size() <= 6 ? String.join(", ", names) : String.join(", ", names.subList(0, 6)) + ", ...")
                    + " (see --plan).");
        }
        data = TransformingDataset.load(org.orbitscope.data.DatasetId.byId(dataset), splitSeed);
        for (ModelConfig c : plan) {
            if (job.equals(NU_JOB_PREFIX + nuKey(c)) && c.kind() == ModelKind.IR) {
                nu(c);
                return 0;
            }
            if (job.equals(c.standardName())) {
                runModel(c, "");
                return 0;
            }
        }
        throw new IllegalStateException("job " + job + " listed but not found");
    }

    /**
     * Trains and evaluates one model unless another worker holds it.
     *
     * @param c its configuration (IR with the default nu: the tuned one is looked up or searched first)
     * @param prefix progress prefix, e.g. {@code [3/20] }
     * @return false if another worker is building the model, true once it is complete and evaluated
     */
    private boolean runModel(ModelConfig c, String prefix) throws Exception {
        if (c.kind() == ModelKind.IR) {
            c = c.withNu(nu(c));
        }
        Path dir = out.resolve(c.standardName());
        err.printf(Locale.ROOT, "%s%s -> %s%n", prefix, c.label(), dir);
        err.flush();
        java.util.Optional<SweepLock> claim = SweepLock.tryAcquire(SweepLock.file(out, c.standardName()));
        if (claim.isEmpty()) {
            err.println("  skipped: another worker is training or evaluating " + dir);
            err.flush();
            return false;
        }
        try (SweepLock held = claim.get()) {
            trainIfNeeded(c, dir);
            evaluateIfNeeded(dir);
        }
        return true;
    }

    private ModelConfig config(ModelKind kind, String group, Regularizer reg, long seed) {
        return new ModelConfig(kind, dataset, group, splitSeed, seed, epochs, ModelConfig.DEFAULT_BATCH,
                ModelConfig.DEFAULT_LR, reg, ModelConfig.DEFAULT_NU, Pooling.MAX, Parameters.PAPER_SIZES,
                monitorSamples, sigmaSamples, trainSubset);
    }

    /** @return the name of the nu search an IR configuration uses, e.g. {@code tmnist-r4-l2} */
    static String nuKey(ModelConfig c) {
        return c.dataset() + "-" + c.group() + "-" + c.regularizer().id();
    }

    /**
     * The tuned nu of a (group, regularizer), searched once (at the first seed) and kept in a JSON file. While
     * another worker runs that search this one waits for its result instead of searching again.
     */
    private double nu(ModelConfig c) throws Exception {
        String key = nuKey(c);
        Double known = tuned.get(key);
        if (known != null) {
            return known;
        }
        Path file = (nuDir != null ? nuDir : out.resolve(org.orbitscope.model.TunedNu.FOLDER)).resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            return readNu(key, file);
        }
        try (SweepLock claim = SweepLock.acquire(SweepLock.file(out, NU_JOB_PREFIX + key), () -> {
            err.println("  waiting for another worker's nu search for " + key);
            err.flush();
        })) {
            if (Files.isRegularFile(file)) {
                return readNu(key, file);
            }
            return searchNu(c, key, file);
        }
    }

    private double readNu(String key, Path file) throws java.io.IOException {
        JsonNode n = ModelStore.readJsonObject(file, "nu-tuning record");
        double v = n.path("chosenNu").asDouble();
        tuned.put(key, v);
        err.printf(Locale.ROOT, "  nu %s for %s (from %s)%n", ModelConfig.trim(v), key, file);
        err.flush();
        return v;
    }

    private double searchNu(ModelConfig c, String key, Path file) throws Exception {
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
        if (org.orbitscope.metrics.StoredEvaluation.evaluatedOn(card, data, evalSamples,
                org.orbitscope.metrics.SaliencySettings.DEFAULT)) {
            return;
        }
        int code = Cli.run(spec.commandLine().getOut(), err, "evaluate", dir.toString(), "--samples",
                String.valueOf(evalSamples));
        if (code != 0) {
            throw new org.orbitscope.OrbitscopeException("Evaluating " + dir + " failed (exit " + code + ").");
        }
    }
}
