package org.orbitscope.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.SplitMix64;

/**
 * Trains a DA, IR or WT model exactly as SPEC section 4: Adam, mini-batches drawn from a reshuffled
 * training set, a uniformly random group element applied to every drawn sample, for IR the loss
 * {@code CE(f(x_a), y) + nu R(f(x_a), f(g' x_a))}, and the weights of the epoch with the best
 * validation accuracy kept.
 *
 * <p>Reproducibility: the initial weights come from {@code seed}; the shuffling and group elements of
 * epoch {@code e} come from a random stream derived from {@code (seed, e)}. With the same configuration,
 * split and thread count a run gives bit-identical weights, and a run resumed from a checkpoint ends where
 * an uninterrupted one does.
 *
 * <p>Control: {@link #pause()}, {@link #resume()} and {@link #cancel()} may be called from any thread and
 * take effect at the next step boundary. A cancelled or diverged run keeps the best weights saved so far.
 * The trainer itself runs on the caller's thread.
 */
public final class Trainer {

    private final ModelConfig config;
    private final TransformingDataset data;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unpaused = lock.newCondition();
    private volatile boolean paused;
    private volatile boolean cancelled;

    /**
     * @param config what to train
     * @param data the dataset named by the configuration, loaded with its split seed
     */
    public Trainer(ModelConfig config, TransformingDataset data) {
        if (config.kind() == org.orbitscope.model.ModelKind.ONNX) {
            throw new OrbitscopeException("An imported ONNX model cannot be trained or resumed here: train it where "
                    + "it was made and import it again.");
        }
        if (!data.id().id().equals(config.dataset()) || data.splitSeed() != config.splitSeed()) {
            throw new OrbitscopeException("The dataset " + data.id().id() + " (split seed " + data.splitSeed()
                    + ") is not the one the configuration names (" + config.dataset() + ", split seed "
                    + config.splitSeed() + ").");
        }
        this.config = config;
        this.data = data;
    }

    /** @return the configuration */
    public ModelConfig config() {
        return config;
    }

    /** Pauses at the next step boundary. */
    public void pause() {
        paused = true;
    }

    /** Resumes a paused run. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            unpaused.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops at the next step boundary; the best weights so far are kept. */
    public void cancel() {
        cancelled = true;
        resume();
    }

    /** @return true while paused */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Trains from scratch.
     *
     * @param outDir model directory to save into as training goes (best weights, card and checkpoint), or
     *     {@code null} to keep everything in memory
     * @param listener progress receiver
     * @return how the run ended
     */
    public TrainingResult train(Path outDir, TrainingListener listener) {
        Parameters params = Parameters.initialize(config.sizes(), config.seed());
        Checkpoint start = new Checkpoint(0, 0, params, new Adam(params, config.learningRate()), null, 0, 0.0,
                List.of(), ModelStore.now());
        if (outDir == null) {
            return run(start, null, listener);
        }
        try (ModelStore.WriteLock claim = ModelStore.lockForWriting(outDir)) {
            // checked under the claim, so that two runs started together cannot both pass
            if (Files.exists(outDir.resolve(ModelStore.CARD))) {
                throw new OrbitscopeException(outDir + " already holds a model; "
                        + "choose another directory or resume it.");
            }
            return run(start, outDir, listener);
        }
    }

    /**
     * Continues a run from the checkpoint in its model directory.
     *
     * @param outDir the model directory of the interrupted run
     * @param listener progress receiver
     * @return how the run ended
     */
    public TrainingResult resumeFrom(Path outDir, TrainingListener listener) {
        try (ModelStore.WriteLock claim = ModelStore.lockForWriting(outDir)) {
            ModelCard card = ModelStore.readCard(outDir);
            if (!card.config().equals(config)) {
                throw new OrbitscopeException(outDir + ": the checkpoint was made with another configuration.");
            }
            Checkpoint cp = Checkpoint.load(outDir.resolve(ModelStore.CHECKPOINT_DIR), config.sizes());
            listener.onMessage("Resuming " + config.label() + " after epoch " + cp.epochsDone() + ".");
            return run(cp, outDir, listener);
        }
    }

    private TrainingResult run(Checkpoint start, Path outDir, TrainingListener listener) {
        Group group = config.groupValue();
        Split train = data.train();
        Normalization norm = data.normalization();
        int k = config.sizes()[config.sizes().length - 1];
        int g = group.order();
        boolean ir = config.kind() == ModelKind.IR;
        double nu = config.nu();
        int n = config.trainSubset() > 0 ? Math.min(config.trainSubset(), train.size()) : train.size();
        int batch = Math.min(config.batchSize(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;

        Parameters params = start.params();
        Adam adam = start.adam();
        TrainingStep step = new TrainingStep(config, train, norm, params, adam, batch);
        Network net = step.network();
        EpochEvaluator eval = new EpochEvaluator(data.validation(), group, norm, config.monitorSamples(),
                config.sigmaSamples(), k);

        Parameters best = start.best();
        int bestEpoch = start.bestEpoch();
        double bestAcc = start.bestAccuracy();
        List<EpochRecord> history = new ArrayList<>(start.history());
        long globalStep = start.globalStep();
        ModelCard card = null;
        String created = start.created() == null ? ModelStore.now() : start.created();

        int[] order = new int[n];

        listener.onMessage((start.epochsDone() == 0 ? "Training " : "Continuing ") + config.label() + ": " + n
                + " samples, " + stepsPerEpoch + " steps per epoch.");
        String status = ModelCard.COMPLETE;
        String message = null;
        int epoch = start.epochsDone();
        outer:
        while (epoch < config.epochs()) {
            epoch++;
            long t0 = System.nanoTime();
            SplitMix64 rng = SplitMix64.stream(config.seed(), epoch);
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            double sumLoss = 0;
            double sumCe = 0;
            double sumReg = 0;
            long correct = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                if (!waitIfPaused()) {
                    status = ModelCard.CANCELLED;
                    message = "Cancelled during epoch " + epoch + ".";
                    epoch--;
                    break outer;
                }
                int from = s * batch;
                int b = Math.min(batch, n - from);
                int[] idx = new int[b];
                int[] el = new int[b];
                int[] el2 = ir ? new int[b] : null;
                for (int r = 0; r < b; r++) {
                    idx[r] = order[from + r];
                    el[r] = rng.nextInt(g);
                }
                if (ir) {
                    for (int r = 0; r < b; r++) {
                        el2[r] = rng.nextInt(g);
                    }
                }
                TrainingStep.Outcome out = step.run(idx, el, el2);
                double loss = out.loss();
                correct += out.correct();
                if (!Double.isFinite(loss)) {
                    status = ModelCard.DIVERGED;
                    message = "Training diverged at epoch " + epoch + ", step " + (s + 1) + " (loss " + loss + ")"
                            + (bestEpoch > 0 ? "; kept the best weights, from epoch " + bestEpoch + "."
                                    : "; no epoch had completed, so no weights were kept.");
                    epoch--;
                    break outer;
                }
                globalStep++;
                sumLoss += loss * b;
                sumCe += out.ce() * b;
                sumReg += out.reg() * b;
                listener.onStep(new StepStats(epoch, s + 1, stepsPerEpoch, globalStep, loss, out.ce(), out.reg()));
            }
            double valAcc = eval.accuracy(net);
            EpochEvaluator.Invariance inv = eval.invariance(net);
            double sigma = eval.sigmaMax(net);
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochRecord rec = new EpochRecord(epoch, sumLoss / n, sumCe / n, sumReg / n, (double) correct / n, valAcc,
                    inv.li(), inv.di(), sigma, seconds, inv.layers());
            history.add(rec);
            boolean improved = best == null || valAcc > bestAcc;
            if (improved) {
                if (best == null) {
                    best = params.copy();
                } else {
                    best.copyFrom(params);
                }
                bestAcc = valAcc;
                bestEpoch = epoch;
            }
            if (outDir != null) {
                card = saveModel(outDir, card, ModelCard.TRAINING, null, best, bestEpoch, bestAcc, history, created,
                        improved);
                new Checkpoint(epoch, globalStep, params, adam, best, bestEpoch, bestAcc, history, created)
                        .save(outDir.resolve(ModelStore.CHECKPOINT_DIR), config.seed());
            }
            listener.onEpoch(rec, improved);
        }
        if (status.equals(ModelCard.COMPLETE)) {
            message = "Trained " + config.epochs() + " epochs; kept epoch " + bestEpoch + " (validation accuracy "
                    + String.format(java.util.Locale.ROOT, "%.4f", bestAcc) + ").";
        }
        if (outDir != null && best != null) {
            // saves alternate between two weight file names; a finished model ends with the plain one
            boolean rename = card != null && !"weights.npz".equals(card.weightsFile());
            card = saveModel(outDir, card, status, message, best, bestEpoch, bestAcc, history, created,
                    card == null || rename);
            if (status.equals(ModelCard.COMPLETE)) {
                deleteCheckpoint(outDir.resolve(ModelStore.CHECKPOINT_DIR));
            }
        }
        listener.onMessage(message);
        return new TrainingResult(status, message, bestEpoch, bestAcc, best, params, List.copyOf(history), card);
    }

    private ModelCard saveModel(Path dir, ModelCard previous, String status, String message, Parameters best,
            int bestEpoch, double bestAcc, List<EpochRecord> history, String created, boolean newWeights) {
        Map<String, String> software = new LinkedHashMap<>();
        software.put("orbitscope", org.orbitscope.Version.current());
        software.put("java", System.getProperty("java.version"));
        software.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String name = dir.getFileName() == null ? config.label() : dir.getFileName().toString();
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, config, data.normalization(),
                previous == null ? "weights.npz" : previous.weightsFile(),
                previous == null ? "" : previous.weightsSha256(), status, message, bestEpoch, bestAcc, history,
                Map.of(), software, created, ModelStore.now());
        if (newWeights || previous == null) {
            return ModelStore.save(dir, card, best);
        }
        ModelStore.writeCard(dir, card);
        return card;
    }

    private static void deleteCheckpoint(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (java.io.IOException e) {
            // A leftover checkpoint wastes space but harms nothing.
        }
    }

    /** @return false if cancelled */
    private boolean waitIfPaused() {
        if (cancelled) {
            return false;
        }
        if (!paused) {
            return true;
        }
        lock.lock();
        try {
            while (paused && !cancelled) {
                unpaused.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } finally {
            lock.unlock();
        }
        return !cancelled;
    }
}
