package org.orbitscope.analysis;

import java.util.ArrayList;
import java.util.List;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.Network;
import org.orbitscope.model.StoredModel;

/**
 * Reliability under distribution drift (paper section 4.3, Fig. 4): a model's invariance and accuracy on
 * the blend {@code D(beta) = (1-beta) T-MNIST + beta T-FMNIST} of the test splits (SPEC section 1), with
 * the model's own normalization, over full orbits.
 */
public final class DriftStudy {

    /**
     * One drift level.
     *
     * @param beta blend weight in [0, 1]
     * @param accuracy accuracy over all orbit points of D(beta)
     * @param accuracyRatio {@code Acc(D(beta)) / Acc(D(0))}
     * @param di distribution invariance error on D(beta)
     * @param li logit invariance error on D(beta)
     */
    public record Point(double beta, double accuracy, double accuracyRatio, double di, double li) {
    }

    private DriftStudy() {
    }

    /**
     * @param model the model
     * @param mnist T-MNIST at the model's split seed
     * @param fmnist T-FMNIST at the same split seed
     * @param betas blend weights, each in [0, 1]
     * @param samples first N test samples (at most the split size)
     * @return one point per beta, in the given order
     */
    public static List<Point> run(StoredModel model, TransformingDataset mnist, TransformingDataset fmnist,
            double[] betas, int samples) {
        for (double b : betas) {
            if (!(b >= 0 && b <= 1)) {
                throw new OrbitscopeException("Drift weight beta " + b + " is outside [0, 1].");
            }
        }
        Split reference = TransformingDataset.drift(mnist, fmnist, 0);
        int n = Math.min(samples, reference.size());
        Network net = model.network();
        Group group = model.card().config().groupValue();
        int[] y = Evaluator.labels(reference, n);
        double acc0 = Evaluator.outputs(net, Evaluator.inputs(reference, n, model.card().normalization()), y, n,
                group)[0];
        List<Point> out = new ArrayList<>();
        for (double b : betas) {
            Split split = TransformingDataset.drift(mnist, fmnist, b);
            double[] r = Evaluator.outputs(net, Evaluator.inputs(split, n, model.card().normalization()), y, n, group);
            out.add(new Point(b, r[0], acc0 > 0 ? r[0] / acc0 : Double.NaN, r[2], r[1]));
        }
        return out;
    }
}
