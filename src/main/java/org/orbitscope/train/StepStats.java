package org.orbitscope.train;

/**
 * Losses of one optimization step.
 *
 * @param epoch current epoch, from 1
 * @param step step within the epoch, from 1
 * @param stepsPerEpoch steps in an epoch
 * @param globalStep steps since the start of the run, from 1
 * @param loss total loss {@code CE + nu * R}
 * @param ce cross-entropy part
 * @param reg regularizer part (without nu; 0 unless IR)
 */
public record StepStats(int epoch, int step, int stepsPerEpoch, long globalStep, double loss, double ce,
        double reg) {
}
