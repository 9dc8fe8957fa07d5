package org.orbitscope.model;

import java.util.Arrays;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/**
 * Everything that defines how a model is made (SPEC sections 3 and 4): with the same configuration a
 * training run gives the same weights. Stored in the model card.
 *
 * @param kind DA, IR or WT
 * @param dataset dataset id ({@code tmnist} or {@code tfmnist})
 * @param group group id ({@code r4}, {@code t3}, {@code d4})
 * @param splitSeed seed of the dataset split (SPEC section 1)
 * @param seed seed of initialization, shuffling and augmentation
 * @param epochs number of epochs, default 300
 * @param batchSize mini-batch size, default 512
 * @param learningRate Adam step size, default 8e-4
 * @param regularizer IR regularizer (ignored unless kind is IR)
 * @param nu IR regularizer weight (ignored unless kind is IR)
 * @param pooling WT pooling over the orbit (ignored unless kind is WT)
 * @param sizes layer widths, input first
 * @param monitorSamples validation samples whose full orbits give the per-epoch LI and DI
 * @param sigmaSamples validation samples whose Jacobians give the per-epoch SigmaMax
 * @param trainSubset if positive, train on only this many training samples (for quick tests)
 */
public record ModelConfig(ModelKind kind, String dataset, String group, long splitSeed, long seed, int epochs,
        int batchSize, double learningRate, Regularizer regularizer, double nu, Pooling pooling, int[] sizes,
        int monitorSamples, int sigmaSamples, int trainSubset) {

    /** Paper default: epochs. */
    public static final int DEFAULT_EPOCHS = 300;
    /** Paper default: batch size. */
    public static final int DEFAULT_BATCH = 512;
    /** Paper default: Adam learning rate. */
    public static final double DEFAULT_LR = 8e-4;
    /** Default IR weight before tuning. */
    public static final double DEFAULT_NU = 1.0;

    /** Validates every setting with a one-sentence error. */
    public ModelConfig {
        if (kind == null) {
            throw new OrbitscopeException("The model kind (da, ir, wt or onnx) is missing.");
        }
        dataset = DatasetId.byId(dataset).id();
        group = Groups.byId(group).id();
        if (epochs < 1 || epochs > 100_000) {
            throw new OrbitscopeException("epochs must be between 1 and 100000, got " + epochs + ".");
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new OrbitscopeException("batch size must be between 1 and 65536, got " + batchSize + ".");
        }
        if (!(learningRate > 0) || learningRate > 10 || Double.isNaN(learningRate)) {
            throw new OrbitscopeException("learning rate must be in (0, 10], got " + learningRate + ".");
        }
        if (regularizer == null) {
            regularizer = Regularizer.L2;
        }
        if (!(nu >= 0) || Double.isInfinite(nu)) {
            throw new OrbitscopeException("nu must be a finite number >= 0, got " + nu + ".");
        }
        if (pooling == null) {
            pooling = Pooling.MAX;
        }
        sizes = sizes == null ? Parameters.PAPER_SIZES.clone() : sizes.clone();
        if (sizes.length < 3 && kind == ModelKind.WT) {
            throw new OrbitscopeException("a weight-tied model needs at least one hidden layer.");
        }
        for (int s : sizes) {
            if (s < 1 || s > 1 << 16) {
                throw new OrbitscopeException("layer sizes must be between 1 and 65536: " + Arrays.toString(sizes));
            }
        }
        if (monitorSamples < 0 || sigmaSamples < 0 || trainSubset < 0) {
            throw new OrbitscopeException("sample counts must not be negative.");
        }
    }

    /**
     * The paper's settings for one kind of model.
     *
     * @param kind DA, IR or WT
     * @param dataset dataset id
     * @param group group id
     * @return a configuration with every default
     */
    public static ModelConfig defaults(ModelKind kind, String dataset, String group) {
        return new ModelConfig(kind, dataset, group, 0, 0, DEFAULT_EPOCHS, DEFAULT_BATCH, DEFAULT_LR, Regularizer.L2,
                DEFAULT_NU, Pooling.MAX, Parameters.PAPER_SIZES, 256, 16, 0);
    }

    /** @return the group */
    public Group groupValue() {
        return Groups.byId(group);
    }

    /** @return the dataset */
    public DatasetId datasetValue() {
        return DatasetId.byId(dataset);
    }

    /** @return the network architecture this configuration trains */
    public Architecture architecture() {
        return kind == ModelKind.WT ? Architecture.weightTied(sizes, groupValue(), pooling) : Architecture.plain(sizes);
    }

    /** @return a short human-readable label, e.g. {@code IR(l2, nu=1) r4 tmnist seed 0} */
    public String label() {
        String k = switch (kind) {
            case IR -> "IR(" + regularizer.id() + ", nu=" + trim(nu) + ")";
            case WT -> "WT" + (pooling == Pooling.MEAN ? "(mean)" : "");
            case ONNX -> "ONNX";
            default -> kind.name();
        };
        if (kind == ModelKind.ONNX) {
            return k + " " + group + " " + dataset;
        }
        return k + " " + group + " " + dataset + " seed " + seed;
    }

    /** Shortest readable form of a number: {@code 1}, {@code 0.05}, {@code 1e+06}. */
    public static String trim(double v) {
        if (v != 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4)) {
            return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e");
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * @param newSeed training seed
     * @return this configuration with another training seed
     */
    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(kind, dataset, group, splitSeed, newSeed, epochs, batchSize, learningRate, regularizer,
                nu, pooling, sizes, monitorSamples, sigmaSamples, trainSubset);
    }

    /**
     * @param newEpochs number of epochs
     * @return this configuration with another epoch count
     */
    public ModelConfig withEpochs(int newEpochs) {
        return new ModelConfig(kind, dataset, group, splitSeed, seed, newEpochs, batchSize, learningRate, regularizer,
                nu, pooling, sizes, monitorSamples, sigmaSamples, trainSubset);
    }

    /**
     * @param newNu regularizer weight
     * @return this configuration with another nu
     */
    public ModelConfig withNu(double newNu) {
        return new ModelConfig(kind, dataset, group, splitSeed, seed, epochs, batchSize, learningRate, regularizer,
                newNu, pooling, sizes, monitorSamples, sigmaSamples, trainSubset);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && kind == c.kind && dataset.equals(c.dataset) && group.equals(c.group)
                && splitSeed == c.splitSeed && seed == c.seed && epochs == c.epochs && batchSize == c.batchSize
                && learningRate == c.learningRate && regularizer == c.regularizer && nu == c.nu
                && pooling == c.pooling && Arrays.equals(sizes, c.sizes) && monitorSamples == c.monitorSamples
                && sigmaSamples == c.sigmaSamples && trainSubset == c.trainSubset;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, dataset, group, splitSeed, seed, epochs, batchSize, learningRate,
                regularizer, nu, pooling, Arrays.hashCode(sizes), monitorSamples, sigmaSamples, trainSubset);
    }

    /**
     * @return the name the shipped models follow, e.g. {@code tmnist-r4-ir-l2-s0} or {@code tfmnist-t3-wt-s1}
     */
    public String standardName() {
        String k = kind().name().toLowerCase(java.util.Locale.ROOT);
        if (kind() == ModelKind.IR) {
            k += "-" + regularizer().id();
        }
        return dataset() + "-" + group() + "-" + k + "-s" + seed();
    }
}
