package org.orbitscope.figure;

/** Perceptually ordered colour maps for saliency, sampled at a few anchors and interpolated linearly. */
public enum Colormap {
    /** Black through purple, red and orange to pale yellow (after matplotlib's inferno). */
    INFERNO(new int[] {0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09, 0xf8c932, 0xfcffa4}),
    /** White to dark red, for overlays on light backgrounds. */
    REDS(new int[] {0xfff5f0, 0xfcbba1, 0xfb6a4a, 0xcb181d, 0x67000d}),
    /** Plain grey levels. */
    GRAY(new int[] {0x000000, 0xffffff});

    private final int[] anchors;

    Colormap(int[] anchors) {
        this.anchors = anchors;
    }

    /**
     * @param t value in [0, 1] (clamped)
     * @return the colour as 0xRRGGBB
     */
    public int rgb(double t) {
        double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double pos = v * (anchors.length - 1);
        int i = Math.min((int) pos, anchors.length - 2);
        double f = pos - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
