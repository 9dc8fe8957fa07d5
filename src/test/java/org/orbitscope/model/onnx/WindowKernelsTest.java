package org.orbitscope.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conv and the pools against the definitions written as plain loops over every output and kernel tap: both
 * convolution paths (direct and im2col) on strides, dilations, uneven pads and groups, their input gradients
 * against the adjoint identity {@code <dY, conv(x)> = <conv'(dY), x>}, the pools with pads, dilations,
 * ceil mode and count_include_pad.
 */
class WindowKernelsTest {

    private static OnnxReader.Node node(String op, Map<String, long[]> ints) {
        Map<String, OnnxReader.Attribute> a = new HashMap<>();
        ints.forEach((k, v) -> a.put(k, new OnnxReader.Attribute(k, 0f, v.length == 1 ? v[0] : 0, null, null,
                null, v, false)));
        return new OnnxReader.Node(op.toLowerCase(java.util.Locale.ROOT), op, "", List.of("x", "w"), List.of("y"),
                a);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** The convolution by its definition, in double. */
    private static double[] reference(float[] x, int n, int c, int h, int w, float[] wt, int m, int kh, int kw,
            int group, int[] st, int[] dl, int[] pads, int oh, int ow) {
        int cg = c / group;
        int mg = m / group;
        double[] y = new double[n * m * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int mm = 0; mm < m; mm++) {
                int g = mm / mg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = 0;
                        for (int ci = 0; ci < cg; ci++) {
                            for (int ki = 0; ki < kh; ki++) {
                                for (int kj = 0; kj < kw; kj++) {
                                    int iy = oy * st[0] - pads[0] + ki * dl[0];
                                    int ix = ox * st[1] - pads[1] + kj * dl[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        acc += wt[((mm * cg + ci) * kh + ki) * kw + kj]
                                                * (double) x[((s * c + g * cg + ci) * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        y[((s * m + mm) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "c{0} m{1} k{2}x{3} group {4} strides {5}x{6} dilations {7}x{8} pads {9}")
    @CsvSource({
        "1, 4, 3, 3, 1, 1, 1, 1, 1, 1 1 1 1",
        "4, 8, 3, 3, 1, 1, 1, 1, 1, 0 0 0 0",
        "4, 6, 3, 2, 2, 1, 1, 2, 1, 1 0 2 1",
        "3, 40, 3, 3, 1, 1, 1, 1, 1, 1 1 1 1",
        "2, 4, 3, 3, 1, 2, 2, 1, 1, 1 1 1 1",
        "2, 2, 2, 3, 2, 2, 1, 1, 2, 0 2 1 0",
    })
    void bothConvolutionPathsAreTheDefinitionAndTheirGradientIsItsAdjoint(int c, int m, int kh, int kw, int group,
            int sh, int sw, int dh, int dw, String padText) {
        String[] pt = padText.split(" ");
        long[] pads = {Long.parseLong(pt[0]), Long.parseLong(pt[1]), Long.parseLong(pt[2]), Long.parseLong(pt[3])};
        int n = 3;
        int h = 9;
        int w = 11;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, n * c * h * w);
        float[] wt = random(r, m * (c / group) * kh * kw);
        Ops.Conv conv = new Ops.Conv(node("Conv", Map.of("kernel_shape", new long[] {kh, kw}, "group",
                new long[] {group}, "strides", new long[] {sh, sw}, "dilations", new long[] {dh, dw}, "pads", pads)));
        Tensor[] in = {Tensor.floats(new int[] {n, c, h, w}, x), Tensor.floats(new int[] {m, c / group, kh, kw}, wt)};
        Tensor y = conv.forward(in, new Ops.Saved())[0];
        int oh = y.shape[2];
        int ow = y.shape[3];
        assertEquals((h + (int) (pads[0] + pads[2]) - dh * (kh - 1) - 1) / sh + 1, oh);
        assertEquals((w + (int) (pads[1] + pads[3]) - dw * (kw - 1) - 1) / sw + 1, ow);
        double[] want = reference(x, n, c, h, w, wt, m, kh, kw, group, new int[] {sh, sw}, new int[] {dh, dw},
                new int[] {(int) pads[0], (int) pads[1]}, oh, ow);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], y.f[i], 1e-5, "output " + i);
        }
        conv.forceLowered = true;
        Tensor lowered = conv.forward(in, new Ops.Saved())[0];
        assertArrayEquals(y.f, lowered.f, 1e-5f);

        float[] dy = random(r, y.size());
        float[] dxDirect = new float[x.length];
        float[] dxLowered = new float[x.length];
        conv.forceLowered = false;
        conv.backward(in, y, new Ops.Saved(), dy, new float[][] {dxDirect, null}, new boolean[] {true, false});
        conv.forceLowered = true;
        conv.backward(in, y, new Ops.Saved(), dy, new float[][] {dxLowered, null}, new boolean[] {true, false});
        assertArrayEquals(dxDirect, dxLowered, 1e-5f);
        double lhs = 0;
        for (int i = 0; i < dy.length; i++) {
            lhs += dy[i] * want[i];
        }
        double rhs = 0;
        for (int i = 0; i < x.length; i++) {
            rhs += (double) dxDirect[i] * x[i];
        }
        assertEquals(lhs, rhs, 1e-4 * Math.max(1, Math.abs(lhs)));
    }

    @ParameterizedTest(name = "{0} k{1} strides {2} dilations {3} pads {4} ceil {5} include pad {6}")
    @CsvSource({
        "MaxPool, 2, 2, 1, 0 0 0 0, 0, 0",
        "MaxPool, 3, 2, 1, 1 1 1 1, 1, 0",
        "MaxPool, 2, 1, 2, 0 1 1 0, 0, 0",
        "AveragePool, 2, 2, 1, 0 0 0 0, 0, 0",
        "AveragePool, 3, 2, 1, 1 0 1 2, 1, 0",
        "AveragePool, 3, 2, 1, 1 0 1 2, 1, 1",
        "AveragePool, 3, 3, 1, 1 1 0 0, 0, 1",
    })
    void poolsAreTheirDefinition(String op, int k, int stride, int dil, String padText, int ceil, int includePad) {
        String[] pt = padText.split(" ");
        int[] p = {Integer.parseInt(pt[0]), Integer.parseInt(pt[1]), Integer.parseInt(pt[2]), Integer.parseInt(pt[3])};
        Map<String, long[]> attrs = new HashMap<>(Map.of("kernel_shape", new long[] {k, k}, "strides",
                new long[] {stride, stride}, "pads", new long[] {p[0], p[1], p[2], p[3]}, "ceil_mode",
                new long[] {ceil}, "count_include_pad", new long[] {includePad}));
        if (dil > 1) {
            attrs.put("dilations", new long[] {dil, dil});
        }
        Ops.Pool pool = new Ops.Pool(node(op, attrs));
        int n = 2;
        int h = 7;
        int w = 8;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = random(r, n * h * w);
        Tensor[] in = {Tensor.floats(new int[] {n, 1, h, w}, x)};
        Ops.Saved saved = new Ops.Saved();
        Tensor y = pool.forward(in, saved)[0];
        int oh = y.shape[2];
        int ow = y.shape[3];
        float[] dy = random(r, y.size());
        double[] dx = new double[x.length];
        for (int s = 0; s < n; s++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    double sum = 0;
                    int inside = 0;
                    int padded = 0;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int iy = oy * stride - p[0] + ki * dil;
                            int ix = ox * stride - p[1] + kj * dil;
                            if (iy < h + p[2] && ix < w + p[3]) {
                                padded++;
                            }
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                int idx = (s * h + iy) * w + ix;
                                if (x[idx] > best) {
                                    best = x[idx];
                                    at = idx;
                                }
                                sum += x[idx];
                                inside++;
                            }
                        }
                    }
                    int o = (s * oh + oy) * ow + ox;
                    int div = includePad == 1 ? padded : inside;
                    if (inside == 0) {
                        // a ceil-mode window wholly in the padding: 0, and no gradient
                        assertEquals(0f, y.f[o], 0, "output " + o);
                    } else if (op.equals("MaxPool")) {
                        assertEquals(best, y.f[o], 0, "output " + o);
                        dx[at] += dy[o];
                    } else {
                        assertEquals(sum / div, y.f[o], 1e-6, "output " + o);
                        for (int ki = 0; ki < k; ki++) {
                            for (int kj = 0; kj < k; kj++) {
                                int iy = oy * stride - p[0] + ki * dil;
                                int ix = ox * stride - p[1] + kj * dil;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    dx[(s * h + iy) * w + ix] += dy[o] / div;
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] got = new float[x.length];
        pool.backward(in, y, saved, dy, new float[][] {got}, new boolean[] {true});
        for (int i = 0; i < x.length; i++) {
            assertEquals(dx[i], got[i], 1e-5, "gradient " + i);
        }
    }

    @ParameterizedTest(name = "pads {0}")
    @CsvSource({"0 0 1 2 0 0 2 1", "1 0 0 0 0 1 0 3", "0 0 0 0 0 0 0 0"})
    void padPlacesEveryValueAndSendsItsGradientBack(String padText) {
        String[] pt = padText.split(" ");
        long[] pads = new long[8];
        for (int i = 0; i < 8; i++) {
            pads[i] = Long.parseLong(pt[i]);
        }
        Ops.Pad pad = new Ops.Pad(node("Pad", Map.of("pads", pads)));
        int[] shape = {2, 3, 4, 5};
        SplittableRandom r = new SplittableRandom(5);
        float[] x = random(r, 120);
        Tensor[] in = {Tensor.floats(shape, x)};
        Ops.Saved saved = new Ops.Saved();
        Tensor y = pad.forward(in, saved)[0];
        int[] os = new int[4];
        for (int i = 0; i < 4; i++) {
            os[i] = shape[i] + (int) pads[i] + (int) pads[i + 4];
        }
        assertArrayEquals(os, y.shape);
        double total = 0;
        for (float v : y.f) {
            total += Math.abs(v);
        }
        double inTotal = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    for (int d = 0; d < 5; d++) {
                        float v = x[((a * 3 + b) * 4 + c) * 5 + d];
                        int o = (((a + (int) pads[0]) * os[1] + b + (int) pads[1]) * os[2] + c + (int) pads[2]) * os[3]
                                + d + (int) pads[3];
                        assertEquals(v, y.f[o], 0);
                        inTotal += Math.abs(v);
                    }
                }
            }
        }
        assertEquals(inTotal, total, 1e-9, "the padding is zeros");
        float[] dy = random(r, y.size());
        float[] dx = new float[x.length];
        pad.backward(in, y, saved, dy, new float[][] {dx}, new boolean[] {true});
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    for (int d = 0; d < 5; d++) {
                        int o = (((a + (int) pads[0]) * os[1] + b + (int) pads[1]) * os[2] + c + (int) pads[2]) * os[3]
                                + d + (int) pads[3];
                        assertEquals(dy[o], dx[((a * 3 + b) * 4 + c) * 5 + d], 0);
                    }
                }
            }
        }
    }
}
