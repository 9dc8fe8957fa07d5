package org.orbitscope.train;

import org.orbitscope.model.EpochRecord;

/**
 * Receives progress from a {@link Trainer}, on the training thread. Implementations must return quickly
 * (hand the value over, do not draw); a UI should keep only the latest values and render on its own clock.
 */
public interface TrainingListener {

    /**
     * Called after every optimization step.
     *
     * @param stats the step's losses
     */
    default void onStep(StepStats stats) {
    }

    /**
     * Called after every epoch, once its evaluation is done and its checkpoint saved.
     *
     * @param record the epoch's figures
     * @param improved true if this epoch has the best validation accuracy so far
     */
    default void onEpoch(EpochRecord record, boolean improved) {
    }

    /**
     * Called for a notable event (start, resume, divergence, end).
     *
     * @param message one sentence
     */
    default void onMessage(String message) {
    }
}
