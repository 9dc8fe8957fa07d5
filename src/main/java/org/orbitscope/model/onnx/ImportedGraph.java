package org.orbitscope.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orbitscope.model.Classifier;

/**
 * An ONNX classifier checked and ready to run: its nodes bound to Orbitscope's kernels, pruned to what the
 * logits need, its input layout and batch size known, and every layer's width found by running it once on a
 * blank image. Immutable and shared; {@link #newClassifier()} gives each thread its own executor.
 */
public final class ImportedGraph {

    /** Side of the square input image. */
    public static final int SIDE = 36;
    /** Values of one input image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Rows per forward pass of a graph with a free batch dimension (bounds the memory of kept activations). */
    static final int CHUNK_ROWS = 256;

    /** How the 36 x 36 image is laid out in the graph input. */
    public enum Layout {
        /** {@code [N, 1, 36, 36]}, PyTorch's convolution layout. */
        NCHW,
        /** {@code [N, 36, 36]}. */
        NHW,
        /** {@code [N, 1296]}, row-major. */
        FLAT;

        /** @return the lower-case name used on the command line and in cards */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param id {@code nchw}, {@code nhw} or {@code flat}
         * @return the layout
         * @throws OnnxException for another name
         */
        public static Layout byId(String id) {
            for (Layout l : values()) {
                if (l.id().equalsIgnoreCase(id)) {
                    return l;
                }
            }
            throw new OnnxException("Unknown input layout '" + id + "': use nchw, nhw or flat.");
        }

        int[] shape(int rows) {
            return switch (this) {
                case NCHW -> new int[] {rows, 1, SIDE, SIDE};
                case NHW -> new int[] {rows, SIDE, SIDE};
                case FLAT -> new int[] {rows, PIXELS};
            };
        }
    }

    final OnnxReader.Model model;
    final List<OnnxReader.Node> nodes;
    final List<Ops.Kernel> kernels;
    final int[][] inputIds;
    final int[][] outputIds;
    final Tensor[] constants;
    final boolean[] requiresGrad;
    final int inputId;
    final int outputId;
    final int batch;
    final Layout layout;
    final int classes;
    private final Map<String, Integer> ids;
    private final List<Classifier.Layer> layers;
    private final String embeddingLayer;
    private final List<String> notes;

    private ImportedGraph(OnnxReader.Model model, Layout requested, int classes) {
        this.model = model;
        this.classes = classes;
        OnnxReader.Graph g = model.graph();
        List<String> notes = new ArrayList<>();
        ids = new HashMap<>();
        // the image input: the one graph input that is not an initializer
        OnnxReader.ValueInfo input = null;
        for (OnnxReader.ValueInfo v : g.inputs()) {
            if (!g.initializers().containsKey(v.name())) {
                if (input != null) {
                    throw new OnnxException("the graph has several inputs (" + input.name() + ", " + v.name()
                            + "); Orbitscope feeds one image tensor.");
                }
                input = v;
            }
        }
        if (input == null) {
            throw new OnnxException("the graph has no input.");
        }
        if (g.outputs().isEmpty()) {
            throw new OnnxException("the graph has no output.");
        }
        if (g.outputs().size() > 1) {
            notes.add("The graph has " + g.outputs().size() + " outputs; the first, " + g.outputs().get(0).name()
                    + ", is taken as the logits.");
        }
        if (input.elemType() != 0 && input.elemType() != 1) {
            throw new OnnxException("the input " + input.name() + " has element type " + input.elemType()
                    + "; Orbitscope feeds float32 images.");
        }
        this.layout = layout(input, requested);
        long[] dims = input.dims();
        this.batch = dims != null && dims.length > 0 && dims[0] > 0 ? (int) dims[0] : 0;
        if (batch > CHUNK_ROWS * 16) {
            throw new OnnxException("the input has a fixed batch of " + batch + " rows; export with a free batch "
                    + "dimension (dynamic_axes) or a smaller one.");
        }
        if (batch > 0) {
            notes.add("The input has a fixed batch size of " + batch + "; inputs are run " + batch + " at a time.");
        }
        // where each value is made
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            for (String o : g.nodes().get(i).outputs()) {
                if (!o.isEmpty()) {
                    if (producer.containsKey(o) || g.initializers().containsKey(o) || o.equals(input.name())) {
                        throw new OnnxException("value '" + o + "' is defined twice.");
                    }
                    producer.put(o, i);
                }
            }
        }
        String out = g.outputs().get(0).name();
        Integer last = producer.get(out);
        if (last == null) {
            throw new OnnxException("the output '" + out + "' is not made by any node.");
        }
        String op = g.nodes().get(last).opType();
        if (op.equals("Softmax") || op.equals("LogSoftmax")) {
            out = g.nodes().get(last).inputs().get(0);
            notes.add("A final " + op + " was dropped: its input, " + out + ", is taken as the logits.");
        }
        // keep the nodes the logits need, in file order (ONNX requires topological order)
        boolean[] needed = new boolean[g.nodes().size()];
        List<String> stack = new ArrayList<>(List.of(out));
        while (!stack.isEmpty()) {
            String v = stack.remove(stack.size() - 1);
            Integer p = producer.get(v);
            if (p == null) {
                if (!g.initializers().containsKey(v) && !v.equals(input.name()) && !v.isEmpty()) {
                    throw new OnnxException("value '" + v + "' is used but never defined.");
                }
                continue;
            }
            if (!needed[p]) {
                needed[p] = true;
                stack.addAll(g.nodes().get(p).inputs());
            }
        }
        List<OnnxReader.Node> kept = new ArrayList<>();
        for (int i = 0; i < needed.length; i++) {
            if (needed[i]) {
                kept.add(g.nodes().get(i));
            }
        }
        this.nodes = List.copyOf(kept);
        List<Ops.Kernel> ks = new ArrayList<>();
        for (OnnxReader.Node n : nodes) {
            ks.add(Ops.create(n, model.opset()));
        }
        this.kernels = List.copyOf(ks);
        // value ids: input, initializers, node outputs
        id(input.name());
        for (String k : g.initializers().keySet()) {
            id(k);
        }
        for (OnnxReader.Node n : nodes) {
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    id(o);
                }
            }
        }
        inputId = ids.get(input.name());
        outputId = ids.get(out);
        constants = new Tensor[ids.size()];
        g.initializers().forEach((k, t) -> constants[ids.get(k)] = t);
        inputIds = new int[nodes.size()][];
        outputIds = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            OnnxReader.Node n = nodes.get(i);
            inputIds[i] = new int[n.inputs().size()];
            for (int j = 0; j < inputIds[i].length; j++) {
                String v = n.inputs().get(j);
                Integer idx = v.isEmpty() ? null : ids.get(v);
                if (!v.isEmpty() && idx == null) {
                    throw new OnnxException("node '" + n.label() + "' reads '" + v + "', which no earlier node, "
                            + "initializer or input defines.");
                }
                inputIds[i][j] = idx == null ? -1 : idx;
            }
            outputIds[i] = new int[n.outputs().size()];
            for (int j = 0; j < outputIds[i].length; j++) {
                String v = n.outputs().get(j);
                outputIds[i][j] = v.isEmpty() ? -1 : ids.get(v);
            }
        }
        // run once on a blank batch: shapes, element types, layer widths, and the output's size
        int rows = Math.max(1, batch);
        Tensor[] probe = new OnnxClassifier(this, new boolean[ids.size()]).run(new float[rows * PIXELS], rows);
        Tensor logits = probe[outputId];
        if (logits == null || !logits.isFloat() || logits.rank() < 1 || logits.shape[0] != rows
                || logits.size() != rows * classes) {
            throw new OnnxException("the output is " + logits + " for " + rows + " image(s); the dataset has "
                    + classes + " classes, so " + Arrays.toString(new int[] {rows, classes}) + " is expected.");
        }
        requiresGrad = new boolean[ids.size()];
        requiresGrad[inputId] = true;
        for (int i = 0; i < nodes.size(); i++) {
            boolean depends = false;
            for (int id : inputIds[i]) {
                depends |= id >= 0 && requiresGrad[id];
            }
            for (int id : outputIds[i]) {
                if (id >= 0 && probe[id] != null) {
                    requiresGrad[id] = depends && probe[id].isFloat();
                }
            }
        }
        List<Classifier.Layer> ls = new ArrayList<>();
        String embed = Classifier.LOGITS;
        for (int i = 0; i < nodes.size(); i++) {
            int id = outputIds[i][0];
            if (id >= 0 && id != outputId && requiresGrad[id] && probe[id].shape.length > 0
                    && probe[id].shape[0] == rows) {
                ls.add(new Classifier.Layer(nodes.get(i).outputs().get(0), probe[id].size() / rows));
            }
            String t = nodes.get(i).opType();
            if ((t.equals("Gemm") || t.equals("MatMul")) && inputIds[i][0] != inputId
                    && requiresGrad[inputIds[i][0]]) {
                embed = nodes.get(i).inputs().get(0);
            }
        }
        ls.add(new Classifier.Layer(Classifier.LOGITS, classes));
        layers = List.copyOf(ls);
        embeddingLayer = embed;
        this.notes = List.copyOf(notes);
    }

    private void id(String name) {
        ids.putIfAbsent(name, ids.size());
    }

    private static Layout layout(OnnxReader.ValueInfo input, Layout requested) {
        long[] d = input.dims();
        if (d == null) {
            if (requested == null) {
                throw new OnnxException("the input " + input.name() + " declares no shape; give --input-layout.");
            }
            return requested;
        }
        Layout found = switch (d.length) {
            case 4 -> fits(d[1], 1) && fits(d[2], SIDE) && fits(d[3], SIDE) ? Layout.NCHW : null;
            case 3 -> fits(d[1], SIDE) && fits(d[2], SIDE) ? Layout.NHW : null;
            case 2 -> fits(d[1], PIXELS) ? Layout.FLAT : null;
            default -> null;
        };
        if (found == null) {
            throw new OnnxException("the input " + input.name() + " has shape " + dims(d) + "; Orbitscope feeds "
                    + "36 x 36 greyscale images as [N,1,36,36], [N,36,36] or [N,1296].");
        }
        if (requested != null && requested != found) {
            throw new OnnxException("the input " + input.name() + " has shape " + dims(d) + ", which is not the "
                    + requested.id() + " layout asked for.");
        }
        return found;
    }

    private static boolean fits(long dim, int want) {
        return dim <= 0 || dim == want;
    }

    private static String dims(long[] d) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) {
            b.append(i > 0 ? "," : "").append(d[i] < 0 ? "?" : String.valueOf(d[i]));
        }
        return b.append(']').toString();
    }

    /**
     * Checks a parsed model and binds it to the engine.
     *
     * @param model the parsed model
     * @param layout the input layout, or null to take it from the declared input shape
     * @param classes the number of classes its logits must have
     * @param file the file's name, which every message starts with
     * @return the graph
     * @throws OnnxException if an operator is unsupported, a value undefined, or the shapes do not fit
     */
    public static ImportedGraph of(OnnxReader.Model model, Layout layout, int classes, String file) {
        try {
            return new ImportedGraph(model, layout, classes);
        } catch (OnnxException e) {
            throw new OnnxException(file + ": " + e.getMessage());
        }
    }

    /** @return a new executor of this graph (one per thread) */
    public Classifier newClassifier() {
        return new OnnxClassifier(this, requiresGrad);
    }

    /** @return the input layout */
    public Layout layout() {
        return layout;
    }

    /** @return the operator types the logits depend on, sorted */
    public List<String> operators() {
        return Ops.operators(nodes);
    }

    /** @return the layers the classifier names, logits last */
    public List<Classifier.Layer> layers() {
        return layers;
    }

    /** @return the default embedding layer: the input of the last Gemm or MatMul */
    public String embeddingLayer() {
        return embeddingLayer;
    }

    /** @return sentences on what was adapted (a dropped Softmax, a fixed batch size) */
    public List<String> notes() {
        return notes;
    }

    /** @return the parsed model */
    public OnnxReader.Model model() {
        return model;
    }
}
