package org.orbitscope.model.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.orbitscope.model.Blas;

/**
 * The ONNX operators Orbitscope runs, each with its forward pass and the gradient of its first output w.r.t.
 * its float inputs (what input gradients, integrated gradients and Jacobians need). Convolutions are im2col
 * plus one OpenBLAS product per group and chunk of samples; everything else is plain loops.
 */
final class Ops {

    /** The supported operators (default domain). */
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Conv", "Relu",
            "LeakyRelu", "Sigmoid", "Tanh", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
            "BatchNormalization", "Dropout", "Identity", "Concat", "Softmax", "LogSoftmax", "Transpose", "Constant",
            "Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "Pad");

    /** Most floats one im2col buffer holds before the samples are taken in smaller chunks. */
    private static final int COL_BUDGET = 1 << 22;

    private Ops() {
    }

    /** What a kernel keeps from its forward pass for its backward pass. */
    static final class Saved {
        int[] indices;
    }

    /** One operator instance: a node's attributes bound. */
    abstract static class Kernel {
        final OnnxReader.Node node;

        Kernel(OnnxReader.Node node) {
            this.node = node;
        }

        /** @return the outputs */
        abstract Tensor[] forward(Tensor[] in, Saved saved);

        /**
         * Accumulates into {@code dIn[i]} (allocated by the caller, zeroed) the gradient of the loss w.r.t.
         * float input {@code i}, for each {@code i} with {@code need[i]}.
         */
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dOut, float[][] dIn, boolean[] need) {
            throw new OnnxException("node '" + node.label() + "' (" + node.opType() + ") has no gradient.");
        }

        String where() {
            return "node '" + node.label() + "' (" + node.opType() + ")";
        }
    }

    // ---------------------------------------------------------------------
    // attributes
    // ---------------------------------------------------------------------

    private static long attrInt(OnnxReader.Node n, String name, long dflt) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null ? dflt : a.i();
    }

    private static float attrFloat(OnnxReader.Node n, String name, float dflt) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null ? dflt : a.f();
    }

    private static long[] attrInts(OnnxReader.Node n, String name) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null ? null : a.ints();
    }

    private static String attrString(OnnxReader.Node n, String name, String dflt) {
        OnnxReader.Attribute a = n.attributes().get(name);
        return a == null || a.s() == null ? dflt : a.s();
    }

    private static int axis(long a, int rank, Kernel k) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) {
            throw new OnnxException(k.where() + ": axis " + a + " is outside a rank-" + rank + " tensor.");
        }
        return (int) r;
    }

    private static Tensor requireFloat(Tensor t, Kernel k, int input) {
        if (t == null || !t.isFloat()) {
            throw new OnnxException(k.where() + ": input " + input + " must be a float tensor, got " + t + ".");
        }
        return t;
    }

    /**
     * Creates the kernel of a node.
     *
     * @param n the node
     * @param opset the model's operator set version
     * @return the kernel
     * @throws OnnxException if the operator or one of its settings is not supported
     */
    static Kernel create(OnnxReader.Node n, long opset) {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            throw new OnnxException("node '" + n.label() + "' uses operator " + n.opType() + " of domain '"
                    + n.domain() + "', which Orbitscope does not support.");
        }
        for (OnnxReader.Attribute a : n.attributes().values()) {
            if (a.hasGraph()) {
                throw new OnnxException("node '" + n.label() + "' (" + n.opType() + ") holds a sub-graph; control "
                        + "flow is not supported.");
            }
        }
        return switch (n.opType()) {
            case "Gemm" -> new Gemm(n);
            case "MatMul" -> new MatMul(n);
            case "Add", "Sub", "Mul", "Div" -> new Binary(n);
            case "Conv" -> new Conv(n);
            case "Relu", "LeakyRelu", "Sigmoid", "Tanh" -> new Unary(n);
            case "MaxPool", "AveragePool" -> new Pool(n);
            case "GlobalAveragePool" -> new GlobalAveragePool(n);
            case "Flatten" -> new Flatten(n);
            case "Reshape" -> new Reshape(n);
            case "BatchNormalization" -> new BatchNorm(n);
            case "Dropout", "Identity" -> new Pass(n);
            case "Concat" -> new Concat(n);
            case "Softmax", "LogSoftmax" -> new Softmax(n, opset);
            case "Transpose" -> new Transpose(n);
            case "Constant" -> new Constant(n);
            case "Shape" -> new Shape(n);
            case "Gather" -> new Gather(n);
            case "Unsqueeze", "Squeeze" -> new Unsqueeze(n);
            case "Cast" -> new Cast(n);
            case "Pad" -> new Pad(n);
            default -> throw new OnnxException("node '" + n.label() + "' uses operator " + n.opType()
                    + ", which Orbitscope does not support (supported: " + String.join(", ",
                    SUPPORTED.stream().sorted().toList()) + ").");
        };
    }

    // ---------------------------------------------------------------------
    // linear algebra
    // ---------------------------------------------------------------------

    /** {@code Y = alpha op(A) op(B) + beta C}. */
    static final class Gemm extends Kernel {
        private final float alpha;
        private final float beta;
        private final boolean ta;
        private final boolean tb;

        Gemm(OnnxReader.Node n) {
            super(n);
            alpha = attrFloat(n, "alpha", 1f);
            beta = attrFloat(n, "beta", 1f);
            ta = attrInt(n, "transA", 0) != 0;
            tb = attrInt(n, "transB", 0) != 0;
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor a = requireFloat(in[0], this, 0);
            Tensor b = requireFloat(in[1], this, 1);
            if (a.rank() != 2 || b.rank() != 2) {
                throw new OnnxException(where() + " needs 2-D inputs, got " + a + " and " + b + ".");
            }
            int m = ta ? a.shape[1] : a.shape[0];
            int k = ta ? a.shape[0] : a.shape[1];
            int k2 = tb ? b.shape[1] : b.shape[0];
            int nn = tb ? b.shape[0] : b.shape[1];
            if (k != k2) {
                throw new OnnxException(where() + ": inner dimensions differ (" + a + " x " + b + ").");
            }
            Tensor y = Tensor.floats(new int[] {m, nn});
            Blas.gemm(ta, tb, m, nn, k, alpha, a.f, b.f, 0f, y.f);
            if (in.length > 2 && in[2] != null && beta != 0f) {
                Tensor c = requireFloat(in[2], this, 2);
                Broadcast.accumulate(y, c, beta, this);
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            Tensor a = in[0];
            Tensor b = in[1];
            int m = out.shape[0];
            int nn = out.shape[1];
            int k = ta ? a.shape[0] : a.shape[1];
            if (need[0]) {
                float[] d = Arena.floats(a.size());
                if (!ta) {
                    Blas.gemm(false, !tb, m, k, nn, alpha, dY, b.f, 0f, d);
                } else {
                    Blas.gemm(tb, true, k, m, nn, alpha, b.f, dY, 0f, d);
                }
                add(dIn[0], d);
            }
            if (need[1]) {
                float[] d = Arena.floats(b.size());
                if (!tb) {
                    Blas.gemm(!ta, false, k, nn, m, alpha, a.f, dY, 0f, d);
                } else {
                    Blas.gemm(true, ta, nn, k, m, alpha, dY, a.f, 0f, d);
                }
                add(dIn[1], d);
            }
            if (in.length > 2 && need.length > 2 && need[2]) {
                Broadcast.reduceInto(dY, out.shape, in[2].shape, beta, dIn[2]);
            }
        }
    }

    /** {@code A[..., K] x B[K, N]}. */
    static final class MatMul extends Kernel {
        MatMul(OnnxReader.Node n) {
            super(n);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor a = requireFloat(in[0], this, 0);
            Tensor b = requireFloat(in[1], this, 1);
            if (b.rank() != 2 || a.rank() < 1) {
                throw new OnnxException(where() + " supports A[..., K] x B[K, N] only, got " + a + " x " + b + ".");
            }
            int k = a.shape[a.rank() - 1];
            if (k != b.shape[0]) {
                throw new OnnxException(where() + ": inner dimensions differ (" + a + " x " + b + ").");
            }
            int m = a.size() / Math.max(1, k);
            int nn = b.shape[1];
            int[] shape = a.shape.clone();
            shape[shape.length - 1] = nn;
            Tensor y = Tensor.floats(shape);
            Blas.gemm(false, false, m, nn, k, 1f, a.f, b.f, 0f, y.f);
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            Tensor a = in[0];
            Tensor b = in[1];
            int k = b.shape[0];
            int nn = b.shape[1];
            int m = a.size() / Math.max(1, k);
            if (need[0]) {
                float[] d = Arena.floats(a.size());
                Blas.gemm(false, true, m, k, nn, 1f, dY, b.f, 0f, d);
                add(dIn[0], d);
            }
            if (need[1]) {
                float[] d = Arena.floats(b.size());
                Blas.gemm(true, false, k, nn, m, 1f, a.f, dY, 0f, d);
                add(dIn[1], d);
            }
        }
    }

    private static void add(float[] acc, float[] d) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += d[i];
        }
    }

    // ---------------------------------------------------------------------
    // element-wise
    // ---------------------------------------------------------------------

    /** Numpy-style broadcasting of two shapes. */
    static final class Broadcast {
        private Broadcast() {
        }

        static int[] shape(int[] a, int[] b, Kernel k) {
            int r = Math.max(a.length, b.length);
            int[] out = new int[r];
            for (int i = 0; i < r; i++) {
                int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
                int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
                if (da != db && da != 1 && db != 1) {
                    throw new OnnxException(k.where() + ": shapes " + Arrays.toString(a) + " and "
                            + Arrays.toString(b) + " do not broadcast.");
                }
                out[i] = Math.max(da, db);
            }
            return out;
        }

        /** @return for each output element, the index into an input of shape {@code in} broadcast to it */
        static int[] strides(int[] out, int[] in) {
            int r = out.length;
            int[] st = new int[r];
            int s = 1;
            for (int i = r - 1; i >= 0; i--) {
                int j = i - (r - in.length);
                int d = j >= 0 ? in[j] : 1;
                st[i] = d == 1 ? 0 : s;
                s *= d;
            }
            return st;
        }

        /** Calls {@code f(outIndex, inIndex)} for every element of {@code out}. */
        static void each(int[] out, int[] in, IndexPair f) {
            int r = out.length;
            int[] st = strides(out, in);
            int total = Tensor.checkedSize(out);
            if (total == 0) {
                return;
            }
            if (r == 0) {
                if (total == 1) {
                    f.at(0, 0);
                }
                return;
            }
            int[] idx = new int[r];
            int src = 0;
            int last = out[r - 1];
            int lastStride = st[r - 1];
            for (int o = 0; o < total; o += last) {
                int s = src;
                for (int j = 0; j < last; j++) {
                    f.at(o + j, s);
                    s += lastStride;
                }
                for (int d = r - 2; d >= 0; d--) {
                    idx[d]++;
                    src += st[d];
                    if (idx[d] < out[d]) {
                        break;
                    }
                    src -= st[d] * idx[d];
                    idx[d] = 0;
                }
            }
        }

        /** {@code y += scale * broadcast(c)}. */
        static void accumulate(Tensor y, Tensor c, float scale, Kernel k) {
            int[] s = shape(y.shape, c.shape, k);
            if (!Arrays.equals(s, y.shape)) {
                throw new OnnxException(k.where() + ": " + c + " does not broadcast to " + y + ".");
            }
            each(y.shape, c.shape, (o, i) -> y.f[o] += scale * c.f[i]);
        }

        /** {@code acc += scale * sum of d over the broadcast dimensions of in}. */
        static void reduceInto(float[] d, int[] out, int[] in, float scale, float[] acc) {
            each(out, in, (o, i) -> acc[i] += scale * d[o]);
        }
    }

    @FunctionalInterface
    interface IndexPair {
        void at(int out, int in);
    }

    /** Add, Sub, Mul and Div with broadcasting, on floats (and on integers for shape arithmetic). */
    static final class Binary extends Kernel {
        private final char op;

        Binary(OnnxReader.Node n) {
            super(n);
            op = switch (n.opType()) {
                case "Add" -> '+';
                case "Sub" -> '-';
                case "Mul" -> '*';
                default -> '/';
            };
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor a = in[0];
            Tensor b = in[1];
            int[] shape = Broadcast.shape(a.shape, b.shape, this);
            if (!a.isFloat() && !b.isFloat()) {
                long[] av = a.l;
                long[] bv = b.l;
                long[] out = new long[Tensor.checkedSize(shape)];
                Broadcast.each(shape, a.shape, (o, i) -> out[o] = av[i]);
                long[] bb = new long[out.length];
                Broadcast.each(shape, b.shape, (o, i) -> bb[o] = bv[i]);
                for (int i = 0; i < out.length; i++) {
                    out[i] = switch (op) {
                        case '+' -> out[i] + bb[i];
                        case '-' -> out[i] - bb[i];
                        case '*' -> out[i] * bb[i];
                        default -> bb[i] == 0 ? 0 : out[i] / bb[i];
                    };
                }
                return new Tensor[] {Tensor.longs(shape, out)};
            }
            float[] av = a.isFloat() ? a.f : toFloats(a.l);
            float[] bv = b.isFloat() ? b.f : toFloats(b.l);
            Tensor y = Tensor.floats(shape);
            float[] yf = y.f;
            Broadcast.each(shape, a.shape, (o, i) -> yf[o] = av[i]);
            switch (op) {
                case '+' -> Broadcast.each(shape, b.shape, (o, i) -> yf[o] += bv[i]);
                case '-' -> Broadcast.each(shape, b.shape, (o, i) -> yf[o] -= bv[i]);
                case '*' -> Broadcast.each(shape, b.shape, (o, i) -> yf[o] *= bv[i]);
                default -> Broadcast.each(shape, b.shape, (o, i) -> yf[o] /= bv[i]);
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            int[] shape = out.shape;
            Tensor a = in[0];
            Tensor b = in[1];
            switch (op) {
                case '+', '-' -> {
                    if (need[0]) {
                        Broadcast.reduceInto(dY, shape, a.shape, 1f, dIn[0]);
                    }
                    if (need[1]) {
                        Broadcast.reduceInto(dY, shape, b.shape, op == '+' ? 1f : -1f, dIn[1]);
                    }
                }
                case '*' -> {
                    if (need[0]) {
                        float[] g = expand(shape, b);
                        float[] t = Arena.floats(dY.length);
                        for (int i = 0; i < t.length; i++) {
                            t[i] = dY[i] * g[i];
                        }
                        Broadcast.reduceInto(t, shape, a.shape, 1f, dIn[0]);
                    }
                    if (need[1]) {
                        float[] g = expand(shape, a);
                        float[] t = Arena.floats(dY.length);
                        for (int i = 0; i < t.length; i++) {
                            t[i] = dY[i] * g[i];
                        }
                        Broadcast.reduceInto(t, shape, b.shape, 1f, dIn[1]);
                    }
                }
                default -> {
                    float[] bb = expand(shape, b);
                    if (need[0]) {
                        float[] t = Arena.floats(dY.length);
                        for (int i = 0; i < t.length; i++) {
                            t[i] = dY[i] / bb[i];
                        }
                        Broadcast.reduceInto(t, shape, a.shape, 1f, dIn[0]);
                    }
                    if (need[1]) {
                        float[] aa = expand(shape, a);
                        float[] t = Arena.floats(dY.length);
                        for (int i = 0; i < t.length; i++) {
                            t[i] = -dY[i] * aa[i] / (bb[i] * bb[i]);
                        }
                        Broadcast.reduceInto(t, shape, b.shape, 1f, dIn[1]);
                    }
                }
            }
        }

        private static float[] expand(int[] shape, Tensor t) {
            float[] v = t.isFloat() ? t.f : toFloats(t.l);
            float[] out = new float[Tensor.checkedSize(shape)];
            Broadcast.each(shape, t.shape, (o, i) -> out[o] = v[i]);
            return out;
        }
    }

    private static float[] toFloats(long[] l) {
        float[] f = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            f[i] = l[i];
        }
        return f;
    }

    /** Relu, LeakyRelu, Sigmoid and Tanh. */
    static final class Unary extends Kernel {
        private final String kind;
        private final float alpha;

        Unary(OnnxReader.Node n) {
            super(n);
            kind = n.opType();
            alpha = attrFloat(n, "alpha", 0.01f);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            Tensor y = Tensor.floats(x.shape);
            float[] a = x.f;
            float[] b = y.f;
            switch (kind) {
                case "Relu" -> {
                    for (int i = 0; i < a.length; i++) {
                        b[i] = a[i] > 0f ? a[i] : 0f;
                    }
                }
                case "LeakyRelu" -> {
                    for (int i = 0; i < a.length; i++) {
                        b[i] = a[i] >= 0f ? a[i] : alpha * a[i];
                    }
                }
                case "Sigmoid" -> {
                    for (int i = 0; i < a.length; i++) {
                        b[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
                    }
                }
                default -> {
                    for (int i = 0; i < a.length; i++) {
                        b[i] = (float) Math.tanh(a[i]);
                    }
                }
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (!need[0]) {
                return;
            }
            float[] x = in[0].f;
            float[] y = out.f;
            float[] d = dIn[0];
            switch (kind) {
                case "Relu" -> {
                    for (int i = 0; i < d.length; i++) {
                        d[i] += x[i] > 0f ? dY[i] : 0f;
                    }
                }
                case "LeakyRelu" -> {
                    for (int i = 0; i < d.length; i++) {
                        d[i] += x[i] >= 0f ? dY[i] : alpha * dY[i];
                    }
                }
                case "Sigmoid" -> {
                    for (int i = 0; i < d.length; i++) {
                        d[i] += dY[i] * y[i] * (1f - y[i]);
                    }
                }
                default -> {
                    for (int i = 0; i < d.length; i++) {
                        d[i] += dY[i] * (1f - y[i] * y[i]);
                    }
                }
            }
        }
    }

    /** Dropout (inference: identity; the mask output, if asked for, is all ones) and Identity. */
    static final class Pass extends Kernel {
        Pass(OnnxReader.Node n) {
            super(n);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = in[0];
            if (node.outputs().size() > 1) {
                float[] ones = new float[x.size()];
                Arrays.fill(ones, 1f);
                return new Tensor[] {x, Tensor.floats(x.shape, ones)};
            }
            return new Tensor[] {x};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0]) {
                add(dIn[0], dY);
            }
        }
    }

    /** Inference-mode batch normalization over axis 1. */
    static final class BatchNorm extends Kernel {
        private final float eps;

        BatchNorm(OnnxReader.Node n) {
            super(n);
            eps = attrFloat(n, "epsilon", 1e-5f);
            if (attrInt(n, "training_mode", 0) != 0) {
                throw new OnnxException(where() + " is in training mode; export the model in eval() mode.");
            }
        }

        private float[][] affine(Tensor[] in) {
            int c = in[0].shape[1];
            float[] scale = requireFloat(in[1], this, 1).f;
            float[] bias = requireFloat(in[2], this, 2).f;
            float[] mean = requireFloat(in[3], this, 3).f;
            float[] var = requireFloat(in[4], this, 4).f;
            if (scale.length != c || bias.length != c || mean.length != c || var.length != c) {
                throw new OnnxException(where() + ": parameters do not match " + c + " channels.");
            }
            float[] mul = new float[c];
            float[] add = new float[c];
            for (int i = 0; i < c; i++) {
                mul[i] = (float) (scale[i] / Math.sqrt(var[i] + (double) eps));
                add[i] = bias[i] - mean[i] * mul[i];
            }
            return new float[][] {mul, add};
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            if (x.rank() < 2) {
                throw new OnnxException(where() + " needs at least 2 dimensions, got " + x + ".");
            }
            float[][] ab = affine(in);
            int n = x.shape[0];
            int c = x.shape[1];
            int inner = x.size() / Math.max(1, n * c);
            Tensor y = Tensor.floats(x.shape);
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int o = (s * c + ch) * inner;
                    float m = ab[0][ch];
                    float b = ab[1][ch];
                    for (int i = 0; i < inner; i++) {
                        y.f[o + i] = x.f[o + i] * m + b;
                    }
                }
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (!need[0]) {
                return;
            }
            float[][] ab = affine(in);
            int n = out.shape[0];
            int c = out.shape[1];
            int inner = out.size() / Math.max(1, n * c);
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int o = (s * c + ch) * inner;
                    float m = ab[0][ch];
                    for (int i = 0; i < inner; i++) {
                        dIn[0][o + i] += dY[o + i] * m;
                    }
                }
            }
        }
    }

    /** Softmax and LogSoftmax along one axis (opset 13 and later), or over the coerced 2-D view (before 13). */
    static final class Softmax extends Kernel {
        private final long axisAttr;
        private final boolean coerce;
        private final boolean log;

        Softmax(OnnxReader.Node n, long opset) {
            super(n);
            coerce = opset > 0 && opset < 13;
            axisAttr = attrInt(n, "axis", coerce ? 1 : -1);
            log = n.opType().equals("LogSoftmax");
        }

        /** @return {outer, axis length, inner} */
        private int[] layout(int[] shape) {
            int ax = axis(axisAttr, shape.length, this);
            int outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= shape[i];
            }
            if (coerce) {
                return new int[] {outer, Tensor.checkedSize(shape) / Math.max(1, outer), 1};
            }
            int inner = 1;
            for (int i = ax + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            return new int[] {outer, shape[ax], inner};
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            int[] l = layout(x.shape);
            Tensor y = Tensor.floats(x.shape);
            for (int o = 0; o < l[0]; o++) {
                for (int i = 0; i < l[2]; i++) {
                    int base = o * l[1] * l[2] + i;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < l[1]; c++) {
                        max = Math.max(max, x.f[base + c * l[2]]);
                    }
                    double sum = 0;
                    for (int c = 0; c < l[1]; c++) {
                        sum += Math.exp(x.f[base + c * l[2]] - max);
                    }
                    double logSum = Math.log(sum);
                    for (int c = 0; c < l[1]; c++) {
                        double v = x.f[base + c * l[2]] - max - logSum;
                        y.f[base + c * l[2]] = (float) (log ? v : Math.exp(v));
                    }
                }
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (!need[0]) {
                return;
            }
            int[] l = layout(out.shape);
            for (int o = 0; o < l[0]; o++) {
                for (int i = 0; i < l[2]; i++) {
                    int base = o * l[1] * l[2] + i;
                    double dot = 0;
                    for (int c = 0; c < l[1]; c++) {
                        int p = base + c * l[2];
                        dot += log ? dY[p] : dY[p] * out.f[p];
                    }
                    for (int c = 0; c < l[1]; c++) {
                        int p = base + c * l[2];
                        dIn[0][p] += log ? (float) (dY[p] - Math.exp(out.f[p]) * dot)
                                : (float) (out.f[p] * (dY[p] - dot));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------
    // convolution and pooling (NCHW, 2-D)
    // ---------------------------------------------------------------------

    /** @return the first {@code o} in {@code [0, count]} with {@code o * stride + shift >= 0} */
    static int first(int shift, int stride, int count) {
        return shift >= 0 ? 0 : Math.min(count, (-shift + stride - 1) / stride);
    }

    /** @return one past the last {@code o} in {@code [0, count)} with {@code o * stride + shift < size} */
    static int end(int shift, int stride, int size, int count) {
        int room = size - 1 - shift;
        return room < 0 ? 0 : Math.min(count, room / stride + 1);
    }

    /**
     * For each of {@code count} window positions along one axis: the first and one past the last kernel tap that
     * falls inside the input, and the number of taps before the end of the padding.
     */
    static int[][] ranges(int count, int stride, int pad0, int dil, int kernel, int size, int pad1) {
        int[][] r = new int[3][count];
        for (int o = 0; o < count; o++) {
            int start = o * stride - pad0;
            r[0][o] = first(start, dil, kernel);
            r[1][o] = end(start, dil, size, kernel);
            r[2][o] = end(start, dil, size + pad1, kernel);
        }
        return r;
    }

    /** Spatial settings shared by Conv and the pools. */
    private record Window(int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int pb, int pr,
            boolean ceil) {

        static Window of(OnnxReader.Node n, int kh, int kw, Kernel k) {
            long[] st = attrInts(n, "strides");
            long[] dl = attrInts(n, "dilations");
            long[] pads = attrInts(n, "pads");
            String auto = attrString(n, "auto_pad", "NOTSET");
            if (!auto.equals("NOTSET") && !auto.equals("VALID")) {
                throw new OnnxException(k.where() + ": auto_pad " + auto + " is not supported; export with "
                        + "explicit padding.");
            }
            if (st != null && st.length != 2 || dl != null && dl.length != 2 || pads != null && pads.length != 4) {
                throw new OnnxException(k.where() + ": only 2-D windows are supported.");
            }
            int[] p = pads == null ? new int[4] : new int[] {(int) pads[0], (int) pads[1], (int) pads[2],
                (int) pads[3]};
            return new Window(kh, kw, st == null ? 1 : (int) st[0], st == null ? 1 : (int) st[1],
                    dl == null ? 1 : (int) dl[0], dl == null ? 1 : (int) dl[1], p[0], p[1], p[2], p[3],
                    attrInt(n, "ceil_mode", 0) != 0);
        }

        int out(int size, int pad0, int pad1, int kernel, int stride, int dil) {
            int span = size + pad0 + pad1 - dil * (kernel - 1) - 1;
            if (span < 0) {
                return 0;
            }
            return (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        }

        int oh(int h) {
            return out(h, pt, pb, kh, sh, dh);
        }

        int ow(int w) {
            return out(w, pl, pr, kw, sw, dw);
        }
    }

    /**
     * 2-D convolution, optionally grouped: a direct kernel for unit strides and few channels, else im2col and one
     * product per group and chunk of samples.
     */
    static final class Conv extends Kernel {
        /** Most output channels per group for which the direct kernel beats im2col and a product. */
        static final int DIRECT_MAX_CHANNELS = 16;
        private final int group;
        /** Set by tests to run the im2col path where the direct kernel would run. */
        boolean forceLowered;

        Conv(OnnxReader.Node n) {
            super(n);
            group = (int) attrInt(n, "group", 1);
        }

        private Window window(Tensor w) {
            return Window.of(node, w.shape[2], w.shape[3], this);
        }

        private void check(Tensor x, Tensor w) {
            if (x.rank() != 4 || w.rank() != 4) {
                throw new OnnxException(where() + ": only 2-D convolutions (NCHW) are supported, got " + x + " and "
                        + w + ".");
            }
            if (group < 1 || x.shape[1] % group != 0 || w.shape[0] % group != 0
                    || w.shape[1] * group != x.shape[1]) {
                throw new OnnxException(where() + ": weights " + w + " do not fit input " + x + " with group "
                        + group + ".");
            }
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            Tensor w = requireFloat(in[1], this, 1);
            check(x, w);
            Window win = window(w);
            int n = x.shape[0];
            int c = x.shape[1];
            int h = x.shape[2];
            int wd = x.shape[3];
            int m = w.shape[0];
            int oh = win.oh(h);
            int ow = win.ow(wd);
            int p = oh * ow;
            Tensor y = Tensor.floats(new int[] {n, m, oh, ow});
            if (direct(win, m / group)) {
                directForward(x.f, w.f, y.f, n, c, h, wd, m, win, oh, ow);
            } else {
                lowered(x.f, w.f, y.f, n, c, h, wd, m, win, oh, ow);
            }
            if (in.length > 2 && in[2] != null) {
                float[] b = requireFloat(in[2], this, 2).f;
                if (b.length != m) {
                    throw new OnnxException(where() + ": bias has " + b.length + " values for " + m + " channels.");
                }
                for (int s = 0; s < n; s++) {
                    for (int mm = 0; mm < m; mm++) {
                        int o = (s * m + mm) * p;
                        for (int i = 0; i < p; i++) {
                            y.f[o + i] += b[mm];
                        }
                    }
                }
            }
            return new Tensor[] {y};
        }

        /** Whether the direct kernel runs: unit strides, no negative pads, few output channels per group. */
        private boolean direct(Window win, int mg) {
            return !forceLowered && win.sh == 1 && win.sw == 1 && win.pt >= 0 && win.pl >= 0 && win.pb >= 0
                    && win.pr >= 0 && mg <= DIRECT_MAX_CHANNELS;
        }

        /** im2col and one product per group and chunk of samples. */
        private void lowered(float[] xf, float[] wf, float[] yf, int n, int c, int h, int wd, int m, Window win,
                int oh, int ow) {
            int cg = c / group;
            int mg = m / group;
            int rows = cg * win.kh * win.kw;
            int p = oh * ow;
            int chunk = Math.max(1, Math.min(n, COL_BUDGET / Math.max(1, rows * p)));
            float[] col = Arena.floats(rows * chunk * p);
            float[] out = Arena.floats(mg * chunk * p);
            float[][] wg = groupWeights(wf, group, mg * rows);
            for (int s0 = 0; s0 < n; s0 += chunk) {
                int s1 = Math.min(n, s0 + chunk);
                int cols = (s1 - s0) * p;
                for (int gi = 0; gi < group; gi++) {
                    im2col(xf, c, h, wd, gi * cg, cg, win, oh, ow, s0, s1, col, cols);
                    Blas.gemm(false, false, mg, cols, rows, 1f, wg[gi], col, 0f, out);
                    for (int mm = 0; mm < mg; mm++) {
                        for (int s = s0; s < s1; s++) {
                            System.arraycopy(out, mm * cols + (s - s0) * p, yf,
                                    (s * m + gi * mg + mm) * p, p);
                        }
                    }
                }
            }
        }

        /**
         * Direct convolution with unit strides on a zero-padded copy of each sample. Each output channel is
         * computed "wide", as rows of the padded width, so a kernel tap is one long multiply-add over the plane
         * at a fixed offset; the valid columns are then copied out. The shifted input is copied once per tap so
         * that every multiply-add reads and writes at the same index, which the JIT compiles to vector
         * instructions (it does not for two arrays at different offsets, which might alias).
         */
        private void directForward(float[] xf, float[] wf, float[] yf, int n, int c, int h, int wd, int m,
                Window win, int oh, int ow) {
            int cg = c / group;
            int mg = m / group;
            int hp = h + win.pt + win.pb;
            int wp = wd + win.pl + win.pr;
            int plane = hp * wp;
            int len = (oh - 1) * wp + ow;
            int taps = win.kh * win.kw;
            int p = oh * ow;
            if (oh <= 0 || ow <= 0) {
                return;
            }
            float[] xp = new float[cg * plane];
            float[][] shifted = new float[cg * taps][len];
            float[] yw = new float[len];
            float[][] coef = new float[group * mg][cg * taps];
            for (int mm = 0; mm < m; mm++) {
                System.arraycopy(wf, mm * cg * taps, coef[mm], 0, cg * taps);
            }
            for (int s = 0; s < n; s++) {
                for (int gi = 0; gi < group; gi++) {
                    for (int ci = 0; ci < cg; ci++) {
                        int xo = (s * c + gi * cg + ci) * h * wd;
                        for (int iy = 0; iy < h; iy++) {
                            System.arraycopy(xf, xo + iy * wd, xp, ci * plane + (iy + win.pt) * wp + win.pl, wd);
                        }
                        for (int ki = 0; ki < win.kh; ki++) {
                            for (int kj = 0; kj < win.kw; kj++) {
                                System.arraycopy(xp, ci * plane + ki * win.dh * wp + kj * win.dw,
                                        shifted[(ci * win.kh + ki) * win.kw + kj], 0, len);
                            }
                        }
                    }
                    for (int mm = 0; mm < mg; mm++) {
                        combine(shifted, coef[gi * mg + mm], yw, len);
                        int yo = (s * m + gi * mg + mm) * p;
                        for (int oy = 0; oy < oh; oy++) {
                            System.arraycopy(yw, oy * wp, yf, yo + oy * ow, ow);
                        }
                    }
                }
            }
        }

        /**
         * The input gradient of {@link #directForward}: the wide output gradient, placed after a margin of zeros
         * as long as the largest tap offset, is read shifted back by each tap and added to every input channel.
         */
        private void directBackward(float[] dY, float[] wf, float[] dx, int n, int c, int h, int wd, int m,
                Window win, int oh, int ow) {
            int cg = c / group;
            int mg = m / group;
            int hp = h + win.pt + win.pb;
            int wp = wd + win.pl + win.pr;
            int plane = hp * wp;
            int margin = (win.kh - 1) * win.dh * wp + (win.kw - 1) * win.dw;
            int taps = win.kh * win.kw;
            int p = oh * ow;
            if (oh <= 0 || ow <= 0) {
                return;
            }
            float[] dyw = new float[plane + margin];
            float[][] shifted = new float[mg * taps][plane];
            float[] dxp = new float[plane];
            float[][] coef = new float[group * cg][mg * taps];
            for (int gi = 0; gi < group; gi++) {
                for (int ci = 0; ci < cg; ci++) {
                    for (int mm = 0; mm < mg; mm++) {
                        System.arraycopy(wf, ((gi * mg + mm) * cg + ci) * taps, coef[gi * cg + ci], mm * taps, taps);
                    }
                }
            }
            for (int s = 0; s < n; s++) {
                for (int gi = 0; gi < group; gi++) {
                    for (int mm = 0; mm < mg; mm++) {
                        int yo = (s * m + gi * mg + mm) * p;
                        for (int oy = 0; oy < oh; oy++) {
                            System.arraycopy(dY, yo + oy * ow, dyw, margin + oy * wp, ow);
                        }
                        for (int ki = 0; ki < win.kh; ki++) {
                            for (int kj = 0; kj < win.kw; kj++) {
                                System.arraycopy(dyw, margin - ki * win.dh * wp - kj * win.dw,
                                        shifted[mm * taps + ki * win.kw + kj], 0, plane);
                            }
                        }
                    }
                    for (int ci = 0; ci < cg; ci++) {
                        combine(shifted, coef[gi * cg + ci], dxp, plane);
                        int xo = (s * c + gi * cg + ci) * h * wd;
                        for (int iy = 0; iy < h; iy++) {
                            int src = (iy + win.pt) * wp + win.pl;
                            int dst = xo + iy * wd;
                            for (int ix = 0; ix < wd; ix++) {
                                dx[dst + ix] += dxp[src + ix];
                            }
                        }
                    }
                }
            }
        }

        /**
         * {@code y[i] = sum_k a[k] s[k][i]} for {@code i < len}, four terms per pass, every array read at the
         * same index so that the JIT vectorizes it.
         */
        private static void combine(float[][] s, float[] a, float[] y, int len) {
            int k = 0;
            Arrays.fill(y, 0, len, 0f);
            for (; k + 4 <= a.length; k += 4) {
                float a0 = a[k];
                float a1 = a[k + 1];
                float a2 = a[k + 2];
                float a3 = a[k + 3];
                float[] s0 = s[k];
                float[] s1 = s[k + 1];
                float[] s2 = s[k + 2];
                float[] s3 = s[k + 3];
                for (int i = 0; i < len; i++) {
                    y[i] += a0 * s0[i] + a1 * s1[i] + a2 * s2[i] + a3 * s3[i];
                }
            }
            for (; k < a.length; k++) {
                axpy(a[k], s[k], y, len);
            }
        }

        /** {@code y[0, len) += a x[0, len)}, both at the same index so that it vectorizes. */
        private static void axpy(float a, float[] x, float[] y, int len) {
            for (int i = 0; i < len; i++) {
                y[i] += a * x[i];
            }
        }

        private static float[][] groupWeights(float[] w, int group, int per) {
            float[][] out = new float[group][];
            for (int g = 0; g < group; g++) {
                out[g] = group == 1 ? w : Arrays.copyOfRange(w, g * per, (g + 1) * per);
            }
            return out;
        }

        /** Fills {@code col[(ci*kh + ki)*kw + kj][ (s - s0) * P + oy*ow + ox ]} with samples s0..s1. */
        private static void im2col(float[] x, int c, int h, int w, int c0, int cg, Window win, int oh, int ow,
                int s0, int s1, float[] col, int cols) {
            int p = oh * ow;
            for (int ci = 0; ci < cg; ci++) {
                for (int ki = 0; ki < win.kh; ki++) {
                    for (int kj = 0; kj < win.kw; kj++) {
                        int row = (ci * win.kh + ki) * win.kw + kj;
                        int base = row * cols;
                        for (int s = s0; s < s1; s++) {
                            int xo = (s * c + c0 + ci) * h * w;
                            int co = base + (s - s0) * p;
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * win.sh - win.pt + ki * win.dh;
                                int ro = co + oy * ow;
                                if (iy < 0 || iy >= h) {
                                    Arrays.fill(col, ro, ro + ow, 0f);
                                    continue;
                                }
                                int xr = xo + iy * w;
                                int shift = kj * win.dw - win.pl;
                                int lo = first(shift, win.sw, ow);
                                int hi = Math.max(lo, end(shift, win.sw, w, ow));
                                Arrays.fill(col, ro, ro + lo, 0f);
                                if (win.sw == 1) {
                                    System.arraycopy(x, xr + shift + lo, col, ro + lo, hi - lo);
                                } else {
                                    for (int ox = lo; ox < hi; ox++) {
                                        col[ro + ox] = x[xr + ox * win.sw + shift];
                                    }
                                }
                                Arrays.fill(col, ro + hi, ro + ow, 0f);
                            }
                        }
                    }
                }
            }
        }

        private static void col2im(float[] col, int cols, int c, int h, int w, int c0, int cg, Window win, int oh,
                int ow, int s0, int s1, float[] dx) {
            int p = oh * ow;
            for (int ci = 0; ci < cg; ci++) {
                for (int ki = 0; ki < win.kh; ki++) {
                    for (int kj = 0; kj < win.kw; kj++) {
                        int row = (ci * win.kh + ki) * win.kw + kj;
                        int base = row * cols;
                        for (int s = s0; s < s1; s++) {
                            int xo = (s * c + c0 + ci) * h * w;
                            int co = base + (s - s0) * p;
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * win.sh - win.pt + ki * win.dh;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                int ro = co + oy * ow;
                                int xr = xo + iy * w;
                                int shift = kj * win.dw - win.pl;
                                int hi = end(shift, win.sw, w, ow);
                                for (int ox = first(shift, win.sw, ow); ox < hi; ox++) {
                                    dx[xr + ox * win.sw + shift] += col[ro + ox];
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need.length > 1 && need[1]) {
                throw new OnnxException(where() + ": weights computed inside the graph are not supported.");
            }
            if (!need[0]) {
                return;
            }
            Tensor x = in[0];
            Tensor w = in[1];
            Window win = window(w);
            int n = x.shape[0];
            int c = x.shape[1];
            int h = x.shape[2];
            int wd = x.shape[3];
            int m = w.shape[0];
            int oh = out.shape[2];
            int ow = out.shape[3];
            int cg = c / group;
            int mg = m / group;
            if (direct(win, mg)) {
                directBackward(dY, w.f, dIn[0], n, c, h, wd, m, win, oh, ow);
                return;
            }
            int rows = cg * win.kh * win.kw;
            int p = oh * ow;
            int chunk = Math.max(1, Math.min(n, COL_BUDGET / Math.max(1, rows * p)));
            float[] col = Arena.floats(rows * chunk * p);
            float[] dy = Arena.floats(mg * chunk * p);
            float[][] wg = groupWeights(w.f, group, mg * rows);
            for (int s0 = 0; s0 < n; s0 += chunk) {
                int s1 = Math.min(n, s0 + chunk);
                int cols = (s1 - s0) * p;
                for (int gi = 0; gi < group; gi++) {
                    for (int mm = 0; mm < mg; mm++) {
                        for (int s = s0; s < s1; s++) {
                            System.arraycopy(dY, (s * m + gi * mg + mm) * p, dy, mm * cols + (s - s0) * p, p);
                        }
                    }
                    Blas.gemm(true, false, rows, cols, mg, 1f, wg[gi], dy, 0f, col);
                    col2im(col, cols, c, h, wd, gi * cg, cg, win, oh, ow, s0, s1, dIn[0]);
                }
            }
        }
    }

    /** MaxPool and AveragePool (2-D). */
    static final class Pool extends Kernel {
        private final boolean max;
        private final boolean includePad;
        private final Window win;

        Pool(OnnxReader.Node n) {
            super(n);
            max = n.opType().equals("MaxPool");
            includePad = attrInt(n, "count_include_pad", 0) != 0;
            long[] k = attrInts(n, "kernel_shape");
            if (k == null || k.length != 2) {
                throw new OnnxException(where() + ": only 2-D kernels are supported.");
            }
            if (n.outputs().size() > 1) {
                throw new OnnxException(where() + ": the Indices output is not supported.");
            }
            if (attrInt(n, "storage_order", 0) != 0) {
                throw new OnnxException(where() + ": storage_order 1 is not supported.");
            }
            win = Window.of(n, (int) k[0], (int) k[1], this);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            if (x.rank() != 4) {
                throw new OnnxException(where() + " needs an NCHW input, got " + x + ".");
            }
            int nc = x.shape[0] * x.shape[1];
            int h = x.shape[2];
            int w = x.shape[3];
            int oh = win.oh(h);
            int ow = win.ow(w);
            Tensor y = Tensor.floats(new int[] {x.shape[0], x.shape[1], oh, ow});
            int[] arg = max ? Arena.ints(y.size()) : null;
            int[][] cols = ranges(ow, win.sw, win.pl, win.dw, win.kw, w, win.pr);
            int[][] rows = ranges(oh, win.sh, win.pt, win.dh, win.kh, h, win.pb);
            for (int q = 0; q < nc; q++) {
                int xo = q * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * win.sh - win.pt;
                    int k0 = rows[0][oy];
                    int k1 = rows[1][oy];
                    int padY = rows[2][oy];
                    for (int ox = 0; ox < ow; ox++) {
                        int o = (q * oh + oy) * ow + ox;
                        int x0 = ox * win.sw - win.pl;
                        int j0 = cols[0][ox];
                        int j1 = cols[1][ox];
                        if (max) {
                            if (k0 >= k1 || j0 >= j1) {
                                arg[o] = -1;
                                continue;
                            }
                            float[] xf = x.f;
                            int at = xo + (y0 + k0 * win.dh) * w + x0 + j0 * win.dw;
                            float best = xf[at];
                            for (int ki = k0; ki < k1; ki++) {
                                int row = xo + (y0 + ki * win.dh) * w + x0;
                                for (int kj = j0; kj < j1; kj++) {
                                    int idx = row + kj * win.dw;
                                    float v = xf[idx];
                                    boolean higher = v > best;
                                    best = higher ? v : best;
                                    at = higher ? idx : at;
                                }
                            }
                            y.f[o] = best;
                            arg[o] = at;
                        } else {
                            double sum = 0;
                            for (int ki = k0; ki < k1; ki++) {
                                int row = xo + (y0 + ki * win.dh) * w + x0;
                                for (int kj = j0; kj < j1; kj++) {
                                    sum += x.f[row + kj * win.dw];
                                }
                            }
                            int count = Math.max(0, k1 - k0) * Math.max(0, j1 - j0);
                            int div = includePad ? padY * cols[2][ox] : count;
                            y.f[o] = div == 0 ? 0f : (float) (sum / div);
                        }
                    }
                }
            }
            saved.indices = arg;
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (!need[0]) {
                return;
            }
            if (max) {
                for (int o = 0; o < dY.length; o++) {
                    if (saved.indices[o] >= 0) {
                        dIn[0][saved.indices[o]] += dY[o];
                    }
                }
                return;
            }
            Tensor x = in[0];
            int nc = x.shape[0] * x.shape[1];
            int h = x.shape[2];
            int w = x.shape[3];
            int oh = out.shape[2];
            int ow = out.shape[3];
            int[][] cols = ranges(ow, win.sw, win.pl, win.dw, win.kw, w, win.pr);
            int[][] rows = ranges(oh, win.sh, win.pt, win.dh, win.kh, h, win.pb);
            for (int q = 0; q < nc; q++) {
                int xo = q * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * win.sh - win.pt;
                    int k0 = rows[0][oy];
                    int k1 = rows[1][oy];
                    int padY = rows[2][oy];
                    for (int ox = 0; ox < ow; ox++) {
                        int o = (q * oh + oy) * ow + ox;
                        int x0 = ox * win.sw - win.pl;
                        int j0 = cols[0][ox];
                        int j1 = cols[1][ox];
                        int count = Math.max(0, k1 - k0) * Math.max(0, j1 - j0);
                        int div = includePad ? padY * cols[2][ox] : count;
                        if (div == 0) {
                            continue;
                        }
                        float g = dY[o] / div;
                        for (int ki = k0; ki < k1; ki++) {
                            int row = xo + (y0 + ki * win.dh) * w + x0;
                            for (int kj = j0; kj < j1; kj++) {
                                dIn[0][row + kj * win.dw] += g;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Mean over every spatial position: NC... to NC11. */
    static final class GlobalAveragePool extends Kernel {
        GlobalAveragePool(OnnxReader.Node n) {
            super(n);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            if (x.rank() < 3) {
                throw new OnnxException(where() + " needs spatial dimensions, got " + x + ".");
            }
            int nc = x.shape[0] * x.shape[1];
            int inner = x.size() / Math.max(1, nc);
            int[] shape = new int[x.rank()];
            Arrays.fill(shape, 1);
            shape[0] = x.shape[0];
            shape[1] = x.shape[1];
            Tensor y = Tensor.floats(shape);
            for (int q = 0; q < nc; q++) {
                double s = 0;
                for (int i = 0; i < inner; i++) {
                    s += x.f[q * inner + i];
                }
                y.f[q] = (float) (s / inner);
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (!need[0]) {
                return;
            }
            int nc = dY.length;
            int inner = in[0].size() / Math.max(1, nc);
            for (int q = 0; q < nc; q++) {
                float g = dY[q] / inner;
                for (int i = 0; i < inner; i++) {
                    dIn[0][q * inner + i] += g;
                }
            }
        }
    }

    // ---------------------------------------------------------------------
    // shapes
    // ---------------------------------------------------------------------

    /** Base of operators that only reinterpret the shape: the gradient flows through unchanged. */
    abstract static class View extends Kernel {
        View(OnnxReader.Node n) {
            super(n);
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0]) {
                add(dIn[0], dY);
            }
        }
    }

    /** Flatten to 2-D at an axis. */
    static final class Flatten extends View {
        private final long axisAttr;

        Flatten(OnnxReader.Node n) {
            super(n);
            axisAttr = attrInt(n, "axis", 1);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = in[0];
            int ax = axisAttr == x.rank() ? x.rank() : axis(axisAttr, x.rank(), this);
            int outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= x.shape[i];
            }
            return new Tensor[] {x.reshaped(new int[] {outer, x.size() / Math.max(1, outer)})};
        }
    }

    /** Reshape to the shape given by the second input (0 copies a dimension, -1 is inferred). */
    static final class Reshape extends View {
        private final boolean allowZero;

        Reshape(OnnxReader.Node n) {
            super(n);
            allowZero = attrInt(n, "allowzero", 0) != 0;
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = in[0];
            if (in.length < 2 || in[1] == null) {
                throw new OnnxException(where() + " has no shape input.");
            }
            long[] want = in[1].asLongs();
            int[] shape = new int[want.length];
            int infer = -1;
            long known = 1;
            for (int i = 0; i < want.length; i++) {
                long d = want[i];
                if (d == 0 && !allowZero) {
                    if (i >= x.rank()) {
                        throw new OnnxException(where() + ": shape " + Arrays.toString(want) + " copies a dimension "
                                + "that " + x + " lacks.");
                    }
                    d = x.shape[i];
                }
                if (d == -1) {
                    if (infer >= 0) {
                        throw new OnnxException(where() + ": shape " + Arrays.toString(want) + " has two -1.");
                    }
                    infer = i;
                    continue;
                }
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new OnnxException(where() + ": invalid shape " + Arrays.toString(want) + ".");
                }
                shape[i] = (int) d;
                known *= d;
            }
            if (infer >= 0) {
                if (known == 0 || x.size() % known != 0) {
                    throw new OnnxException(where() + ": cannot reshape " + x + " to " + Arrays.toString(want) + ".");
                }
                shape[infer] = (int) (x.size() / known);
            }
            return new Tensor[] {x.reshaped(shape)};
        }
    }

    /** Unsqueeze and Squeeze (axes from the attribute, or from the second input from opset 13 on). */
    static final class Unsqueeze extends View {
        private final boolean squeeze;

        Unsqueeze(OnnxReader.Node n) {
            super(n);
            squeeze = n.opType().equals("Squeeze");
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = in[0];
            long[] axes = in.length > 1 && in[1] != null ? in[1].asLongs() : attrInts(node, "axes");
            java.util.List<Integer> shape = new java.util.ArrayList<>();
            for (int d : x.shape) {
                shape.add(d);
            }
            if (squeeze) {
                java.util.Set<Integer> drop = new java.util.TreeSet<>();
                if (axes == null) {
                    for (int i = 0; i < x.rank(); i++) {
                        if (x.shape[i] == 1) {
                            drop.add(i);
                        }
                    }
                } else {
                    for (long a : axes) {
                        drop.add(axis(a, x.rank(), this));
                    }
                }
                java.util.List<Integer> kept = new java.util.ArrayList<>();
                for (int i = 0; i < shape.size(); i++) {
                    if (!drop.contains(i)) {
                        kept.add(shape.get(i));
                    }
                }
                shape = kept;
            } else {
                if (axes == null) {
                    throw new OnnxException(where() + " has no axes.");
                }
                int rank = x.rank() + axes.length;
                int[] sorted = new int[axes.length];
                for (int i = 0; i < axes.length; i++) {
                    sorted[i] = axis(axes[i], rank, this);
                }
                Arrays.sort(sorted);
                for (int a : sorted) {
                    shape.add(a, 1);
                }
            }
            return new Tensor[] {x.reshaped(shape.stream().mapToInt(Integer::intValue).toArray())};
        }
    }

    /** Permutation of the dimensions. */
    static final class Transpose extends Kernel {
        Transpose(OnnxReader.Node n) {
            super(n);
        }

        private int[] perm(int rank) {
            long[] p = attrInts(node, "perm");
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) {
                out[i] = p == null ? rank - 1 - i : (int) p[i];
            }
            if (p != null && p.length != rank) {
                throw new OnnxException(where() + ": perm does not match a rank-" + rank + " input.");
            }
            return out;
        }

        private static int[] strides(int[] shape) {
            int[] st = new int[shape.length];
            int s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                st[i] = s;
                s *= shape[i];
            }
            return st;
        }

        /** @return for each output element, its source index */
        private static int[] map(int[] inShape, int[] perm) {
            int r = inShape.length;
            int[] outShape = new int[r];
            int[] inStrides = strides(inShape);
            int[] st = new int[r];
            for (int i = 0; i < r; i++) {
                outShape[i] = inShape[perm[i]];
                st[i] = inStrides[perm[i]];
            }
            int total = Tensor.checkedSize(inShape);
            int[] src = new int[total];
            int[] idx = new int[r];
            int s = 0;
            for (int o = 0; o < total; o++) {
                src[o] = s;
                for (int d = r - 1; d >= 0; d--) {
                    idx[d]++;
                    s += st[d];
                    if (idx[d] < outShape[d]) {
                        break;
                    }
                    s -= st[d] * idx[d];
                    idx[d] = 0;
                }
            }
            return src;
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            int[] p = perm(x.rank());
            int[] shape = new int[x.rank()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = x.shape[p[i]];
            }
            int[] src = map(x.shape, p);
            Tensor y = Tensor.floats(shape);
            for (int o = 0; o < src.length; o++) {
                y.f[o] = x.f[src[o]];
            }
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0]) {
                int[] src = map(in[0].shape, perm(in[0].rank()));
                for (int o = 0; o < src.length; o++) {
                    dIn[0][src[o]] += dY[o];
                }
            }
        }
    }

    /** Concatenation along an axis (floats, or integers for shape arithmetic). */
    static final class Concat extends Kernel {
        private final long axisAttr;

        Concat(OnnxReader.Node n) {
            super(n);
            axisAttr = attrInt(n, "axis", 0);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor first = in[0];
            int ax = axis(axisAttr, first.rank(), this);
            boolean floats = first.isFloat();
            int[] shape = first.shape.clone();
            shape[ax] = 0;
            for (Tensor t : in) {
                if (t.rank() != first.rank() || t.isFloat() != floats) {
                    throw new OnnxException(where() + ": inputs " + first + " and " + t + " do not concatenate.");
                }
                for (int i = 0; i < shape.length; i++) {
                    if (i != ax && t.shape[i] != first.shape[i]) {
                        throw new OnnxException(where() + ": inputs " + first + " and " + t + " do not concatenate.");
                    }
                }
                shape[ax] += t.shape[ax];
            }
            int outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= shape[i];
            }
            int total = Tensor.checkedSize(shape);
            float[] fo = floats ? new float[total] : null;
            long[] lo = floats ? null : new long[total];
            int row = total / Math.max(1, outer);
            int off = 0;
            for (Tensor t : in) {
                int part = t.size() / Math.max(1, outer);
                for (int o = 0; o < outer; o++) {
                    if (floats) {
                        System.arraycopy(t.f, o * part, fo, o * row + off, part);
                    } else {
                        System.arraycopy(t.l, o * part, lo, o * row + off, part);
                    }
                }
                off += part;
            }
            return new Tensor[] {floats ? Tensor.floats(shape, fo) : Tensor.longs(shape, lo)};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            int ax = axis(axisAttr, out.rank(), this);
            int outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= out.shape[i];
            }
            int row = out.size() / Math.max(1, outer);
            int off = 0;
            for (int k = 0; k < in.length; k++) {
                int part = in[k].size() / Math.max(1, outer);
                if (need[k]) {
                    for (int o = 0; o < outer; o++) {
                        for (int i = 0; i < part; i++) {
                            dIn[k][o * part + i] += dY[o * row + off + i];
                        }
                    }
                }
                off += part;
            }
        }
    }

    /** A constant from the node's attribute. */
    static final class Constant extends Kernel {
        private final Tensor value;

        Constant(OnnxReader.Node n) {
            super(n);
            Map<String, OnnxReader.Attribute> a = n.attributes();
            if (a.containsKey("value") && a.get("value").t() != null) {
                value = a.get("value").t();
            } else if (a.containsKey("value_float")) {
                value = Tensor.floats(new int[0], new float[] {a.get("value_float").f()});
            } else if (a.containsKey("value_floats")) {
                float[] v = a.get("value_floats").floats();
                value = Tensor.floats(new int[] {v.length}, v);
            } else if (a.containsKey("value_int")) {
                value = Tensor.longs(new int[0], new long[] {a.get("value_int").i()});
            } else if (a.containsKey("value_ints")) {
                long[] v = a.get("value_ints").ints();
                value = Tensor.longs(new int[] {v.length}, v);
            } else {
                throw new OnnxException(where() + " has no supported value attribute.");
            }
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            return new Tensor[] {value};
        }
    }

    /** The shape of a tensor, as int64. */
    static final class Shape extends Kernel {
        Shape(OnnxReader.Node n) {
            super(n);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            long[] s = new long[in[0].rank()];
            for (int i = 0; i < s.length; i++) {
                s[i] = in[0].shape[i];
            }
            int r = s.length;
            int start = (int) attrInt(node, "start", 0);
            int end = (int) attrInt(node, "end", r);
            start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
            end = Math.max(start, Math.min(r, end < 0 ? end + r : end));
            long[] part = Arrays.copyOfRange(s, start, end);
            return new Tensor[] {Tensor.longs(new int[] {part.length}, part)};
        }
    }

    /** Gather along an axis with integer indices. */
    static final class Gather extends Kernel {
        private final long axisAttr;

        Gather(OnnxReader.Node n) {
            super(n);
            axisAttr = attrInt(n, "axis", 0);
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor data = in[0];
            long[] idx = in[1].asLongs();
            int ax = axis(axisAttr, data.rank(), this);
            int outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= data.shape[i];
            }
            int dim = data.shape[ax];
            int inner = data.size() / Math.max(1, outer * dim);
            int[] shape = new int[data.rank() - 1 + in[1].rank()];
            int k = 0;
            for (int i = 0; i < ax; i++) {
                shape[k++] = data.shape[i];
            }
            for (int d : in[1].shape) {
                shape[k++] = d;
            }
            for (int i = ax + 1; i < data.rank(); i++) {
                shape[k++] = data.shape[i];
            }
            int total = Tensor.checkedSize(shape);
            int[] src = new int[total];
            int o = 0;
            for (int a = 0; a < outer; a++) {
                for (long j : idx) {
                    long jj = j < 0 ? j + dim : j;
                    if (jj < 0 || jj >= dim) {
                        throw new OnnxException(where() + ": index " + j + " is outside [0, " + dim + ").");
                    }
                    for (int i = 0; i < inner; i++) {
                        src[o++] = (int) ((a * dim + jj) * inner + i);
                    }
                }
            }
            saved.indices = src;
            if (data.isFloat()) {
                float[] v = new float[total];
                for (int i = 0; i < total; i++) {
                    v[i] = data.f[src[i]];
                }
                return new Tensor[] {Tensor.floats(shape, v)};
            }
            long[] v = new long[total];
            for (int i = 0; i < total; i++) {
                v[i] = data.l[src[i]];
            }
            return new Tensor[] {Tensor.longs(shape, v)};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0]) {
                for (int i = 0; i < dY.length; i++) {
                    dIn[0][saved.indices[i]] += dY[i];
                }
            }
        }
    }

    /** Cast between float and integer tensors. */
    static final class Cast extends Kernel {
        private final long to;

        Cast(OnnxReader.Node n) {
            super(n);
            to = attrInt(n, "to", 1);
            if (to != 1 && to != 6 && to != 7 && to != 11) {
                throw new OnnxException(where() + ": cast to element type " + to + " is not supported.");
            }
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = in[0];
            boolean toFloat = to == 1 || to == 11;
            if (toFloat) {
                return new Tensor[] {x.isFloat() ? x : Tensor.floats(x.shape, toFloats(x.l))};
            }
            return new Tensor[] {x.isFloat() ? Tensor.longs(x.shape, x.asLongs()) : x};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0] && out.isFloat()) {
                add(dIn[0], dY);
            }
        }
    }

    /** Constant padding (pads from the second input, or from the attribute before opset 11). */
    static final class Pad extends Kernel {
        Pad(OnnxReader.Node n) {
            super(n);
            String mode = attrString(n, "mode", "constant");
            if (!mode.equals("constant")) {
                throw new OnnxException(where() + ": padding mode '" + mode + "' is not supported (only constant).");
            }
        }

        private int[] pads(Tensor[] in, int rank) {
            long[] p = in.length > 1 && in[1] != null ? in[1].asLongs() : attrInts(node, "pads");
            if (p == null || p.length != 2 * rank) {
                throw new OnnxException(where() + ": pads must hold " + 2 * rank + " values.");
            }
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                if (p[i] < 0 || p[i] > 1 << 16) {
                    throw new OnnxException(where() + ": pad " + p[i] + " is not supported (negative or huge).");
                }
                out[i] = (int) p[i];
            }
            return out;
        }

        /** @return for each run of the input's last dimension, where it starts in the padded output */
        private static int[] rowStarts(int[] inShape, int[] outShape, int[] pads) {
            int r = inShape.length;
            if (r == 0) {
                return new int[] {0};
            }
            int[] outStrides = new int[r];
            int s = 1;
            for (int i = r - 1; i >= 0; i--) {
                outStrides[i] = s;
                s *= outShape[i];
            }
            int last = inShape[r - 1];
            int rows = last == 0 ? 0 : Tensor.checkedSize(inShape) / last;
            int[] dst = new int[rows];
            int[] idx = new int[r];
            for (int o = 0; o < rows; o++) {
                int d = pads[r - 1];
                for (int i = 0; i < r - 1; i++) {
                    d += (idx[i] + pads[i]) * outStrides[i];
                }
                dst[o] = d;
                for (int i = r - 2; i >= 0; i--) {
                    if (++idx[i] < inShape[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
            return dst;
        }

        @Override
        Tensor[] forward(Tensor[] in, Saved saved) {
            Tensor x = requireFloat(in[0], this, 0);
            int r = x.rank();
            int[] p = pads(in, r);
            int[] shape = new int[r];
            for (int i = 0; i < r; i++) {
                shape[i] = x.shape[i] + p[i] + p[i + r];
            }
            Tensor y = Tensor.floats(shape);
            float value = in.length > 2 && in[2] != null && in[2].isFloat() && in[2].size() > 0 ? in[2].f[0] : 0f;
            if (value != 0f) {
                Arrays.fill(y.f, value);
            }
            int[] dst = rowStarts(x.shape, shape, p);
            int len = r == 0 ? 1 : x.shape[r - 1];
            for (int i = 0; i < dst.length; i++) {
                System.arraycopy(x.f, i * len, y.f, dst[i], len);
            }
            saved.indices = dst;
            return new Tensor[] {y};
        }

        @Override
        void backward(Tensor[] in, Tensor out, Saved saved, float[] dY, float[][] dIn, boolean[] need) {
            if (need[0]) {
                int r = in[0].rank();
                int len = r == 0 ? 1 : in[0].shape[r - 1];
                float[] d = dIn[0];
                for (int i = 0; i < saved.indices.length; i++) {
                    int src = saved.indices[i];
                    int o = i * len;
                    for (int k = 0; k < len; k++) {
                        d[o + k] += dY[src + k];
                    }
                }
            }
        }
    }

    /** @return the operator list of some nodes, sorted and without repeats */
    static List<String> operators(List<OnnxReader.Node> nodes) {
        return nodes.stream().map(OnnxReader.Node::opType).distinct().sorted().toList();
    }
}
