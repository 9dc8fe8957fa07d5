package org.orbitscope.model.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes small ONNX models in the wire format {@link OnnxReader} reads: the fuzzer's seed corpus and the tests'
 * hand-made graphs. Not a general exporter.
 */
public final class OnnxWriter {

    /** Integer attributes written as one INT rather than INTS when given one value. */
    private static final java.util.Set<String> SCALARS = java.util.Set.of("transA", "transB", "axis", "group",
            "ceil_mode", "count_include_pad", "allowzero");

    private OnnxWriter() {
    }

    /** Builds length-delimited messages field by field. */
    public static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        /**
         * @param field field number
         * @param value a string
         * @return this
         */
        public Message string(int field, String value) {
            return io(() -> out.writeString(field, value));
        }

        /**
         * @param field field number
         * @param value an integer
         * @return this
         */
        public Message int64(int field, long value) {
            return io(() -> out.writeInt64(field, value));
        }

        /**
         * @param field field number
         * @param value a float
         * @return this
         */
        public Message float32(int field, float value) {
            return io(() -> out.writeFloat(field, value));
        }

        /**
         * @param field field number
         * @param value raw bytes
         * @return this
         */
        public Message bytes(int field, byte[] value) {
            return io(() -> out.writeBytes(field, ByteString.copyFrom(value)));
        }

        /**
         * @param field field number
         * @param m a nested message
         * @return this
         */
        public Message message(int field, Message m) {
            return io(() -> out.writeBytes(field, ByteString.copyFrom(m.toBytes())));
        }

        /** @return the encoded message */
        public byte[] toBytes() {
            io(out::flush);
            return bytes.toByteArray();
        }

        private Message io(IoAction a) {
            try {
                a.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /**
     * @param name the initializer's name
     * @param dims its shape
     * @param values its float values (raw_data, little-endian)
     * @return a TensorProto
     */
    public static Message tensor(String name, long[] dims, float[] values) {
        Message t = new Message();
        for (long d : dims) {
            t.int64(1, d);
        }
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return t.int64(2, 1).string(8, name).bytes(9, b.array());
    }

    /**
     * @param name the value's name
     * @param dims its shape, -1 for a symbolic dimension
     * @return a ValueInfoProto of a float tensor
     */
    public static Message value(String name, long[] dims) {
        Message shape = new Message();
        for (long d : dims) {
            shape.message(1, d < 0 ? new Message().string(2, "batch") : new Message().int64(1, d));
        }
        Message tensorType = new Message().int64(1, 1).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /**
     * @param op the operator
     * @param name the node's name
     * @param inputs input names
     * @param outputs output names
     * @param ints integer attributes (those named in {@code SCALARS} with one value are written as INT)
     * @return a NodeProto
     */
    public static Message node(String op, String name, String[] inputs, String[] outputs, Map<String, long[]> ints) {
        Message n = new Message();
        for (String i : inputs) {
            n.string(1, i);
        }
        for (String o : outputs) {
            n.string(2, o);
        }
        n.string(3, name).string(4, op);
        ints.forEach((k, v) -> {
            Message a = new Message().string(1, k);
            if (v.length == 1 && SCALARS.contains(k)) {
                a.int64(20, 2).int64(3, v[0]);
            } else {
                a.int64(20, 7);
                for (long x : v) {
                    a.int64(8, x);
                }
            }
            n.message(5, a);
        });
        return n;
    }

    /**
     * A small CNN on [N,1,36,36]: Conv 2x3x3 (pad 1), Relu, MaxPool 4, Flatten, Gemm to 9 classes, Softmax.
     *
     * @param seed weight seed
     * @return the ONNX file's bytes
     */
    public static byte[] smallCnn(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] w = new float[2 * 9];
        float[] fc = new float[9 * 2 * 81];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextDouble() - 0.5);
        }
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) (r.nextDouble() - 0.5) * 0.1f;
        }
        Message graph = new Message()
                .message(1, node("Conv", "conv", new String[] {"x", "w"}, new String[] {"c"},
                        Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1})))
                .message(1, node("Relu", "relu", new String[] {"c"}, new String[] {"r"}, Map.of()))
                .message(1, node("MaxPool", "pool", new String[] {"r"}, new String[] {"p"},
                        Map.of("kernel_shape", new long[] {4, 4}, "strides", new long[] {4, 4})))
                .message(1, node("Flatten", "flat", new String[] {"p"}, new String[] {"f"}, Map.of()))
                .message(1, node("Gemm", "fc", new String[] {"f", "fc"}, new String[] {"z"},
                        Map.of("transB", new long[] {1})))
                .message(1, node("Softmax", "softmax", new String[] {"z"}, new String[] {"y"}, Map.of()))
                .string(2, "small-cnn")
                .message(5, tensor("w", new long[] {2, 1, 3, 3}, w))
                .message(5, tensor("fc", new long[] {9, 162}, fc))
                .message(11, value("x", new long[] {-1, 1, 36, 36}))
                .message(12, value("y", new long[] {-1, 9}));
        return new Message().int64(1, 8).string(2, "orbitscope").message(7, graph)
                .message(8, new Message().string(1, "").int64(2, 13)).toBytes();
    }
}
