package org.orbitscope.model;

import java.util.Arrays;
import org.orbitscope.group.Group;

/**
 * Forward and backward passes of an MLP with ReLU hidden layers, optionally with a weight-tied first
 * layer (SPEC section 3): {@code h1 = pool_g relu(W0^T (g x) + b0)}.
 *
 * <p>Matrix products go to OpenBLAS ({@link Blas}); everything else is plain loops over arrays. A
 * network keeps the activations of its last forward pass for {@link #backward}, so one instance must
 * not be used from two threads at once; create one per thread (they are cheap and may share the same
 * {@link Parameters}, which the passes only read).
 */
public final class Network implements Classifier {

    private final Architecture arch;
    private final Parameters params;
    private final int layers;
    private final int groupOrder;
    private final int[][] perms;

    private int capacity;
    private int rows;
    private float[] input;
    private float[][] acts;
    private float[] logits;
    private float[] inputAll;
    private float[] preAll;
    private int[] argmax;
    private float[][] deltas;
    private float[] deltaAll;
    private float[] dInputAll;

    /**
     * @param arch architecture
     * @param params weights of that architecture (read, never written)
     */
    public Network(Architecture arch, Parameters params) {
        if (!Arrays.equals(arch.sizes(), params.sizes())) {
            throw new IllegalArgumentException("parameters " + Arrays.toString(params.sizes())
                    + " do not match " + arch);
        }
        this.arch = arch;
        this.params = params;
        this.layers = arch.layers();
        Group g = arch.tiedGroup();
        this.groupOrder = g == null ? 1 : g.order();
        this.perms = new int[groupOrder][];
        if (g != null) {
            for (int h = 0; h < groupOrder; h++) {
                perms[h] = g.permutation(h);
            }
        }
    }

    /** @return the architecture */
    public Architecture architecture() {
        return arch;
    }

    @Override
    public int inputs() {
        return arch.inputs();
    }

    @Override
    public int outputs() {
        return arch.outputs();
    }

    @Override
    public void inputGradient(float[] dLogits, float[] dInput) {
        backward(dLogits, null, dInput);
    }

    /** Hidden layers are named {@code h1} (after the first ReLU; the pooled layer of WT) to {@code hL}. */
    @Override
    public java.util.List<Layer> layers() {
        java.util.List<Layer> out = new java.util.ArrayList<>();
        for (int l = 1; l < layers; l++) {
            out.add(new Layer("h" + l, params.size(l)));
        }
        out.add(new Layer(LOGITS, arch.outputs()));
        return java.util.List.copyOf(out);
    }

    @Override
    public float[] activations(String layer) {
        if (LOGITS.equals(layer)) {
            return logits;
        }
        if (layer != null && layer.startsWith("h")) {
            try {
                int l = Integer.parseInt(layer.substring(1));
                if (l >= 1 && l < layers) {
                    return acts[l];
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw new IllegalArgumentException("no layer '" + layer + "' (layers: "
                + layers().stream().map(Layer::name).toList() + ")");
    }

    @Override
    public String embeddingLayer() {
        return layers == 1 ? LOGITS : "h" + (layers - 1);
    }

    /** @return the parameters this network reads */
    public Parameters parameters() {
        return params;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        capacity = Math.max(n, capacity * 2);
        acts = new float[layers][];
        deltas = new float[layers][];
        for (int l = 1; l < layers; l++) {
            acts[l] = new float[capacity * arch.sizes()[l]];
            deltas[l] = new float[capacity * arch.sizes()[l]];
        }
        logits = new float[capacity * arch.outputs()];
        if (arch.weightTied()) {
            int h1 = params.size(1);
            inputAll = new float[capacity * groupOrder * arch.inputs()];
            preAll = new float[capacity * groupOrder * h1];
            argmax = new int[capacity * h1];
            deltaAll = new float[capacity * groupOrder * h1];
            dInputAll = new float[capacity * groupOrder * arch.inputs()];
        }
    }

    /**
     * Runs the network on a batch and keeps the activations for {@link #backward}.
     *
     * @param x inputs, {@code n x inputs()} row-major (kept by reference until the next forward)
     * @param n number of rows
     * @return the logits, {@code n x outputs()} row-major, in an internal buffer valid until the next
     *     forward (copy it to keep it)
     */
    @Override
    public float[] forward(float[] x, int n) {
        if (x.length < n * arch.inputs()) {
            throw new IllegalArgumentException("input holds " + x.length + " values, fewer than " + n + " rows");
        }
        ensureCapacity(n);
        this.rows = n;
        this.input = x;
        for (int l = 0; l < layers; l++) {
            int in = params.size(l);
            int out = params.size(l + 1);
            float[] dst = l == layers - 1 ? logits : acts[l + 1];
            if (l == 0 && arch.weightTied()) {
                tiedFirstLayer(x, n, dst);
                continue;
            }
            float[] src = l == 0 ? x : acts[l];
            Blas.gemm(false, false, n, out, in, 1f, src, params.weight(l), 0f, dst);
            addBias(dst, n, params.bias(l), l < layers - 1);
        }
        return logits;
    }

    private static void addBias(float[] z, int n, float[] b, boolean relu) {
        int out = b.length;
        for (int r = 0; r < n; r++) {
            int o = r * out;
            if (relu) {
                for (int j = 0; j < out; j++) {
                    float v = z[o + j] + b[j];
                    z[o + j] = v > 0f ? v : 0f;
                }
            } else {
                for (int j = 0; j < out; j++) {
                    z[o + j] += b[j];
                }
            }
        }
    }

    private void tiedFirstLayer(float[] x, int n, float[] h1) {
        int in = arch.inputs();
        int out = params.size(1);
        int gOrder = groupOrder;
        for (int r = 0; r < n; r++) {
            for (int h = 0; h < gOrder; h++) {
                int[] p = perms[h];
                int dst = (r * gOrder + h) * in;
                int src = r * in;
                for (int i = 0; i < in; i++) {
                    inputAll[dst + i] = x[src + p[i]];
                }
            }
        }
        int all = n * gOrder;
        Blas.gemm(false, false, all, out, in, 1f, inputAll, params.weight(0), 0f, preAll);
        addBias(preAll, all, params.bias(0), true);
        boolean max = arch.pooling() == Pooling.MAX;
        float inv = 1f / gOrder;
        for (int r = 0; r < n; r++) {
            int o = r * out;
            for (int j = 0; j < out; j++) {
                int best = 0;
                float v = preAll[(r * gOrder) * out + j];
                if (max) {
                    for (int h = 1; h < gOrder; h++) {
                        float c = preAll[(r * gOrder + h) * out + j];
                        if (c > v) {
                            v = c;
                            best = h;
                        }
                    }
                    argmax[o + j] = best;
                    h1[o + j] = v;
                } else {
                    for (int h = 1; h < gOrder; h++) {
                        v += preAll[(r * gOrder + h) * out + j];
                    }
                    h1[o + j] = v * inv;
                }
            }
        }
    }

    /**
     * Back-propagates {@code dL/dlogits} through the last forward pass.
     *
     * @param dLogits gradient of the loss w.r.t. the logits, {@code n x outputs()}
     * @param grads where to write the parameter gradients (overwritten), or {@code null}
     * @param dInput where to write the gradient w.r.t. the input, {@code n x inputs()} (overwritten), or
     *     {@code null}
     */
    public void backward(float[] dLogits, Parameters grads, float[] dInput) {
        int n = rows;
        float[] delta = dLogits;
        for (int l = layers - 1; l >= 0; l--) {
            int in = params.size(l);
            int out = params.size(l + 1);
            if (l == 0 && arch.weightTied()) {
                tiedFirstLayerBackward(delta, n, grads, dInput);
                break;
            }
            float[] src = l == 0 ? input : acts[l];
            if (grads != null) {
                Blas.gemm(true, false, in, out, n, 1f, src, delta, 0f, grads.weight(l));
                columnSums(delta, n, out, grads.bias(l));
            }
            if (l > 0) {
                float[] d = deltas[l];
                Blas.gemm(false, true, n, in, out, 1f, delta, params.weight(l), 0f, d);
                float[] a = acts[l];
                int len = n * in;
                for (int i = 0; i < len; i++) {
                    if (a[i] <= 0f) {
                        d[i] = 0f;
                    }
                }
                delta = d;
            } else if (dInput != null) {
                Blas.gemm(false, true, n, in, out, 1f, delta, params.weight(0), 0f, dInput);
            }
        }
    }

    private void tiedFirstLayerBackward(float[] delta1, int n, Parameters grads, float[] dInput) {
        int in = arch.inputs();
        int out = params.size(1);
        int gOrder = groupOrder;
        int all = n * gOrder;
        boolean max = arch.pooling() == Pooling.MAX;
        float inv = 1f / gOrder;
        float[] h1 = layers == 1 ? null : acts[1];
        for (int r = 0; r < n; r++) {
            for (int h = 0; h < gOrder; h++) {
                int dst = (r * gOrder + h) * out;
                for (int j = 0; j < out; j++) {
                    float d;
                    if (max) {
                        d = argmax[r * out + j] == h && preAll[dst + j] > 0f ? delta1[r * out + j] : 0f;
                    } else {
                        d = preAll[dst + j] > 0f ? delta1[r * out + j] * inv : 0f;
                    }
                    deltaAll[dst + j] = d;
                }
            }
        }
        if (h1 == null) {
            throw new IllegalStateException("a weight-tied layer needs a hidden layer after it");
        }
        if (grads != null) {
            Blas.gemm(true, false, in, out, all, 1f, inputAll, deltaAll, 0f, grads.weight(0));
            columnSums(deltaAll, all, out, grads.bias(0));
        }
        if (dInput != null) {
            Blas.gemm(false, true, all, in, out, 1f, deltaAll, params.weight(0), 0f, dInputAll);
            Arrays.fill(dInput, 0, n * in, 0f);
            for (int r = 0; r < n; r++) {
                for (int h = 0; h < gOrder; h++) {
                    int[] p = perms[h];
                    int src = (r * gOrder + h) * in;
                    int dst = r * in;
                    for (int i = 0; i < in; i++) {
                        dInput[dst + p[i]] += dInputAll[src + i];
                    }
                }
            }
        }
    }

    private static void columnSums(float[] m, int n, int cols, float[] out) {
        Arrays.fill(out, 0f);
        for (int r = 0; r < n; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += m[o + j];
            }
        }
    }

    /**
     * @return the last hidden layer's activations of the last forward pass ({@code n x width}, internal
     *     buffer; for a one-layer network, the input)
     */
    public float[] penultimate() {
        return layers == 1 ? input : acts[layers - 1];
    }

    /** @return the width of the last hidden layer */
    public int penultimateWidth() {
        return params.size(layers - 1);
    }

    /** @return rows of the last forward pass */
    public int rows() {
        return rows;
    }

    /**
     * Convenience: logits of a batch, copied out of the internal buffer.
     *
     * @param x inputs, {@code n x inputs()}
     * @param n rows
     * @return a new array of {@code n x outputs()} logits
     */
    @Override
    public float[] logits(float[] x, int n) {
        return Arrays.copyOf(forward(x, n), n * arch.outputs());
    }
}
