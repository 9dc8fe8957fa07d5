package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.group.Group;

/**
 * Invariance profiles as a figure: LI, DI (log scale) and accuracy against the angle of a rotation or the
 * pixels of a shift, three panels side by side, one colour per model. The group's elements are marked by
 * dashed vertical lines; LI and DI below {@link #FLOOR} (a genuinely invariant model at its group's elements:
 * float rounding, and exactly 0 at the identity) cannot be drawn on a log scale and are drawn on the floor as
 * dots, which the footnote says.
 */
public final class ProfileFigure {

    /**
     * One model's profile.
     *
     * @param name legend name
     * @param group the model's group (its elements are marked), or null
     * @param points the profile, in grid order, all of one kind of transformation
     */
    public record Series(String name, Group group, List<InvarianceProfile.Point> points) {

        /** Copies the points. */
        public Series {
            points = List.copyOf(points);
        }
    }

    /** LI and DI below this are drawn at it (as dots): a log axis has no zero. */
    public static final double FLOOR = 1e-9;
    /** Width at scale 1. */
    public static final int WIDTH = 1100;
    /** Height at scale 1. */
    public static final int HEIGHT = 440;
    private static final int PAD = 10;
    private static final int TITLE = 26;
    private static final int PANEL = 320;
    private static final Color ELEMENT = new Color(0x8a8a8a);

    private ProfileFigure() {
    }

    /**
     * The figure for any output: screen, PNG, SVG or PDF.
     *
     * @param series the models (at least one), all profiled over the same kind of transformation
     * @param samples how many test samples each point averages (for the caption)
     * @param scale resolution multiplier
     * @return the figure
     */
    public static Figure figure(List<Series> series, int samples, double scale) {
        if (series.isEmpty() || series.stream().anyMatch(s -> s.points().isEmpty())) {
            throw new IllegalArgumentException("no profile to draw");
        }
        Transform.Kind kind = series.get(0).points().get(0).transform().kind();
        if (series.stream().flatMap(s -> s.points().stream()).anyMatch(p -> p.transform().kind() != kind)) {
            throw new IllegalArgumentException("profiles over rotations and shifts cannot share a figure");
        }
        int w = (int) Math.round(WIDTH * scale);
        int h = (int) Math.round(HEIGHT * scale);
        return new Figure(w, h, g -> draw(g, series, kind, samples, scale));
    }

    /**
     * @param series the models
     * @return one colour per model: DA blue, IR orange, WT green as in every figure when the names tell the
     *     kinds apart, else the palette in order
     */
    static List<Color> colors(List<Series> series) {
        List<Color> byKind = series.stream().map(s -> DriftFigure.color(s.name())).toList();
        if (new HashSet<>(byKind).size() == byKind.size() && !byKind.contains(LinePlot.PALETTE[7])) {
            return byKind;
        }
        List<Color> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            out.add(LinePlot.PALETTE[i % LinePlot.PALETTE.length]);
        }
        return out;
    }

    /**
     * @param series the models
     * @param kind rotation or shift
     * @return the amounts in the plotted range where some model's group has an element, ascending
     */
    static double[] elements(List<Series> series, Transform.Kind kind) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (InvarianceProfile.Point p : s.points()) {
                lo = Math.min(lo, p.transform().amount());
                hi = Math.max(hi, p.transform().amount());
            }
        }
        double step = kind == Transform.Kind.ROTATION ? 90 : 1;
        TreeSet<Double> at = new TreeSet<>();
        for (double a = Math.floor(lo / step) * step; a <= hi && at.size() < 1000; a += step) {
            Transform t = kind == Transform.Kind.ROTATION ? Transform.rotation(a) : Transform.shift((int) a);
            for (Series s : series) {
                if (t.elementIn(s.group()) >= 0) {
                    at.add(a);
                }
            }
        }
        return at.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Ticks at multiples of 90 degrees or of 6 pixels where the range allows, else "nice" ones. */
    static double[] xTicks(double lo, double hi, Transform.Kind kind) {
        double unit = kind == Transform.Kind.ROTATION ? 90 : 6;
        if (hi - lo < 2 * unit) {
            return Ticks.nice(lo, hi, 6);
        }
        double step = unit * Math.max(1, Math.ceil((hi - lo) / unit / 8));
        double a = Math.floor(lo / step + 1e-9) * step;
        double b = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((b - a) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = a + i * step;
        }
        return t;
    }

    private static void draw(Graphics2D g, List<Series> series, Transform.Kind kind, int samples, double s) {
        Figures.quality(g);
        boolean rotation = kind == Transform.Kind.ROTATION;
        List<Color> colors = colors(series);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        // per metric (LI, DI): the largest value, the smallest one drawn, the values below the floor
        double[] max = {FLOOR, FLOOR};
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        int[] clipped = new int[2];
        int total = 0;
        for (Series se : series) {
            for (InvarianceProfile.Point p : se.points()) {
                lo = Math.min(lo, p.transform().amount());
                hi = Math.max(hi, p.transform().amount());
                double[] v = {p.li(), p.di()};
                for (int m = 0; m < 2; m++) {
                    if (Double.isFinite(v[m])) {
                        max[m] = Math.max(max[m], v[m]);
                        min[m] = Math.min(min[m], Math.max(v[m], FLOOR));
                    }
                    clipped[m] += v[m] < FLOOR ? 1 : 0;
                }
                total += 2;
            }
        }
        double[] ticks = xTicks(lo, hi == lo ? lo + 1 : hi, kind);
        double[] elements = elements(series, kind);
        String xLabel = rotation ? "rotation angle θ (degrees, counter-clockwise)"
                : "cyclic shift (pixels to the right)";
        LinePlot li = new LinePlot("Logit invariance error LI", xLabel, "LI (log scale)").logY(true)
                .yRange(clipped[0] > 0 ? FLOOR / 10 : min[0], max[0]).xTicks(ticks).legend(false);
        LinePlot di = new LinePlot("Distribution invariance error DI", xLabel, "DI = KL (log scale)").logY(true)
                .yRange(clipped[1] > 0 ? FLOOR / 10 : min[1], max[1]).xTicks(ticks).legend(false);
        LinePlot acc = new LinePlot("Accuracy on T x", xLabel, "accuracy").yRange(0, 1).xTicks(ticks).legend(false);
        for (LinePlot p : new LinePlot[] {li, di, acc}) {
            for (double e : elements) {
                p.vertical(null, e, ELEMENT, LinePlot.Dash.DASHED, 1f);
            }
        }
        Color floorColor = new Color(0xb0b0b0);
        LinePlot[] logPanels = {li, di};
        for (int m = 0; m < 2; m++) {
            if (clipped[m] > 0) {
                logPanels[m].add(new LinePlot.Series(null, new double[] {ticks[0], ticks[ticks.length - 1]},
                        new double[] {FLOOR, FLOOR}, floorColor, LinePlot.Dash.DOTTED, 1.2f, false));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            Series se = series.get(i);
            Color c = colors.get(i);
            int n = se.points().size();
            double[] x = new double[n];
            double[] yl = new double[n];
            double[] yd = new double[n];
            double[] ya = new double[n];
            double[] fl = new double[n];
            double[] fd = new double[n];
            for (int k = 0; k < n; k++) {
                InvarianceProfile.Point p = se.points().get(k);
                x[k] = p.transform().amount();
                yl[k] = Math.max(p.li(), FLOOR);
                yd[k] = Math.max(p.di(), FLOOR);
                ya[k] = p.accuracy();
                fl[k] = p.li() < FLOOR ? FLOOR : Double.NaN;
                fd[k] = p.di() < FLOOR ? FLOOR : Double.NaN;
            }
            li.add(new LinePlot.Series(se.name(), x, yl, c, LinePlot.Dash.SOLID, 1.6f, false));
            li.add(new LinePlot.Series(null, x, fl, c, LinePlot.Dash.SOLID, 1.6f, true));
            di.add(new LinePlot.Series(se.name(), x, yd, c, LinePlot.Dash.SOLID, 1.6f, false));
            di.add(new LinePlot.Series(null, x, fd, c, LinePlot.Dash.SOLID, 1.6f, true));
            acc.add(new LinePlot.Series(se.name(), x, ya, c, LinePlot.Dash.SOLID, 1.6f, false));
        }
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(14 * s));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(11 * s));
        g.setColor(Color.BLACK);
        g.setFont(title);
        g.drawString(rotation ? "Invariance beyond the group: rotation by any angle"
                : "Invariance beyond the group: cyclic shift by any number of pixels", (int) (PAD * s),
                (int) ((PAD + 14) * s));
        double pw = (WIDTH - 2.0 * PAD) / 3;
        LinePlot[] panels = {li, di, acc};
        for (int i = 0; i < 3; i++) {
            panels[i].draw(g, (int) Math.round((PAD + i * pw) * s), (int) Math.round((PAD + TITLE) * s),
                    (int) Math.round((pw - 6) * s), (int) Math.round(PANEL * s), s);
        }
        double legendTop = PAD + TITLE + PANEL + 8;
        int below = clipped[0] + clipped[1];
        String floor = LinePlot.label(Math.log10(FLOOR), true);
        drawLegend(g, series, colors, legendTop, below > 0 ? floor : null, s, font);
        g.setFont(font);
        g.setColor(new Color(0x333333));
        String how = rotation ? "T x: bilinear rotation about the image centre, zero outside"
                : "T x: columns shifted cyclically to the right";
        String line1 = "Means over the first " + samples + " test samples; " + how + "; at the group's elements "
                + "(dashed lines) the exact pixel permutation.";
        String line2 = below > 0
                ? String.format(Locale.ROOT, "A log axis has no zero: %d of the %d LI and DI values are below %s "
                        + "(float rounding, or exactly 0 at the identity) and are drawn as dots on the dotted floor "
                        + "line at %s.", below, total, floor, floor)
                : "Every LI and DI value is at least " + floor + "; none is clipped.";
        g.drawString(line1, (int) (PAD * s), (int) ((legendTop + 40) * s));
        g.drawString(line2, (int) (PAD * s), (int) ((legendTop + 56) * s));
    }

    private static void drawLegend(Graphics2D g, List<Series> series, List<Color> colors, double top,
            String floor, double s, Font font) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        double x = PAD + 40;
        double mid = top + 10;
        double sw = 24;
        for (int i = 0; i < series.size(); i++) {
            g.setColor(colors.get(i));
            g.setStroke(new BasicStroke((float) (2.2 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(x * s, mid * s, (x + sw) * s, mid * s));
            g.setColor(Color.BLACK);
            String name = series.get(i).name();
            g.drawString(name, (float) ((x + sw + 6) * s), (float) (mid * s + fm.getAscent() / 2.0 - 1));
            x += sw + 6 + fm.stringWidth(name) / s + 22;
        }
        g.setColor(ELEMENT);
        g.setStroke(new BasicStroke((float) s, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {(float) (6 * s), (float) (4 * s)}, 0f));
        g.draw(new Line2D.Double((x + sw / 2) * s, (mid - 8) * s, (x + sw / 2) * s, (mid + 8) * s));
        g.setColor(Color.BLACK);
        String e = "group element";
        g.drawString(e, (float) ((x + sw / 2 + 8) * s), (float) (mid * s + fm.getAscent() / 2.0 - 1));
        x += sw / 2 + 8 + fm.stringWidth(e) / s + 22;
        if (floor != null) {
            g.setColor(new Color(0x555555));
            double r = 2.6;
            g.fill(new Ellipse2D.Double((x + 6 - r) * s, (mid - r) * s, 2 * r * s, 2 * r * s));
            g.setColor(Color.BLACK);
            g.drawString("below " + floor + ", drawn at " + floor, (float) ((x + 14) * s),
                    (float) (mid * s + fm.getAscent() / 2.0 - 1));
        }
    }
}
