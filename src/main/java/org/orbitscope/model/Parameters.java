package org.orbitscope.model;

import java.util.Arrays;

/**
 * The weights of an MLP: per layer {@code l} a weight matrix {@code w[l]} of shape
 * {@code [sizes[l], sizes[l+1]]} (row-major, so a layer computes {@code x @ W + b}, as the .npz
 * interchange format of SPEC section 6) and a bias {@code b[l]}.
 */
public final class Parameters {

    /** The paper's network: 1296 -> 128 x 5 -> 9 (233,225 parameters). */
    public static final int[] PAPER_SIZES = {1296, 128, 128, 128, 128, 128, 9};

    private final int[] sizes;
    private final float[][] w;
    private final float[][] b;

    /**
     * Zero-initialized parameters.
     *
     * @param sizes layer widths, input first and output last (at least 2 entries, all positive)
     */
    public Parameters(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.w = new float[layers][];
        this.b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l] * sizes[l + 1]];
            b[l] = new float[sizes[l + 1]];
        }
    }

    /**
     * Initialization of PyTorch's {@code nn.Linear}: weights and biases uniform in
     * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]}.
     *
     * @param sizes layer widths
     * @param seed random seed
     * @return freshly initialized parameters
     */
    public static Parameters initialize(int[] sizes, long seed) {
        Parameters p = new Parameters(sizes);
        SplitMix64 rng = new SplitMix64(seed);
        for (int l = 0; l < p.layers(); l++) {
            float bound = (float) (1.0 / Math.sqrt(sizes[l]));
            for (int i = 0; i < p.w[l].length; i++) {
                p.w[l][i] = (2f * rng.nextFloat() - 1f) * bound;
            }
            for (int i = 0; i < p.b[l].length; i++) {
                p.b[l][i] = (2f * rng.nextFloat() - 1f) * bound;
            }
        }
        return p;
    }

    /** @return number of layers (weight matrices) */
    public int layers() {
        return w.length;
    }

    /** @return a copy of the layer widths */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * @param l layer index
     * @return width of layer {@code l} (0 is the input)
     */
    public int size(int l) {
        return sizes[l];
    }

    /**
     * @param l layer
     * @return the live weight array of layer {@code l}, {@code [in, out]} row-major
     */
    public float[] weight(int l) {
        return w[l];
    }

    /**
     * @param l layer
     * @return the live bias array of layer {@code l}
     */
    public float[] bias(int l) {
        return b[l];
    }

    /** @return total number of scalars */
    public int count() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += w[l].length + b[l].length;
        }
        return n;
    }

    /** @return a deep copy */
    public Parameters copy() {
        Parameters p = new Parameters(sizes);
        p.copyFrom(this);
        return p;
    }

    /**
     * Overwrites these parameters with another set of the same shape.
     *
     * @param other source
     */
    public void copyFrom(Parameters other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("shape mismatch: " + Arrays.toString(sizes) + " vs "
                    + Arrays.toString(other.sizes));
        }
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(other.w[l], 0, w[l], 0, w[l].length);
            System.arraycopy(other.b[l], 0, b[l], 0, b[l].length);
        }
    }

    /** Sets every value to zero. */
    public void zero() {
        for (int l = 0; l < layers(); l++) {
            Arrays.fill(w[l], 0f);
            Arrays.fill(b[l], 0f);
        }
    }

    /** @return true if every value is finite */
    public boolean allFinite() {
        for (int l = 0; l < layers(); l++) {
            for (float v : w[l]) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            for (float v : b[l]) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param other parameters of the same shape
     * @return true if every value is bit-for-bit equal
     */
    public boolean sameValues(Parameters other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            return false;
        }
        for (int l = 0; l < layers(); l++) {
            if (!Arrays.equals(w[l], other.w[l]) || !Arrays.equals(b[l], other.b[l])) {
                return false;
            }
        }
        return true;
    }
}
