package org.orbitscope.analysis.probe;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.orbitscope.OrbitscopeException;

/**
 * Turns a drawing or an image file into the network's input, the way the dataset's own images were made
 * ({@link DigitGeometry}):
 * <ol>
 *   <li>grey levels in [0, 1] with the object bright on a dark background: luminance
 *       {@code 0.299 R + 0.587 G + 0.114 B} over white where transparent; inverted when the border is bright
 *       (a dark digit on white paper); the border's median level subtracted as the background and the result
 *       stretched to [0, 1];</li>
 *   <li>the bounding box of the pixels at or above {@link #INK} cropped, and scaled (aspect ratio kept) so
 *       that its longer side is the geometry's box: area averaging when shrinking, linear interpolation when
 *       enlarging; then stretched again so that its brightest pixel is 1, as the datasets' strokes are;</li>
 *   <li>placed in the 28 x 28 field by its centre of mass (MNIST) or its bounding box (Fashion-MNIST), moved
 *       by whole pixels, and zero-padded to 36 x 36.</li>
 * </ol>
 * A blank picture gives the all-zero image. Pure Java ({@code javax.imageio}); no JavaFX.
 */
public final class ImageImport {

    /** Pixels at or above this level (after step 1) count as part of the object when cropping. */
    public static final float INK = 0.1f;
    /** Larger images are decoded subsampled to about this many pixels (the object ends up 20 pixels tall). */
    public static final long DECODE_PIXELS = 4_000_000L;
    /** Images declaring more pixels than this are refused before decoding. */
    public static final long MAX_PIXELS = 400_000_000L;

    /**
     * A grey image, the object bright (1) on a dark (0) background.
     *
     * @param width width in pixels, &gt;= 1
     * @param height height in pixels, &gt;= 1
     * @param values {@code width x height} values in [0, 1], row-major
     */
    public record Grey(int width, int height, float[] values) {

        /** Checks the size. */
        public Grey {
            if (width < 1 || height < 1 || values == null || values.length != (long) width * height) {
                throw new IllegalArgumentException("grey image of " + width + " x " + height + " needs "
                        + ((long) width * height) + " values");
            }
        }
    }

    private ImageImport() {
    }

    /**
     * Reads an image file (PNG, JPEG, or another format {@code javax.imageio} decodes) as a grey image
     * (step 1).
     *
     * @param file the file
     * @return the grey image
     * @throws OrbitscopeException naming the file if it is missing, not an image, too large or damaged
     */
    public static Grey read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OrbitscopeException(file + ": no such file.");
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new OrbitscopeException(file + ": not an image this program can read (use PNG or JPEG).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new OrbitscopeException(file + ": an image of " + w + " x " + h + " pixels is too large "
                            + "(at most " + MAX_PIXELS / 1_000_000 + " megapixels).");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = (int) Math.ceil(Math.sqrt((double) (w * h) / DECODE_PIXELS));
                if (sub > 1) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                img = reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof OrbitscopeException oe) {
                throw oe;
            }
            throw new OrbitscopeException(file + ": cannot decode the image (" + e.getMessage() + ").", e);
        }
        return grey(img);
    }

    /**
     * Step 1 on a decoded image.
     *
     * @param img the image
     * @return its grey levels, object bright on dark
     */
    public static Grey grey(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] v = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                double a = ((argb >>> 24) & 0xff) / 255.0;
                double lum = (0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff))
                        / 255.0;
                // transparent pixels show the white paper behind them
                v[y * w + x] = (float) (a * lum + (1 - a));
            }
        }
        float[] border = border(v, w, h);
        double mean = 0;
        for (float b : border) {
            mean += b;
        }
        mean /= border.length;
        if (mean > 0.5) {
            for (int i = 0; i < v.length; i++) {
                v[i] = 1 - v[i];
            }
            for (int i = 0; i < border.length; i++) {
                border[i] = 1 - border[i];
            }
        }
        Arrays.sort(border);
        float background = border[border.length / 2];
        float max = 0;
        for (float x : v) {
            max = Math.max(max, x);
        }
        float range = max - background;
        for (int i = 0; i < v.length; i++) {
            v[i] = range < 0.05f ? 0f : clamp((v[i] - background) / range);
        }
        return new Grey(w, h, v);
    }

    private static float[] border(float[] v, int w, int h) {
        int n = h == 1 || w == 1 ? w * h : 2 * w + 2 * (h - 2);
        float[] b = new float[n];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    b[k++] = v[y * w + x];
                }
            }
        }
        return Arrays.copyOf(b, k);
    }

    /**
     * Steps 2 and 3: crops, scales and places a grey image at the dataset's geometry.
     *
     * @param grey the object bright on dark, in [0, 1]
     * @param geometry the dataset's geometry
     * @return {@code side x side} values in [0, 1] (1296 for 36 x 36), the network's input before normalization;
     *     all zero if nothing reaches {@link #INK}
     */
    public static float[] prepare(Grey grey, DigitGeometry geometry) {
        int w = grey.width();
        int h = grey.height();
        float[] v = grey.values();
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (v[y * w + x] >= INK) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int side = geometry.side();
        float[] out = new float[side * side];
        if (x1 < 0) {
            return out;
        }
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        float[] crop = new float[bw * bh];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                crop[y * bw + x] = clamp(v[(y0 + y) * w + x0 + x]);
            }
        }
        double f = (double) geometry.box() / Math.max(bw, bh);
        int nw = Math.max(1, Math.min(geometry.box(), (int) Math.round(bw * f)));
        int nh = Math.max(1, Math.min(geometry.box(), (int) Math.round(bh * f)));
        float[] patch = resize(crop, bw, bh, nw, nh);
        float max = 0;
        for (float p : patch) {
            max = Math.max(max, p);
        }
        if (max <= 0) {
            return out;
        }
        for (int i = 0; i < patch.length; i++) {
            patch[i] = clamp(patch[i] / max);
        }
        int field = geometry.field();
        int offX;
        int offY;
        if (geometry.centring() == DigitGeometry.Centring.CENTER_OF_MASS) {
            double sum = 0;
            double sx = 0;
            double sy = 0;
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    double p = patch[y * nw + x];
                    sum += p;
                    sx += p * x;
                    sy += p * y;
                }
            }
            double centre = (field - 1) / 2.0;
            offX = (int) Math.round(centre - sx / sum);
            offY = (int) Math.round(centre - sy / sum);
        } else {
            offX = (field - nw) / 2;
            offY = (field - nh) / 2;
        }
        int pad = geometry.pad();
        for (int y = 0; y < nh; y++) {
            int fy = offY + y;
            if (fy < 0 || fy >= field) {
                continue;
            }
            for (int x = 0; x < nw; x++) {
                int fx = offX + x;
                if (fx >= 0 && fx < field) {
                    out[(fy + pad) * side + fx + pad] = patch[y * nw + x];
                }
            }
        }
        return out;
    }

    /**
     * Reads, crops, scales and places an image file in one go.
     *
     * @param file the file
     * @param geometry the dataset's geometry
     * @return the network's input before normalization
     */
    public static float[] load(Path file, DigitGeometry geometry) {
        return prepare(read(file), geometry);
    }

    /**
     * @param image values
     * @return true if every value is 0
     */
    public static boolean isBlank(float[] image) {
        for (float v : image) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resizes an image, each axis on its own: area averaging where it shrinks, linear interpolation between
     * pixel centres (clamped at the border) where it grows.
     *
     * @param src {@code w x h} values, row-major
     * @param w source width
     * @param h source height
     * @param nw new width
     * @param nh new height
     * @return {@code nw x nh} values
     */
    static float[] resize(float[] src, int w, int h, int nw, int nh) {
        Weights wx = weights(w, nw);
        Weights wy = weights(h, nh);
        float[] tmp = new float[nw * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < nw; x++) {
                double s = 0;
                for (int k = 0; k < wx.w[x].length; k++) {
                    s += wx.w[x][k] * src[y * w + wx.start[x] + k];
                }
                tmp[y * nw + x] = (float) s;
            }
        }
        float[] out = new float[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                double s = 0;
                for (int k = 0; k < wy.w[y].length; k++) {
                    s += wy.w[y][k] * tmp[(wy.start[y] + k) * nw + x];
                }
                out[y * nw + x] = (float) s;
            }
        }
        return out;
    }

    /** One axis of a resize: output {@code k} is {@code sum_j w[k][j] * in[start[k] + j]}. */
    private record Weights(int[] start, double[][] w) {
    }

    private static Weights weights(int n, int m) {
        int[] start = new int[m];
        double[][] w = new double[m][];
        double scale = (double) n / m;
        for (int k = 0; k < m; k++) {
            if (m <= n) {
                // area: output k covers [k * scale, (k + 1) * scale) of the input
                double a = k * scale;
                double b = (k + 1) * scale;
                int i0 = (int) Math.floor(a);
                int i1 = Math.min(n - 1, (int) Math.ceil(b) - 1);
                start[k] = i0;
                w[k] = new double[i1 - i0 + 1];
                for (int i = i0; i <= i1; i++) {
                    w[k][i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
                }
            } else {
                double t = Math.max(0, Math.min(n - 1, (k + 0.5) * scale - 0.5));
                int i0 = (int) Math.floor(t);
                int i1 = Math.min(n - 1, i0 + 1);
                double f = t - i0;
                start[k] = i0;
                w[k] = i1 == i0 ? new double[] {1} : new double[] {1 - f, f};
            }
        }
        return new Weights(start, w);
    }

    private static float clamp(float v) {
        return v < 0 ? 0f : v > 1 ? 1f : v;
    }
}
