package org.orbitscope.train;

import java.util.Arrays;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;

/**
 * One optimization step of SPEC section 4 on a given mini-batch: build the augmented batch (and for IR its
 * second transform), forward, loss, backward, Adam update. Holds the reusable buffers of a run.
 */
public final class TrainingStep {

    /**
     * Losses and hits of one step.
     *
     * @param loss total loss
     * @param ce cross-entropy part
     * @param reg regularizer part (without nu)
     * @param correct correctly classified augmented samples
     */
    public record Outcome(double loss, double ce, double reg, int correct) {
    }

    private final ModelConfig config;
    private final Split split;
    private final Group group;
    private final Normalization norm;
    private final Network net;
    private final Parameters params;
    private final Parameters grads;
    private final Adam adam;
    private final boolean ir;
    private final int k;
    private final int d;
    private final float[] x;
    private final float[] second;
    private final float[] dz;
    private final int[] labels;

    /**
     * @param config the run's configuration
     * @param split training split
     * @param norm normalization statistics
     * @param params weights, updated in place
     * @param adam optimizer over {@code params}
     * @param maxBatch largest batch
     */
    public TrainingStep(ModelConfig config, Split split, Normalization norm, Parameters params, Adam adam,
            int maxBatch) {
        this.config = config;
        this.split = split;
        this.group = config.groupValue();
        this.norm = norm;
        this.params = params;
        this.adam = adam;
        this.net = new Network(config.architecture(), params);
        this.grads = new Parameters(config.sizes());
        this.ir = config.kind() == ModelKind.IR;
        this.k = config.sizes()[config.sizes().length - 1];
        this.d = group.pixels();
        int copies = ir ? 2 : 1;
        this.x = new float[copies * maxBatch * d];
        this.second = ir ? new float[maxBatch * d] : null;
        this.dz = new float[copies * maxBatch * k];
        this.labels = new int[maxBatch];
    }

    /** @return the network the step trains (shares the weights) */
    public Network network() {
        return net;
    }

    /**
     * Runs one step. If the loss is not finite, the weights are left unchanged.
     *
     * @param indices training samples of the batch
     * @param elements group element applied to each sample (augmentation)
     * @param secondElements for IR, the element {@code g'} applied on top of {@code elements}; else ignored
     * @return the step's losses
     */
    public Outcome run(int[] indices, int[] elements, int[] secondElements) {
        int b = indices.length;
        for (int r = 0; r < b; r++) {
            labels[r] = split.label(indices[r]);
        }
        split.fill(indices, elements, group, norm, x);
        int rows = b;
        if (ir) {
            int[] composed = new int[b];
            for (int r = 0; r < b; r++) {
                composed[r] = group.compose(secondElements[r], elements[r]);
            }
            split.fill(indices, composed, group, norm, second);
            System.arraycopy(second, 0, x, b * d, b * d);
            rows = 2 * b;
        }
        float[] z = net.forward(x, rows);
        double ce = Losses.crossEntropy(z, labels, b, k, dz);
        double reg = 0;
        if (ir) {
            Arrays.fill(dz, b * k, 2 * b * k, 0f);
            reg = Losses.regularizer(config.regularizer(), z, 0, b * k, b, k, config.nu(), dz);
        }
        double loss = ir ? ce + config.nu() * reg : ce;
        int correct = 0;
        for (int r = 0; r < b; r++) {
            if (InvarianceErrors.argmax(z, r * k, k) == labels[r]) {
                correct++;
            }
        }
        if (Double.isFinite(loss)) {
            net.backward(dz, grads, null);
            adam.update(params, grads);
        }
        return new Outcome(loss, ce, reg, correct);
    }
}
