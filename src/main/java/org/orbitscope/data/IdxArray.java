package org.orbitscope.data;

import java.util.Arrays;

/**
 * The content of an unsigned-byte IDX file: its dimensions and its elements in file (row-major,
 * C) order. The element array is shared, not copied, because IDX files hold tens of megabytes.
 *
 * @param dims the dimensions, each positive, e.g. {@code [60000, 28, 28]}
 * @param data the elements, {@code product(dims)} bytes; read them as unsigned ({@code b & 0xff})
 */
public record IdxArray(int[] dims, byte[] data) {

    /**
     * @throws IllegalArgumentException if a dimension is not positive or {@code data} does not hold
     *     exactly {@code product(dims)} elements
     */
    public IdxArray {
        dims = dims.clone();
        long product = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("IDX dimensions must be positive: " + Arrays.toString(dims));
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("IDX array too large: " + Arrays.toString(dims));
            }
        }
        if (data.length != product) {
            throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(dims) + " need " + product
                    + " elements, got " + data.length);
        }
    }

    /** @return a copy of the dimensions */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of dimensions (the last byte of the IDX magic number) */
    public int rank() {
        return dims.length;
    }

    /**
     * @param k dimension index, {@code 0 <= k < rank()}
     * @return the size of dimension {@code k}
     */
    public int dim(int k) {
        return dims[k];
    }

    /** @return the IDX magic number of this array: {@code 0x0800 | rank()} */
    public int magic() {
        return 0x0800 | dims.length;
    }

    /** Compares dimensions and elements by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(dims, other.dims) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    /** Shows the dimensions only (the elements can be millions). */
    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims);
    }
}
