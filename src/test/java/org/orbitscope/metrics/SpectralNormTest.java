package org.orbitscope.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;

class SpectralNormTest {

    @Test
    void singularValueOfHandMatrix() {
        // [[3, 0, 0], [0, 4, 0]] has singular values 4 and 3
        float[] m = {3, 0, 0, 0, 4, 0};
        assertEquals(4.0, SpectralNorm.of(m, 0, 2, 3), 1e-12);
        // [[1, 1], [1, 1]] has singular values 2 and 0
        assertEquals(2.0, SpectralNorm.of(new float[] {1, 1, 1, 1}, 0, 2, 2), 1e-12);
    }

    @Test
    void jacobianOfLinearModelHasTheWeightMatrixTopSingularValue() {
        int d = 6;
        int k = 3;
        Parameters p = new Parameters(new int[] {d, k});
        // W (d x k): column j scaled so that W^T has rows (5 e0), (2 e1), (1 e2 + 1 e3) -> sigma_max = 5
        p.weight(0)[0 * k + 0] = 5f;
        p.weight(0)[1 * k + 1] = 2f;
        p.weight(0)[2 * k + 2] = 1f;
        p.weight(0)[3 * k + 2] = 1f;
        p.bias(0)[1] = 7f;
        Network net = new Network(Architecture.plain(new int[] {d, k}), p);
        float[] x = {0.3f, -1, 2, 0, 1, 1, 4, 4, 4, 4, 4, 4};
        double[] s = Jacobians.sigmaMax(net, x, 2);
        assertEquals(5.0, s[0], 1e-6);
        assertEquals(5.0, s[1], 1e-6);
    }
}
