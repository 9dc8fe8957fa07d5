package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/**
 * The hand-written backward pass against finite differences and against SameDiff's automatic
 * differentiation of the same network.
 */
class NetworkGradientTest {

    private static float[] random(int n, long seed, float scale) {
        SplitMix64 r = new SplitMix64(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    /** Scalar objective L = sum(logits * seed) evaluated in double from float logits. */
    private static double objective(Network net, float[] x, int n, float[] seed) {
        float[] z = net.forward(x, n);
        double s = 0;
        for (int i = 0; i < seed.length; i++) {
            s += (double) z[i] * seed[i];
        }
        return s;
    }

    private static void checkAgainstFiniteDifferences(Architecture arch) {
        int n = 3;
        Parameters p = Parameters.initialize(arch.sizes(), 7);
        Network net = new Network(arch, p);
        int d = arch.inputs();
        int k = arch.outputs();
        float[] x = random(n * d, 11, 1f);
        float[] seed = random(n * k, 13, 1f);
        Parameters grads = new Parameters(arch.sizes());
        float[] dx = new float[n * d];
        net.forward(x, n);
        net.backward(seed, grads, dx);

        float eps = 1e-3f;
        SplitMix64 pick = new SplitMix64(3);
        int checked = 0;
        for (int l = 0; l < p.layers(); l++) {
            for (int t = 0; t < 6; t++) {
                int i = pick.nextInt(p.weight(l).length);
                float orig = p.weight(l)[i];
                p.weight(l)[i] = orig + eps;
                double up = objective(net, x, n, seed);
                p.weight(l)[i] = orig - eps;
                double down = objective(net, x, n, seed);
                p.weight(l)[i] = orig;
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, grads.weight(l)[i], 2e-3 + 2e-2 * Math.abs(fd), "dW" + l + "[" + i + "]");
                checked++;
            }
            int j = pick.nextInt(p.bias(l).length);
            float orig = p.bias(l)[j];
            p.bias(l)[j] = orig + eps;
            double up = objective(net, x, n, seed);
            p.bias(l)[j] = orig - eps;
            double down = objective(net, x, n, seed);
            p.bias(l)[j] = orig;
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, grads.bias(l)[j], 2e-3 + 2e-2 * Math.abs(fd), "db" + l + "[" + j + "]");
        }
        for (int t = 0; t < 10; t++) {
            int i = pick.nextInt(x.length);
            float orig = x[i];
            x[i] = orig + eps;
            double up = objective(net, x, n, seed);
            x[i] = orig - eps;
            double down = objective(net, x, n, seed);
            x[i] = orig;
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, dx[i], 2e-3 + 2e-2 * Math.abs(fd), "dx[" + i + "]");
        }
        assertTrue(checked > 0);
    }

    @Test
    void plainGradientsMatchFiniteDifferences() {
        checkAgainstFiniteDifferences(Architecture.plain(new int[] {Groups.SIDE * Groups.SIDE, 12, 10, 9}));
    }

    @Test
    void weightTiedMaxGradientsMatchFiniteDifferences() {
        Group g = Groups.R4;
        checkAgainstFiniteDifferences(Architecture.weightTied(new int[] {g.pixels(), 12, 10, 9}, g, Pooling.MAX));
    }

    @Test
    void weightTiedMeanGradientsMatchFiniteDifferences() {
        Group g = Groups.T3;
        checkAgainstFiniteDifferences(Architecture.weightTied(new int[] {g.pixels(), 12, 10, 9}, g, Pooling.MEAN));
    }

    @Test
    void plainGradientsMatchSameDiff() {
        int[] sizes = {1296, 32, 16, 9};
        int n = 5;
        Parameters p = Parameters.initialize(sizes, 5);
        float[] x = random(n * sizes[0], 17, 1f);
        float[] seed = random(n * 9, 19, 1f);

        SameDiff sd = SameDiff.create();
        SDVariable h = sd.var("x", Nd4j.create(x, new long[] {n, sizes[0]}, 'c'));
        for (int l = 0; l < p.layers(); l++) {
            SDVariable w = sd.var("W" + l, Nd4j.create(p.weight(l), new long[] {sizes[l], sizes[l + 1]}, 'c'));
            SDVariable b = sd.var("b" + l, Nd4j.create(p.bias(l), new long[] {sizes[l + 1]}, 'c'));
            SDVariable z = h.mmul(w).add(b);
            h = l < p.layers() - 1 ? sd.nn().relu(z, 0) : z;
        }
        SDVariable s = sd.constant("seed", Nd4j.create(seed, new long[] {n, 9}, 'c'));
        SDVariable loss = h.mul(s).sum();
        sd.setLossVariables(loss);
        String[] names = {"x", "W0", "b0", "W1", "b1", "W2", "b2"};
        Map<String, INDArray> ref = sd.calculateGradients(new HashMap<>(), names);

        Network net = new Network(Architecture.plain(sizes), p);
        Parameters grads = new Parameters(sizes);
        float[] dx = new float[n * sizes[0]];
        net.forward(x, n);
        net.backward(seed, grads, dx);

        assertClose(ref.get("x").castTo(DataType.FLOAT).data().asFloat(), dx, "dx");
        for (int l = 0; l < p.layers(); l++) {
            assertClose(ref.get("W" + l).castTo(DataType.FLOAT).data().asFloat(), grads.weight(l), "dW" + l);
            assertClose(ref.get("b" + l).castTo(DataType.FLOAT).data().asFloat(), grads.bias(l), "db" + l);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, maxAbs), what + "[" + i + "]");
        }
    }
}
