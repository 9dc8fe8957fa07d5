package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.orbitscope.model.Parameters;

class AdamTest {

    @Test
    void firstStepMovesEachWeightByTheLearningRateAgainstItsGradientSign() {
        Parameters p = new Parameters(new int[] {2, 1});
        Parameters g = new Parameters(new int[] {2, 1});
        p.weight(0)[0] = 1f;
        p.weight(0)[1] = 1f;
        g.weight(0)[0] = 0.5f;
        g.weight(0)[1] = -3f;
        Adam adam = new Adam(p, 0.1);
        adam.update(p, g);
        // m_hat = g and v_hat = g^2 after one step, so the update is lr * g / (|g| + eps)
        assertEquals(1f - 0.1f, p.weight(0)[0], 1e-6);
        assertEquals(1f + 0.1f, p.weight(0)[1], 1e-6);
        assertEquals(0f, p.bias(0)[0], 0f);
    }

    @Test
    void secondStepMatchesHandComputation() {
        Parameters p = new Parameters(new int[] {1, 1});
        Parameters g = new Parameters(new int[] {1, 1});
        Adam adam = new Adam(p, 0.01);
        g.weight(0)[0] = 1f;
        adam.update(p, g);
        g.weight(0)[0] = 2f;
        adam.update(p, g);
        double m = 0.9 * 0.1 + 0.1 * 2;
        double v = 0.999 * 0.001 + 0.001 * 4;
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        double expected = -0.01 - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
        assertEquals(expected, p.weight(0)[0], 1e-6);
    }
}
