package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
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

/** {@code train}: trains one model and saves it as it goes. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DA, IR or WT model (SPEC sections 3-4); prints one progress line per epoch on "
                + "stderr and saves the best weights, the model card and a checkpoint as it goes.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "tmnist",
            description = "tmnist or tfmnist (default: ${DEFAULT-VALUE}).")
    private String dataset;

    @Option(names = "--group", defaultValue = "r4", description = "r4, t3 or d4 (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--method", description = "da, ir or wt (required unless --resume).")
    private String method;

    @Option(names = "--reg", defaultValue = "l2",
            description = "IR regularizer: l2, kl or l2norm (default: ${DEFAULT-VALUE}).")
    private String reg;

    @Option(names = "--nu", description = "IR regularizer weight (default: " + ModelConfig.DEFAULT_NU + ").")
    private Double nu;

    @Option(names = "--pooling", defaultValue = "max",
            description = "WT pooling over the orbit: max or mean (default: ${DEFAULT-VALUE}).")
    private String pooling;

    @Option(names = "--epochs", defaultValue = "" + ModelConfig.DEFAULT_EPOCHS,
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch", defaultValue = "" + ModelConfig.DEFAULT_BATCH,
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--lr", defaultValue = "" + ModelConfig.DEFAULT_LR,
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--seed", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--split-seed", defaultValue = "0", description = "Dataset split seed (default: ${DEFAULT-VALUE}).")
    private long splitSeed;

    @Option(names = "--monitor-samples", defaultValue = "256",
            description = "Validation samples for the per-epoch LI/DI (default: ${DEFAULT-VALUE}).")
    private int monitorSamples;

    @Option(names = "--sigma-samples", defaultValue = "16",
            description = "Validation samples for the per-epoch SigmaMax (default: ${DEFAULT-VALUE}).")
    private int sigmaSamples;

    @Option(names = "--train-subset", defaultValue = "0",
            description = "Train on only the first N training samples (0 = all).")
    private int trainSubset;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @Option(names = "--out", required = true, description = "Model directory to create (or to resume with --resume).")
    private Path out;

    @Option(names = "--resume", description = "Continue the interrupted run in --out from its checkpoint.")
    private boolean resume;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ModelConfig config;
        if (resume) {
            config = ModelStore.readCard(out).config();
        } else {
            if (method == null) {
                throw new org.orbitscope.OrbitscopeException("Missing --method (da, ir or wt).");
            }
            ModelKind kind = parseKind(method);
            config = new ModelConfig(kind, dataset, group, splitSeed, seed, epochs, batch, lr, Regularizer.byId(reg),
                    nu == null ? ModelConfig.DEFAULT_NU : nu, parsePooling(pooling), Parameters.PAPER_SIZES,
                    monitorSamples, sigmaSamples, trainSubset);
        }
        TransformingDataset data = dataDir == null
                ? TransformingDataset.load(config.datasetValue(), config.splitSeed())
                : TransformingDataset.load(config.datasetValue(), config.splitSeed(), dataDir);
        Trainer trainer = new Trainer(config, data);
        Thread hook = new Thread(trainer::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord r, boolean improved) {
                err.printf(Locale.ROOT, "epoch %d/%d  loss %.4f (ce %.4f reg %.4f)  train acc %.4f  val acc %.4f  "
                        + "LI %.4g  DI %.4g  sigma %.3f  %.1fs%s%n", r.epoch(), config.epochs(), r.trainLoss(),
                        r.trainCe(), r.trainReg(), r.trainAccuracy(), r.validationAccuracy(), r.li(), r.di(),
                        r.sigmaMax(), r.seconds(), improved ? "  *" : "");
                err.flush();
            }

            @Override
            public void onMessage(String message) {
                err.println(message);
                err.flush();
            }
        };
        TrainingResult result = resume ? trainer.resumeFrom(out, progress) : trainer.train(out, progress);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (result.status().equals(ModelCard.DIVERGED)) {
            return 3;
        }
        return 0;
    }

    static ModelKind parseKind(String s) {
        try {
            return ModelKind.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.orbitscope.OrbitscopeException("Unknown method '" + s + "': expected da, ir or wt.");
        }
    }

    static Pooling parsePooling(String s) {
        try {
            return Pooling.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.orbitscope.OrbitscopeException("Unknown pooling '" + s + "': expected max or mean.");
        }
    }
}
