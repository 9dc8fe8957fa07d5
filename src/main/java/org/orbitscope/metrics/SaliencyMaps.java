package org.orbitscope.metrics;

import org.orbitscope.group.Group;

/**
 * Post-processing of attributions into saliency maps and their comparison (SPEC section 5, SI): absolute
 * value, threshold at a fraction of the map's maximum, Gaussian blur; cosine similarity with the
 * all-zero conventions; realignment by {@code g^-1}.
 */
public final class SaliencyMaps {

    private SaliencyMaps() {
    }

    /**
     * Turns raw attributions into saliency maps, in place: absolute value, every value below
     * {@code threshold * max} of its map set to 0, then the Gaussian blur of the settings.
     *
     * @param maps {@code n} square maps of {@code pixels} values each, row-major, overwritten
     * @param n number of maps
     * @param pixels values per map (a square number)
     * @param settings threshold and blur settings
     */
    public static void postprocess(float[] maps, int n, int pixels, SaliencySettings settings) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalArgumentException(pixels + " pixels is not a square image");
        }
        GaussianBlur blur = settings.blurSize() > 1
                ? new GaussianBlur(settings.blurSize(), settings.blurSigma(), settings.boundary()) : null;
        float[] tmp = new float[pixels];
        float frac = (float) settings.threshold();
        for (int m = 0; m < n; m++) {
            int o = m * pixels;
            float max = 0f;
            for (int i = 0; i < pixels; i++) {
                float v = Math.abs(maps[o + i]);
                maps[o + i] = v;
                max = Math.max(max, v);
            }
            float cut = frac * max;
            for (int i = 0; i < pixels; i++) {
                if (maps[o + i] < cut) {
                    maps[o + i] = 0f;
                }
            }
            if (blur != null) {
                System.arraycopy(maps, o, tmp, 0, pixels);
                blur.apply(tmp, 0, side, maps, o);
            }
        }
    }

    /**
     * Cosine similarity of two maps; 1 if both are all zero, 0 if exactly one is (SPEC section 5).
     *
     * @param a first map array
     * @param aOff offset of the first map
     * @param b second map array
     * @param bOff offset of the second map
     * @param len map length
     * @return the similarity in [-1, 1]
     */
    public static double cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < len; i++) {
            double x = a[aOff + i];
            double y = b[bOff + i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0 && nb == 0) {
            return 1.0;
        }
        if (na == 0 || nb == 0) {
            return 0.0;
        }
        return Math.max(-1.0, Math.min(1.0, dot / (Math.sqrt(na) * Math.sqrt(nb))));
    }

    /**
     * @param a first map
     * @param b second map of the same length
     * @return their cosine similarity with the SPEC's all-zero conventions
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " values");
        }
        return cosine(a, 0, b, 0, a.length);
    }

    /**
     * Per-sample saliency invariance similarity: for sample {@code i},
     * {@code mean over g of cosine(m(x_i), g^-1 m(g x_i))}, where the orbit's maps are stored in element
     * order, {@code maps[(i * order + g) * pixels ...]}, and {@code m(x_i)} is the identity element's map.
     *
     * @param maps post-processed maps of every orbit point
     * @param n number of samples
     * @param group the group (its element order is the storage order)
     * @return {@code n} similarities
     */
    public static double[] invariance(float[] maps, int n, Group group) {
        int order = group.order();
        int pixels = group.pixels();
        int id = group.identity();
        double[] si = new double[n];
        float[] aligned = new float[pixels];
        for (int i = 0; i < n; i++) {
            int ref = (i * order + id) * pixels;
            double s = 0;
            for (int g = 0; g < order; g++) {
                group.apply(group.inverse(g), maps, (i * order + g) * pixels, aligned, 0);
                s += cosine(maps, ref, aligned, 0, pixels);
            }
            si[i] = s / order;
        }
        return si;
    }
}
