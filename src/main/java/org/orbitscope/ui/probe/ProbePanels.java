package org.orbitscope.ui.probe;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Probe;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.figure.Colormap;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.LinePlot;

/**
 * Drawing of the probe's pictures with Java2D, for the screen and the exported figure alike: images, saliency
 * over an image, the probability bars, the profile plot and the whole panel as a figure. Drawing only; every
 * number comes from {@link Probe} and {@link InvarianceProfile}.
 */
final class ProbePanels {

    /** Which profile quantity is plotted. */
    enum Metric {
        LI("LI  ½‖f(x) − f(T x)‖²"), DI("DI  KL(softmax f(x) ‖ softmax f(T x))"), ACC("Accuracy of f(T x)");

        private final String axis;

        Metric(String axis) {
            this.axis = axis;
        }

        /** @return the y-axis label */
        String axis() {
            return axis;
        }

        /**
         * @param p a profile point
         * @return this quantity at it
         */
        double of(InvarianceProfile.Point p) {
            return switch (this) {
                case LI -> p.li();
                case DI -> p.di();
                case ACC -> p.accuracy();
            };
        }

        @Override
        public String toString() {
            return this == ACC ? "Accuracy" : name();
        }
    }

    /** The colour of the input's own probabilities, behind those of {@code T x}. */
    static final Color BEFORE = new Color(0xbbbbbb);
    /** The colour of the probabilities of {@code T x}. */
    static final Color AFTER = LinePlot.PALETTE[0];

    private ProbePanels() {
    }

    /**
     * @param image {@code side x side} values in [0, 1]
     * @return the image in grey levels, one pixel per value
     */
    static BufferedImage grey(float[] image) {
        int side = (int) Math.round(Math.sqrt(image.length));
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < image.length; p++) {
            int v = (int) Math.round(255 * Math.max(0, Math.min(1, image[p])));
            out.setRGB(p % side, p / side, (v << 16) | (v << 8) | v);
        }
        return out;
    }

    /**
     * A saliency map over its image, as the saliency grid draws it: the image dimmed, the map in colour.
     *
     * @param base the image, values in [0, 1]
     * @param map the (post-processed, non-negative) saliency map
     * @param max the value drawn at full colour (the largest of the maps compared), &gt; 0 or the map is hidden
     * @return one pixel per value
     */
    static BufferedImage overlay(float[] base, float[] map, float max) {
        int side = (int) Math.round(Math.sqrt(base.length));
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < base.length; p++) {
            double gray = 0.45 * Math.max(0, Math.min(1, base[p]));
            double sal = max > 0 ? Math.max(0, map[p]) / max : 0;
            int c = Colormap.INFERNO.rgb(0.35 + 0.65 * sal);
            double a = sal > 0 ? 0.9 * Math.min(1, 0.35 + sal) : 0;
            int r = (int) Math.round(255 * gray * (1 - a) + ((c >> 16) & 0xff) * a);
            int g = (int) Math.round(255 * gray * (1 - a) + ((c >> 8) & 0xff) * a);
            int b = (int) Math.round(255 * gray * (1 - a) + (c & 0xff) * a);
            out.setRGB(p % side, p / side, (r << 16) | (g << 8) | b);
        }
        return out;
    }

    /**
     * @param maps saliency maps
     * @return their largest value
     */
    static float max(float[]... maps) {
        float m = 0;
        for (float[] map : maps) {
            for (float v : map) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /**
     * Draws the probabilities of {@code x} (grey, wide) and {@code T x} (colour, narrow) per class.
     *
     * @param g the surface
     * @param x left
     * @param y top
     * @param w width
     * @param h height
     * @param r the probe result
     * @param s text scale
     */
    static void bars(Graphics2D g, int x, int y, int w, int h, Probe.Result r, double s) {
        double[] p = r.probabilities();
        double[] pt = r.transformedProbabilities();
        int k = p.length;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(10 * s));
        g.setFont(font);
        int labelH = g.getFontMetrics().getHeight();
        int plotH = h - labelH;
        double slot = (double) w / k;
        g.setColor(new Color(0xdddddd));
        g.drawLine(x, y + plotH, x + w, y + plotH);
        for (int j = 0; j < k; j++) {
            int bx = (int) Math.round(x + j * slot);
            int bw = Math.max(2, (int) Math.round(slot * 0.8));
            int h0 = (int) Math.round(plotH * p[j]);
            g.setColor(BEFORE);
            g.fillRect(bx, y + plotH - h0, bw, h0);
            int h1 = (int) Math.round(plotH * pt[j]);
            g.setColor(j == r.transformedPredicted() ? AFTER : AFTER.brighter());
            g.fillRect(bx + bw / 4, y + plotH - h1, Math.max(1, bw / 2), h1);
            g.setColor(j == r.transformedPredicted() ? Color.BLACK : new Color(0x666666));
            String t = Integer.toString(j);
            g.drawString(t, bx + (bw - g.getFontMetrics().stringWidth(t)) / 2, y + h - g.getFontMetrics()
                    .getDescent());
        }
    }

    /**
     * @param v a metric value
     * @return it in a few significant digits
     */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? String.format(Locale.ROOT, "%.3e", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * The profile plot.
     *
     * @param curves the profiles, one series each
     * @param metric the quantity plotted
     * @param kind rotation or shift (the x axis)
     * @return the plot, with the group's elements of the first curve as vertical lines
     */
    static LinePlot profile(List<ProbeModel.Curve> curves, Metric metric, Transform.Kind kind) {
        LinePlot plot = new LinePlot(null, kind == Transform.Kind.SHIFT ? "shift to the right (pixels)"
                : "rotation angle θ (degrees, counter-clockwise)", metric.axis());
        for (int c = 0; c < curves.size(); c++) {
            List<InvarianceProfile.Point> pts = curves.get(c).points();
            double[] xs = new double[pts.size()];
            double[] ys = new double[pts.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = pts.get(i).transform().amount();
                ys[i] = metric.of(pts.get(i));
            }
            plot.add(new LinePlot.Series(curves.get(c).model().name(), xs, ys,
                    LinePlot.PALETTE[c % LinePlot.PALETTE.length], LinePlot.Dash.SOLID, 1.6f, xs.length <= 40));
        }
        if (!curves.isEmpty()) {
            boolean named = false;
            for (InvarianceProfile.Point p : curves.get(0).points()) {
                if (p.element() >= 0) {
                    plot.vertical(named ? null : "group element", p.transform().amount(), new Color(0x999999),
                            LinePlot.Dash.DASHED, 1f);
                    named = true;
                }
            }
        }
        if (metric == Metric.ACC) {
            plot.yRange(0, 1);
        }
        return plot;
    }

    /**
     * The probe panel as a figure: per model the transformed input, the saliency of {@code x} and the
     * realigned saliency of {@code T x}, the probabilities and the numbers; the profile under it when there is
     * one.
     *
     * @param input one line naming the input
     * @param answers the models' answers (those without a result are left out)
     * @param curves the profiles (may be empty)
     * @param metric the profile's quantity
     * @param kind the slider's kind
     * @param scale resolution multiplier
     * @return the figure
     */
    static Figure figure(String input, List<ProbeModel.Answer> answers, List<ProbeModel.Curve> curves,
            Metric metric, Transform.Kind kind, double scale) {
        List<ProbeModel.Answer> shown = answers.stream().filter(a -> a.result() != null).toList();
        int cell = 96;
        int colW = 3 * cell + 2 * 8 + 24;
        int cols = Math.max(1, shown.size());
        int width = Math.max(640, 24 + cols * colW);
        int headH = 40;
        int panelH = shown.isEmpty() ? 0 : 20 + cell + 18 + 70 + 64;
        int plotH = curves.isEmpty() ? 0 : 300;
        int height = headH + panelH + plotH + 12;
        int w = (int) Math.round(width * scale);
        int h = (int) Math.round(height * scale);
        return new Figure(w, h, g -> {
            g.scale(scale, scale);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            String t = shown.isEmpty() ? input : input + " · " + shown.get(0).result().transform();
            g.drawString(t, 12, 24);
            for (int i = 0; i < shown.size(); i++) {
                column(g, shown.get(i), 12 + i * colW, headH, cell);
            }
            if (plotH > 0) {
                profile(curves, metric, kind).draw(g, 0, headH + panelH, width, plotH, 1);
            }
        });
    }

    private static void column(Graphics2D g, ProbeModel.Answer a, int x, int y, int cell) {
        Probe.Result r = a.result();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(a.model().name(), x, y + 12);
        float max = max(r.saliency(), r.realigned());
        BufferedImage[] tiles = {grey(r.transformed()), overlay(a.image(), r.saliency(), max),
            overlay(a.image(), r.realigned(), max)};
        String[] captions = {"T x", "m(x)", "T⁻¹ m(T x)"};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < tiles.length; i++) {
            int tx = x + i * (cell + 8);
            g.drawImage(Figure.isVector(g) ? enlarge(tiles[i], 8) : tiles[i], tx, y + 20, cell, cell, null);
            g.setColor(new Color(0x999999));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(tx, y + 20, cell - 1, cell - 1);
            g.setColor(Color.BLACK);
            g.drawString(captions[i], tx, y + 20 + cell + 13);
        }
        int ty = y + 20 + cell + 18;
        bars(g, x, ty, 3 * cell + 16, 64, r, 1);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        List<String> names = a.classNames();
        String[] lines = {
            "predicted: x → " + name(names, r.predicted()) + ", T x → " + name(names, r.transformedPredicted())
                    + String.format(Locale.ROOT, " (p %.3f)", r.transformedProbabilities()[r.transformedPredicted()]),
            "LI " + format(r.li()) + "   KL " + format(r.kl()) + "   saliency cosine " + format(r.cosine()),
            "saliency of class " + name(names, r.target()) + "; " + how(r)};
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], x, ty + 64 + 16 + i * 15);
        }
    }

    /**
     * @param r a probe result
     * @return how its transformation was applied, in a few words
     */
    static String how(Probe.Result r) {
        if (r.element() >= 0) {
            return "T is a group element, applied exactly";
        }
        return r.transform().kind() == Transform.Kind.SHIFT ? "T is a cyclic shift outside the group"
                : "T is interpolated (bilinear), outside the group";
    }

    private static String name(List<String> names, int c) {
        return c >= 0 && c < names.size() && !names.get(c).equals(Integer.toString(c)) ? c + " " + names.get(c)
                : Integer.toString(c);
    }

    /** Each pixel as a k x k block, so that a vector viewer keeps the pixels sharp. */
    private static BufferedImage enlarge(BufferedImage img, int k) {
        BufferedImage out = new BufferedImage(img.getWidth() * k, img.getHeight() * k, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / k, y / k));
            }
        }
        return out;
    }
}
