package org.orbitscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.orbitscope.figure.TrainingFigure;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.train.StepStats;

/** A live run's step curve: bounded in size, thinned evenly, drawn at fractional epochs. */
class TrainingRunTest {

    @Test
    void longRunsAreThinnedToEveryKthStepAndDrawnInEpochs() {
        ModelConfig cfg = ModelConfig.defaults(ModelKind.IR, "tmnist", "r4").withEpochs(300);
        TrainingRun run = new TrainingRun("ir", cfg, Path.of("ir"), true);
        int perEpoch = run.stepsPerEpoch();
        int total = 300 * perEpoch;
        for (long g = 0; g < total; g++) {
            run.onStep(new StepStats((int) (g / perEpoch) + 1, (int) (g % perEpoch) + 1, perEpoch, g, 1.0 / (g + 1),
                    0.5 / (g + 1), 0.5 / (g + 1)));
            if (g % 97 == 0) {
                run.drain();
            }
        }
        run.drain();
        int points = run.lossPoints();
        assertTrue(points <= TrainingRun.MAX_STEP_POINTS + 1 && points > TrainingRun.MAX_STEP_POINTS / 2,
                points + " points");
        TrainingFigure.Steps s = run.figureRun().steps();
        double stride = s.epoch()[1] - s.epoch()[0];
        for (int k = 0; k < points; k++) {
            assertEquals(k * stride, s.epoch()[k], 1e-9, "evenly spaced after thinning");
            long step = Math.round(s.epoch()[k] * perEpoch);
            assertEquals(1.0 / (step + 1), s.raw()[k], 1e-15, "each point keeps its own step's loss");
        }
        assertEquals(0.0, s.epoch()[0]);
    }

    @Test
    void aPausedRunSaysSoAndItsEtaStandsStill() throws Exception {
        ModelConfig cfg = ModelConfig.defaults(ModelKind.DA, "tmnist", "r4").withEpochs(2);
        TrainingRun run = new TrainingRun("da", cfg, Path.of("da"), true);
        int perEpoch = run.stepsPerEpoch();
        Thread.sleep(30);
        run.onStep(new StepStats(1, 1, perEpoch, 1, 1.0, 1.0, 0.0));
        run.drain();
        assertTrue(run.statusProperty().get().startsWith("epoch 1/2"), run.statusProperty().get());
        run.setPaused(true);
        run.drain();
        String paused = run.statusProperty().get();
        assertTrue(paused.startsWith("paused · epoch 1/2"), paused);
        Thread.sleep(1200);
        run.drain();
        assertEquals(paused, run.statusProperty().get(), "the ETA does not grow while paused");
        run.setPaused(false);
        run.drain();
        assertTrue(run.statusProperty().get().startsWith("epoch 1/2"), run.statusProperty().get());
    }

    @Test
    void theSmoothingSliderIsTensorBoardsDebiasedMovingAverage() {
        ModelConfig cfg = ModelConfig.defaults(ModelKind.DA, "tmnist", "r4").withEpochs(2);
        TrainingRun run = new TrainingRun("da", cfg, Path.of("da"), true);
        int perEpoch = run.stepsPerEpoch();
        double[] loss = {2.0, 1.0, 4.0};
        for (int g = 0; g < loss.length; g++) {
            run.onStep(new StepStats(1, g + 1, perEpoch, g, loss[g], loss[g], 0.0));
        }
        run.drain();
        TrainingFigure.Steps raw = run.figureRun(0).steps();
        assertEquals(2.0, raw.smooth()[0], 1e-12);
        assertEquals(1.0, raw.smooth()[1], 1e-12, "0 draws the raw loss");
        TrainingFigure.Steps s = run.figureRun(0.6).steps();
        assertEquals(2.0, s.smooth()[0], 1e-12, "debiased: the first point is its own value");
        // (0.6 * 0.4 * 2 + 0.4 * 1) / (1 - 0.36) = 0.88 / 0.64
        assertEquals(0.88 / 0.64, s.smooth()[1], 1e-12);
        // (0.6 * 0.88 + 0.4 * 4) / (1 - 0.216)
        assertEquals((0.6 * 0.88 + 0.4 * 4) / 0.784, s.smooth()[2], 1e-12);
        assertEquals(4.0, s.raw()[2], 1e-12, "the raw loss stays");
    }
}
