package org.orbitscope.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.orbitscope.model.Classifier;

/**
 * Runs an {@link ImportedGraph} on batches, in chunks of rows, keeping each chunk's values for the input
 * gradient and the layer activations. One instance per thread.
 */
final class OnnxClassifier implements Classifier {

    private final ImportedGraph graph;
    private final boolean[] requiresGrad;
    private final List<Chunk> chunks = new ArrayList<>();
    private final Arena arena = new Arena();
    private int rows;
    private float[] logits = new float[0];

    /** One forward pass over some rows: every value, and what the kernels saved. */
    private record Chunk(int from, int rows, int padded, Tensor[] values, Ops.Saved[] saved) {
    }

    OnnxClassifier(ImportedGraph graph, boolean[] requiresGrad) {
        this.graph = graph;
        this.requiresGrad = requiresGrad;
    }

    /** Runs the kept nodes on {@code padded} input rows and returns every value. */
    Tensor[] run(float[] x, int padded) {
        return run(x, padded, new Ops.Saved[graph.nodes.size()]);
    }

    private Tensor[] run(float[] x, int padded, Ops.Saved[] saved) {
        Tensor[] v = graph.constants.clone();
        v[graph.inputId] = Tensor.floats(graph.layout.shape(padded), x);
        for (int i = 0; i < graph.kernels.size(); i++) {
            int[] in = graph.inputIds[i];
            Tensor[] args = new Tensor[in.length];
            for (int j = 0; j < in.length; j++) {
                args[j] = in[j] < 0 ? null : v[in[j]];
            }
            if (args.length > 0 && args[0] == null && !graph.nodes.get(i).opType().equals("Constant")) {
                throw new OnnxException("node '" + graph.nodes.get(i).label() + "' has no first input.");
            }
            saved[i] = new Ops.Saved();
            Tensor[] out;
            try {
                out = graph.kernels.get(i).forward(args, saved[i]);
            } catch (OnnxException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new OnnxException(graph.kernels.get(i).where() + " failed on inputs "
                        + Arrays.toString(args) + " (" + e.getMessage() + ").");
            }
            int[] o = graph.outputIds[i];
            for (int j = 0; j < o.length && j < out.length; j++) {
                if (o[j] >= 0) {
                    v[o[j]] = out[j];
                }
            }
        }
        return v;
    }

    @Override
    public int inputs() {
        return ImportedGraph.PIXELS;
    }

    @Override
    public int outputs() {
        return graph.classes;
    }

    @Override
    public float[] forward(float[] x, int n) {
        if (x.length < n * ImportedGraph.PIXELS) {
            throw new IllegalArgumentException("input holds " + x.length + " values, fewer than " + n + " rows");
        }
        chunks.clear();
        arena.recycle();
        rows = n;
        int k = graph.classes;
        if (logits.length < n * k) {
            logits = new float[n * k];
        }
        int step = graph.batch > 0 ? graph.batch : ImportedGraph.CHUNK_ROWS;
        try (Arena.Scope scope = arena.enter()) {
            forwardChunks(x, n, step);
        }
        return logits;
    }

    private void forwardChunks(float[] x, int n, int step) {
        int k = graph.classes;
        for (int from = 0; from < n; from += step) {
            int m = Math.min(step, n - from);
            int padded = graph.batch > 0 ? graph.batch : m;
            float[] in = Arena.floats(padded * ImportedGraph.PIXELS);
            System.arraycopy(x, from * ImportedGraph.PIXELS, in, 0, m * ImportedGraph.PIXELS);
            Ops.Saved[] saved = new Ops.Saved[graph.nodes.size()];
            Tensor[] v = run(in, padded, saved);
            System.arraycopy(v[graph.outputId].f, 0, logits, from * k, m * k);
            chunks.add(new Chunk(from, m, padded, v, saved));
        }
    }

    @Override
    public void inputGradient(float[] dLogits, float[] dInput) {
        try (Arena.Scope scope = arena.enter()) {
            backwardChunks(dLogits, dInput);
        }
    }

    private void backwardChunks(float[] dLogits, float[] dInput) {
        int k = graph.classes;
        for (Chunk c : chunks) {
            Tensor[] v = c.values();
            float[][] grad = new float[v.length][];
            grad[graph.outputId] = Arena.floats(c.padded() * k);
            System.arraycopy(dLogits, c.from() * k, grad[graph.outputId], 0, c.rows() * k);
            for (int i = graph.kernels.size() - 1; i >= 0; i--) {
                int out = graph.outputIds[i][0];
                if (out < 0 || grad[out] == null) {
                    continue;
                }
                int[] in = graph.inputIds[i];
                Tensor[] args = new Tensor[in.length];
                boolean[] need = new boolean[in.length];
                float[][] dIn = new float[in.length][];
                boolean any = false;
                for (int j = 0; j < in.length; j++) {
                    args[j] = in[j] < 0 ? null : v[in[j]];
                    need[j] = in[j] >= 0 && requiresGrad[in[j]];
                    if (need[j]) {
                        if (grad[in[j]] == null) {
                            grad[in[j]] = Arena.floats(v[in[j]].size());
                        }
                        dIn[j] = grad[in[j]];
                        any = true;
                    }
                }
                if (any) {
                    graph.kernels.get(i).backward(args, v[out], c.saved()[i], grad[out], dIn, need);
                }
            }
            float[] g = grad[graph.inputId];
            int len = c.rows() * ImportedGraph.PIXELS;
            if (g == null) {
                Arrays.fill(dInput, c.from() * ImportedGraph.PIXELS, c.from() * ImportedGraph.PIXELS + len, 0f);
            } else {
                System.arraycopy(g, 0, dInput, c.from() * ImportedGraph.PIXELS, len);
            }
        }
    }

    @Override
    public List<Layer> layers() {
        return graph.layers();
    }

    @Override
    public float[] activations(String layer) {
        if (LOGITS.equals(layer)) {
            return logits;
        }
        int width = layer(layer).width();
        Integer id = null;
        for (int i = 0; i < graph.nodes.size() && id == null; i++) {
            if (graph.nodes.get(i).outputs().get(0).equals(layer)) {
                id = graph.outputIds[i][0];
            }
        }
        float[] out = new float[rows * width];
        for (Chunk c : chunks) {
            System.arraycopy(c.values()[id].f, 0, out, c.from() * width, c.rows() * width);
        }
        return out;
    }

    /**
     * Every value of a pass is kept for the input gradient, some 25 kB a row for a small CNN: 200 rows stay in
     * the cache between the forward pass and the gradient, where 3,200 would stream through memory twice
     * (measured: SI of a two-convolution CNN 1.3x faster).
     */
    @Override
    public int passRows() {
        return graph.batch > 0 ? Math.max(graph.batch, 200 / graph.batch * graph.batch) : 200;
    }

    @Override
    public String embeddingLayer() {
        return graph.embeddingLayer();
    }
}
