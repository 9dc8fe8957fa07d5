package org.orbitscope.analysis.probe;

import java.util.Objects;

/**
 * Resampling of square images: rotation by any angle with bilinear interpolation and cyclic column shifts.
 *
 * <p>Rotation convention (the same as R4's, {@code numpy.rot90} on a {@code (row, col)} array): a positive
 * angle turns the image counter-clockwise as it is shown (row 0 at the top). The centre of rotation is the
 * middle of the image, {@code ((side - 1) / 2, (side - 1) / 2)} in pixel-index coordinates, (17.5, 17.5) for
 * 36 x 36: the point every quarter turn maps pixel centres onto pixel centres about, so that 90, 180 and 270
 * degrees are exact pixel permutations. Output pixel {@code (i, j)} takes the value at the source point
 * <pre>
 *   r = c + (i - c) cos(theta) + (j - c) sin(theta)
 *   s = c + (j - c) cos(theta) - (i - c) sin(theta)
 * </pre>
 * interpolated bilinearly between the four pixels around it; pixels outside the image count as
 * {@code fill}. At multiples of 90 degrees the sine and cosine are taken exactly (0 or +-1), so every source
 * point falls on a pixel centre and the value is copied, bit for bit.
 */
public final class Interpolation {

    private Interpolation() {
    }

    /**
     * Rotates a square image counter-clockwise about its centre.
     *
     * @param src the image, {@code side x side} values, row-major
     * @param side the side in pixels, &gt;= 1
     * @param degrees the angle in degrees, any finite value (counter-clockwise positive)
     * @param fill the value of every point outside the image
     * @return a new {@code side x side} image
     * @throws IllegalArgumentException if the sizes do not match or the angle is not finite
     */
    public static float[] rotate(float[] src, int side, double degrees, float fill) {
        Objects.requireNonNull(src);
        if (side < 1 || src.length != side * side) {
            throw new IllegalArgumentException("image has " + src.length + " values, not " + side + " x " + side);
        }
        float[] out = new float[src.length];
        rotate(src, 0, side, degrees, fill, out, 0);
        return out;
    }

    /**
     * Rotates one image of a batch into another batch (see {@link #rotate(float[], int, double, float)}).
     *
     * @param src source values
     * @param srcOff offset of the {@code side x side} image in {@code src}
     * @param side the side in pixels
     * @param degrees the angle in degrees (counter-clockwise positive), finite
     * @param fill the value outside the image
     * @param dst destination (must not overlap the source image)
     * @param dstOff offset of the rotated image in {@code dst}
     */
    public static void rotate(float[] src, int srcOff, int side, double degrees, float fill, float[] dst,
            int dstOff) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("rotation angle must be finite, got " + degrees);
        }
        double[] cs = cosSin(degrees);
        double cos = cs[0];
        double sin = cs[1];
        double c = (side - 1) / 2.0;
        for (int i = 0; i < side; i++) {
            double u = i - c;
            for (int j = 0; j < side; j++) {
                double v = j - c;
                double r = c + u * cos + v * sin;
                double s = c + v * cos - u * sin;
                dst[dstOff + i * side + j] = sample(src, srcOff, side, r, s, fill);
            }
        }
    }

    /**
     * The bilinear value of an image at a point.
     *
     * @param src image values
     * @param off offset of the {@code side x side} image in {@code src}
     * @param side side in pixels
     * @param r row coordinate (pixel centres at integers)
     * @param s column coordinate
     * @param fill value outside the image
     * @return the interpolated value; the pixel itself, exactly, when the point is a pixel centre
     */
    static float sample(float[] src, int off, int side, double r, double s, float fill) {
        double r0 = Math.floor(r);
        double s0 = Math.floor(s);
        double fr = r - r0;
        double fs = s - s0;
        int i = (int) r0;
        int j = (int) s0;
        if (fr == 0 && fs == 0) {
            return pixel(src, off, side, i, j, fill);
        }
        double v = (1 - fr) * (1 - fs) * pixel(src, off, side, i, j, fill)
                + (1 - fr) * fs * pixel(src, off, side, i, j + 1, fill)
                + fr * (1 - fs) * pixel(src, off, side, i + 1, j, fill)
                + fr * fs * pixel(src, off, side, i + 1, j + 1, fill);
        return (float) v;
    }

    private static float pixel(float[] src, int off, int side, int i, int j, float fill) {
        return i < 0 || j < 0 || i >= side || j >= side ? fill : src[off + i * side + j];
    }

    /**
     * @param degrees an angle
     * @return {@code {cos, sin}}, exact (0, 1 or -1) at multiples of 90 degrees
     */
    static double[] cosSin(double degrees) {
        double d = ((degrees % 360) + 360) % 360;
        if (d == 0) {
            return new double[] {1, 0};
        }
        if (d == 90) {
            return new double[] {0, 1};
        }
        if (d == 180) {
            return new double[] {-1, 0};
        }
        if (d == 270) {
            return new double[] {0, -1};
        }
        double rad = Math.toRadians(d);
        return new double[] {Math.cos(rad), Math.sin(rad)};
    }

    /**
     * Shifts the columns of a square image cyclically to the right ({@code numpy.roll(img, shift, axis=1)}).
     *
     * @param src the image, {@code side x side}
     * @param side the side
     * @param shift pixels to the right, any integer (negative shifts left)
     * @return a new image
     */
    public static float[] roll(float[] src, int side, int shift) {
        if (side < 1 || src.length != side * side) {
            throw new IllegalArgumentException("image has " + src.length + " values, not " + side + " x " + side);
        }
        float[] out = new float[src.length];
        roll(src, 0, side, shift, out, 0);
        return out;
    }

    /**
     * Shifts one image of a batch into another batch (see {@link #roll(float[], int, int)}).
     *
     * @param src source values
     * @param srcOff offset of the image in {@code src}
     * @param side the side
     * @param shift pixels to the right
     * @param dst destination (must not overlap the source image)
     * @param dstOff offset of the shifted image in {@code dst}
     */
    public static void roll(float[] src, int srcOff, int side, int shift, float[] dst, int dstOff) {
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                dst[dstOff + r * side + c] = src[srcOff + r * side + Math.floorMod(c - shift, side)];
            }
        }
    }

    /**
     * The gather permutation of a transformation that maps pixel centres onto pixel centres: a rotation by a
     * multiple of 90 degrees, or a shift.
     *
     * @param side the side
     * @param quarterTurns for a rotation, the angle in quarter turns; ignored for a shift
     * @param shift for a shift, the pixels to the right
     * @param rotation true for a rotation, false for a shift
     * @return {@code p} with {@code out[i] = src[p[i]]}
     */
    static int[] permutation(int side, int quarterTurns, int shift, boolean rotation) {
        int[] p = new int[side * side];
        double[] cs = cosSin(90.0 * quarterTurns);
        double c = (side - 1) / 2.0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                if (rotation) {
                    int r = (int) Math.round(c + (i - c) * cs[0] + (j - c) * cs[1]);
                    int s = (int) Math.round(c + (j - c) * cs[0] - (i - c) * cs[1]);
                    p[i * side + j] = r * side + s;
                } else {
                    p[i * side + j] = i * side + Math.floorMod(j - shift, side);
                }
            }
        }
        return p;
    }
}
