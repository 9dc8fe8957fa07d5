package org.orbitscope.model.onnx;

import java.util.Arrays;

/**
 * A dense row-major tensor of an ONNX graph: float values (activations and weights) or 64-bit integers (the
 * shapes, indices and axes that shape operators compute).
 */
final class Tensor {

    /** Most elements one tensor may hold (64 M floats, 256 MB): 256 rows of 64 channels of 36 x 36 take 21 M. */
    static final long MAX_ELEMENTS = 1L << 26;

    final int[] shape;
    final float[] f;
    final long[] l;

    private Tensor(int[] shape, float[] f, long[] l) {
        this.shape = shape;
        this.f = f;
        this.l = l;
    }

    static Tensor floats(int[] shape, float[] values) {
        if (values.length != size(shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size(shape)
                    + " values, got " + values.length);
        }
        return new Tensor(shape.clone(), values, null);
    }

    static Tensor floats(int[] shape) {
        return new Tensor(shape.clone(), Arena.floats(checkedSize(shape)), null);
    }

    static Tensor longs(int[] shape, long[] values) {
        if (values.length != size(shape)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size(shape)
                    + " values, got " + values.length);
        }
        return new Tensor(shape.clone(), null, values);
    }

    boolean isFloat() {
        return f != null;
    }

    int rank() {
        return shape.length;
    }

    int size() {
        return isFloat() ? f.length : l.length;
    }

    /** @return the same values under another shape (no copy) */
    Tensor reshaped(int[] newShape) {
        if (size(newShape) != size()) {
            throw new OnnxException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(newShape.clone(), f, l);
    }

    /** @return the values as longs (integer tensors, or float tensors holding whole numbers) */
    long[] asLongs() {
        if (l != null) {
            return l;
        }
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (long) f[i];
        }
        return out;
    }

    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new OnnxException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new OnnxException("a tensor of shape " + Arrays.toString(shape) + " is larger than "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return n;
    }

    static int checkedSize(int[] shape) {
        return (int) size(shape);
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int64") + Arrays.toString(shape);
    }
}
