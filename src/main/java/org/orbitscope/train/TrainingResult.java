package org.orbitscope.train;

import java.util.List;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.Parameters;

/**
 * How a training run ended.
 *
 * @param status one of the {@link ModelCard} statuses: complete, cancelled or diverged
 * @param message one sentence on how it ended
 * @param bestEpoch epoch of the kept weights (0 if no epoch completed)
 * @param bestValidationAccuracy their validation accuracy
 * @param best the kept weights ({@code null} if no epoch completed)
 * @param last the weights at the end of the last completed step
 * @param history one record per completed epoch
 * @param card the saved model card ({@code null} when the run had no output directory or saved nothing)
 */
public record TrainingResult(String status, String message, int bestEpoch, double bestValidationAccuracy,
        Parameters best, Parameters last, List<EpochRecord> history, ModelCard card) {
}
