package org.orbitscope.metrics;

/**
 * A normalized square Gaussian filter on square images, with periodic (torus) or zero boundaries
 * (SPEC section 5, step 4).
 */
public final class GaussianBlur {

    private final int size;
    private final double[] kernel;
    private final SaliencySettings.Boundary boundary;

    /**
     * @param size kernel width, odd (SPEC: 3)
     * @param sigma standard deviation in pixels, &gt; 0 (SPEC: 1)
     * @param boundary boundary handling
     */
    public GaussianBlur(int size, double sigma, SaliencySettings.Boundary boundary) {
        if (size < 1 || size % 2 == 0 || !(sigma > 0)) {
            throw new IllegalArgumentException("kernel size must be odd and sigma > 0, got " + size + ", " + sigma);
        }
        this.size = size;
        this.boundary = boundary;
        this.kernel = kernel(size, sigma);
    }

    /**
     * The 2-D kernel {@code exp(-(dr^2+dc^2)/(2 sigma^2))} normalized to sum 1.
     *
     * @param size odd width
     * @param sigma standard deviation in pixels
     * @return {@code size x size} weights, row-major
     */
    public static double[] kernel(int size, double sigma) {
        int h = size / 2;
        double[] k = new double[size * size];
        double sum = 0;
        for (int dr = -h; dr <= h; dr++) {
            for (int dc = -h; dc <= h; dc++) {
                double v = Math.exp(-(dr * dr + dc * dc) / (2 * sigma * sigma));
                k[(dr + h) * size + dc + h] = v;
                sum += v;
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** @return a copy of the kernel weights, row-major */
    public double[] weights() {
        return kernel.clone();
    }

    /**
     * Filters one {@code side x side} image.
     *
     * @param src source
     * @param srcOff offset of the image in {@code src}
     * @param side image side
     * @param dst destination (must not overlap the source image)
     * @param dstOff offset of the image in {@code dst}
     */
    public void apply(float[] src, int srcOff, int side, float[] dst, int dstOff) {
        int h = size / 2;
        boolean periodic = boundary == SaliencySettings.Boundary.PERIODIC;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                double s = 0;
                for (int dr = -h; dr <= h; dr++) {
                    int rr = r + dr;
                    if (periodic) {
                        rr = Math.floorMod(rr, side);
                    } else if (rr < 0 || rr >= side) {
                        continue;
                    }
                    for (int dc = -h; dc <= h; dc++) {
                        int cc = c + dc;
                        if (periodic) {
                            cc = Math.floorMod(cc, side);
                        } else if (cc < 0 || cc >= side) {
                            continue;
                        }
                        s += kernel[(dr + h) * size + dc + h] * src[srcOff + rr * side + cc];
                    }
                }
                dst[dstOff + r * side + c] = (float) s;
            }
        }
    }

    /**
     * @param image one {@code side x side} image
     * @return the filtered image, new array
     */
    public float[] apply(float[] image) {
        int side = (int) Math.round(Math.sqrt(image.length));
        if (side * side != image.length) {
            throw new IllegalArgumentException("image of " + image.length + " pixels is not square");
        }
        float[] out = new float[image.length];
        apply(image, 0, side, out, 0);
        return out;
    }
}
