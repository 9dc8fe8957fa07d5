package org.orbitscope.data;

/**
 * The scalar input normalization of SPEC section 1, {@code x_n = (x - mean) / std}, with the mean
 * and standard deviation of the training split's [0,1]-scaled, zero-padded 36x36 images.
 *
 * @param mean mean pixel value, finite
 * @param std standard deviation of the pixel values, finite and positive
 */
public record Normalization(float mean, float std) {

    /** @throws IllegalArgumentException if {@code mean} is not finite or {@code std} is not finite and positive */
    public Normalization {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException("normalization mean must be finite, got " + mean);
        }
        if (!Float.isFinite(std) || !(std > 0)) {
            throw new IllegalArgumentException("normalization std must be finite and positive, got " + std);
        }
    }

    /**
     * @param v a pixel value on the [0,1] scale
     * @return {@code (v - mean) / std}
     */
    public float apply(float v) {
        return (v - mean) / std;
    }
}
