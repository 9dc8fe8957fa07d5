package org.orbitscope.model.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of an ONNX {@code ModelProto} that a feed-forward classifier needs, field by field from the
 * protobuf wire format (field numbers of onnx/onnx.proto, IR version 3 and later), and skips the rest.
 *
 * <p>The file is untrusted input: it is bounded in size ({@link #MAX_BYTES}), every tensor in elements
 * ({@link Tensor#MAX_ELEMENTS}) and must hold exactly as many values as its dimensions say, external data
 * references are refused (they would read other files), sub-graphs (control flow) are skipped and refused
 * where used, so the reader's nesting is fixed by its code, and nothing in the file is ever executed as code.
 */
public final class OnnxReader {

    /** Largest ONNX file read (512 MB). */
    public static final long MAX_BYTES = 512L << 20;

    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int DOUBLE = 11;

    private OnnxReader() {
    }

    /**
     * A parsed model.
     *
     * @param irVersion the ONNX IR version
     * @param opset the default-domain operator set version (0 if not declared)
     * @param producer the producer name and version, e.g. {@code pytorch 1.13.1}
     * @param graph the main graph
     */
    public record Model(long irVersion, long opset, String producer, Graph graph) {
    }

    /**
     * @param name the graph's name
     * @param nodes the nodes, in file order
     * @param initializers constant tensors by name
     * @param inputs the graph inputs (initializers included, as some exporters list them)
     * @param outputs the graph outputs
     */
    record Graph(String name, List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs,
            List<ValueInfo> outputs) {
    }

    /**
     * @param name the node's name (may be empty)
     * @param opType the operator
     * @param domain the operator's domain ("" or "ai.onnx" for the standard operators)
     * @param inputs input value names ("" for an omitted optional input)
     * @param outputs output value names
     * @param attributes attributes by name
     */
    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {

        /** @return the name for messages: the node's name, else its first output */
        String label() {
            return !name.isEmpty() ? name : outputs.isEmpty() ? opType : outputs.get(0);
        }
    }

    /**
     * @param name the attribute name
     * @param f a float value
     * @param i an integer value
     * @param s a string value
     * @param t a tensor value
     * @param floats repeated floats
     * @param ints repeated integers
     * @param hasGraph whether it holds a sub-graph (refused where used)
     */
    record Attribute(String name, float f, long i, String s, Tensor t, float[] floats, long[] ints,
            boolean hasGraph) {
    }

    /**
     * @param name the value name
     * @param elemType the element type (1 = float)
     * @param dims the dimensions, -1 where symbolic or unknown; null if the shape is not given
     */
    record ValueInfo(String name, int elemType, long[] dims) {
    }

    /**
     * Parses an ONNX file's bytes.
     *
     * @param bytes the file
     * @param file the file name, for messages
     * @return the model
     * @throws OnnxException if the bytes are not a model this reader accepts
     */
    public static Model read(byte[] bytes, String file) {
        if (bytes.length > MAX_BYTES) {
            throw new OnnxException(file + " is larger than " + (MAX_BYTES >> 20) + " MB.");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(32);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.pushLimit(bytes.length);
            return model(in, file);
        } catch (OnnxException e) {
            throw new OnnxException(file + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new OnnxException(file + " is not a valid ONNX model (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ").");
        }
    }

    private static Model model(CodedInputStream in, String file) throws IOException {
        long ir = 0;
        long opset = 0;
        String producer = "";
        String producerVersion = "";
        Graph graph = null;
        boolean any = false;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            any = true;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ir = in.readInt64();
                case 2 -> producer = in.readString();
                case 3 -> producerVersion = in.readString();
                case 7 -> graph = message(in, OnnxReader::graph);
                case 8 -> {
                    long[] set = message(in, OnnxReader::opsetId);
                    if (set[0] == 1) {
                        opset = set[1];
                    }
                }
                default -> in.skipField(tag);
            }
        }
        if (!any || graph == null) {
            throw new OnnxException("no graph: this is not an ONNX model file.");
        }
        return new Model(ir, opset, (producer + " " + producerVersion).strip(), graph);
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(CodedInputStream in) throws IOException;
    }

    private static <T> T message(CodedInputStream in, Parser<T> parser) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0 || length > in.getBytesUntilLimit()) {
            throw new OnnxException("a message claims " + length + " bytes, more than the file holds.");
        }
        int old = in.pushLimit(length);
        T value = parser.parse(in);
        in.checkLastTagWas(0);
        in.popLimit(old);
        return value;
    }

    /** @return {default-domain ? 1 : 0, version} */
    private static long[] opsetId(CodedInputStream in) throws IOException {
        String domain = "";
        long version = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> domain = in.readString();
                case 2 -> version = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        return new long[] {domain.isEmpty() || domain.equals("ai.onnx") ? 1 : 0, version};
    }

    private static Graph graph(CodedInputStream in) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> init = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        String name = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(message(in, OnnxReader::node));
                case 2 -> name = in.readString();
                case 5 -> {
                    Named t = message(in, OnnxReader::tensor);
                    if (t.name.isEmpty()) {
                        throw new OnnxException("an initializer has no name.");
                    }
                    init.put(t.name, t.tensor);
                }
                case 11 -> inputs.add(message(in, OnnxReader::valueInfo));
                case 12 -> outputs.add(message(in, OnnxReader::valueInfo));
                case 15 -> throw new OnnxException("sparse initializers are not supported.");
                default -> in.skipField(tag);
            }
        }
        return new Graph(name, List.copyOf(nodes), init, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Node node(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        String name = "";
        String op = "";
        String domain = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> op = in.readString();
                case 7 -> domain = in.readString();
                case 5 -> {
                    Attribute a = message(in, OnnxReader::attribute);
                    attrs.put(a.name(), a);
                }
                default -> in.skipField(tag);
            }
        }
        if (op.isEmpty()) {
            throw new OnnxException("node '" + name + "' has no operator type.");
        }
        return new Node(name, op, domain, List.copyOf(inputs), List.copyOf(outputs), attrs);
    }

    private static Attribute attribute(CodedInputStream in) throws IOException {
        String name = "";
        float f = 0;
        long i = 0;
        String s = null;
        Tensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        boolean graph = false;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> name = in.readString();
                case 2 -> f = in.readFloat();
                case 3 -> i = in.readInt64();
                case 4 -> s = in.readBytes().toString(StandardCharsets.UTF_8);
                case 5 -> t = message(in, OnnxReader::tensor).tensor;
                case 6, 11 -> {
                    graph = true;
                    in.skipField(tag);
                }
                case 7 -> readFloats(in, wire, floats);
                case 8 -> readLongs(in, wire, ints);
                default -> in.skipField(tag);
            }
            if (floats.size() > Tensor.MAX_ELEMENTS || ints.size() > Tensor.MAX_ELEMENTS) {
                throw new OnnxException("attribute '" + name + "' is too long.");
            }
        }
        float[] fa = new float[floats.size()];
        for (int k = 0; k < fa.length; k++) {
            fa[k] = floats.get(k);
        }
        return new Attribute(name, f, i, s, t, fa, ints.stream().mapToLong(Long::longValue).toArray(), graph);
    }

    private static void readFloats(CodedInputStream in, int wire, List<Float> out) throws IOException {
        if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            int old = in.pushLimit(length);
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readFloat());
            }
            in.popLimit(old);
        } else {
            out.add(in.readFloat());
        }
    }

    private static void readLongs(CodedInputStream in, int wire, List<Long> out) throws IOException {
        if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int length = in.readRawVarint32();
            int old = in.pushLimit(length);
            while (in.getBytesUntilLimit() > 0) {
                out.add(in.readInt64());
                if (out.size() > Tensor.MAX_ELEMENTS) {
                    throw new OnnxException("a repeated integer field is too long.");
                }
            }
            in.popLimit(old);
        } else {
            out.add(in.readInt64());
        }
    }

    private record Named(String name, Tensor tensor) {
    }

    private static Named tensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        byte[] raw = null;
        List<Float> floats = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int wire = WireFormat.getTagWireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readLongs(in, wire, dims);
                case 2 -> type = in.readInt32();
                case 4 -> readFloats(in, wire, floats);
                case 5, 7 -> readLongs(in, wire, longs);
                case 8 -> name = in.readString();
                case 9 -> raw = in.readByteArray();
                case 13 -> throw new OnnxException("tensor '" + name + "' refers to external data; Orbitscope "
                        + "reads only self-contained ONNX files (export with the weights inside the file).");
                case 14 -> {
                    if (in.readEnum() != 0) {
                        throw new OnnxException("tensor '" + name + "' is stored outside the file; Orbitscope "
                                + "reads only self-contained ONNX files.");
                    }
                }
                case 10 -> throw new OnnxException("tensor '" + name + "' stores doubles in double_data, "
                        + "which is not supported.");
                default -> in.skipField(tag);
            }
            if (floats.size() > Tensor.MAX_ELEMENTS || longs.size() > Tensor.MAX_ELEMENTS) {
                throw new OnnxException("tensor '" + name + "' holds too many values.");
            }
        }
        int[] shape = new int[dims.size()];
        for (int k = 0; k < shape.length; k++) {
            long d = dims.get(k);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxException("tensor '" + name + "' has dimension " + d + ".");
            }
            shape[k] = (int) d;
        }
        int n = Tensor.checkedSize(shape);
        String what = "tensor '" + name + "' of shape " + Arrays.toString(shape);
        switch (type) {
            case FLOAT, DOUBLE -> {
                float[] v = new float[n];
                if (raw != null) {
                    int width = type == FLOAT ? 4 : 8;
                    if ((long) raw.length != (long) n * width) {
                        throw new OnnxException(what + " holds " + raw.length + " bytes, expected " + (long) n * width
                                + ".");
                    }
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        v[k] = type == FLOAT ? b.getFloat() : (float) b.getDouble();
                    }
                } else {
                    if (type == DOUBLE || floats.size() != n) {
                        throw new OnnxException(what + " holds " + floats.size() + " values, expected " + n + ".");
                    }
                    for (int k = 0; k < n; k++) {
                        v[k] = floats.get(k);
                    }
                }
                return new Named(name, Tensor.floats(shape, v));
            }
            case INT64, INT32 -> {
                long[] v = new long[n];
                if (raw != null) {
                    int width = type == INT64 ? 8 : 4;
                    if ((long) raw.length != (long) n * width) {
                        throw new OnnxException(what + " holds " + raw.length + " bytes, expected " + (long) n * width
                                + ".");
                    }
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        v[k] = type == INT64 ? b.getLong() : b.getInt();
                    }
                } else {
                    if (longs.size() != n) {
                        throw new OnnxException(what + " holds " + longs.size() + " values, expected " + n + ".");
                    }
                    for (int k = 0; k < n; k++) {
                        v[k] = longs.get(k);
                    }
                }
                return new Named(name, Tensor.longs(shape, v));
            }
            default -> throw new OnnxException(what + " has element type " + type + "; only float32, float64, "
                    + "int32 and int64 tensors are supported.");
        }
    }

    private static ValueInfo valueInfo(CodedInputStream in) throws IOException {
        String name = "";
        int[] elem = {0};
        long[][] dims = {null};
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> message(in, t -> {
                    typeProto(t, elem, dims);
                    return null;
                });
                default -> in.skipField(tag);
            }
        }
        return new ValueInfo(name, elem[0], dims[0]);
    }

    private static void typeProto(CodedInputStream in, int[] elem, long[][] dims) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                message(in, t -> {
                    for (int tt = t.readTag(); tt != 0; tt = t.readTag()) {
                        switch (WireFormat.getTagFieldNumber(tt)) {
                            case 1 -> elem[0] = t.readInt32();
                            case 2 -> dims[0] = message(t, OnnxReader::shape);
                            default -> t.skipField(tt);
                        }
                    }
                    return null;
                });
            } else {
                in.skipField(tag);
            }
        }
    }

    private static long[] shape(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                dims.add(message(in, d -> {
                    long v = -1;
                    for (int t = d.readTag(); t != 0; t = d.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == 1) {
                            v = d.readInt64();
                        } else {
                            d.skipField(t);
                        }
                    }
                    return v;
                }));
                if (dims.size() > 64) {
                    throw new OnnxException("a value has more than 64 dimensions.");
                }
            } else {
                in.skipField(tag);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
