package org.orbitscope.model;

/**
 * What one training epoch produced (one entry of the model card's history).
 *
 * @param epoch epoch number, from 1
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainCe mean cross-entropy part
 * @param trainReg mean regularizer part (without nu; 0 unless IR)
 * @param trainAccuracy accuracy on the augmented training batches
 * @param validationAccuracy accuracy on the validation set (each sample with its fixed group element)
 * @param li logit invariance error on the monitored validation subset (full orbits)
 * @param di distribution invariance error on the same subset
 * @param sigmaMax mean largest singular value of the input Jacobian on a small validation subset
 * @param seconds wall time of the epoch including its evaluation
 */
public record EpochRecord(int epoch, double trainLoss, double trainCe, double trainReg, double trainAccuracy,
        double validationAccuracy, double li, double di, double sigmaMax, double seconds) {
}
