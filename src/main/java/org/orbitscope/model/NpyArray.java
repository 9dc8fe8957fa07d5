package org.orbitscope.model;

import java.util.Arrays;

/**
 * One array of a NumPy {@code .npz} archive: little-endian float32 or int32 data with a C-order shape.
 *
 * @param shape dimensions ({@code []} for a scalar)
 * @param floats data when the dtype is float32, else {@code null}
 * @param ints data when the dtype is int32, else {@code null}
 */
public record NpyArray(int[] shape, float[] floats, int[] ints) {

    /** Checks that exactly one data array is given and that it matches the shape. */
    public NpyArray {
        shape = shape.clone();
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("exactly one of floats and ints must be given");
        }
        long n = elements(shape);
        int len = floats != null ? floats.length : ints.length;
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + len);
        }
    }

    /**
     * @param data values
     * @param shape dimensions
     * @return a float32 array
     */
    public static NpyArray of(float[] data, int... shape) {
        return new NpyArray(shape, data, null);
    }

    /**
     * @param data values
     * @param shape dimensions
     * @return an int32 array
     */
    public static NpyArray ofInts(int[] data, int... shape) {
        return new NpyArray(shape, null, data);
    }

    /**
     * @param value the scalar
     * @return a float32 scalar (shape {@code []})
     */
    public static NpyArray scalar(float value) {
        return new NpyArray(new int[0], new float[] {value}, null);
    }

    /**
     * @param shape dimensions
     * @return the number of elements, or -1 if a dimension is negative
     */
    public static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** @return true for float32 data */
    public boolean isFloat() {
        return floats != null;
    }

    /** @return the number of elements */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(floats, a.floats)
                && Arrays.equals(ints, a.ints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(floats) + Arrays.hashCode(ints);
    }

    @Override
    public String toString() {
        return (isFloat() ? "float32" : "int32") + Arrays.toString(shape);
    }
}
