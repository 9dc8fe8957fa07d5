package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, publication-style x-y line plot drawn with Java2D into a given rectangle: frame, "nice" ticks,
 * axis labels, title, optional log10 y axis, one or more series with colour and dash, and a legend.
 * Used by every headless figure so that all of them look alike.
 */
public final class LinePlot {

    /** Tableau 10 colours, the default series colours. */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /** Line styles. */
    public enum Dash {
        /** Continuous. */
        SOLID,
        /** Long dashes. */
        DASHED,
        /** Dots. */
        DOTTED
    }

    /**
     * One series.
     *
     * @param name legend name ({@code null} to leave it out of the legend)
     * @param x x values
     * @param y y values (non-finite values break the line)
     * @param color colour
     * @param dash line style
     * @param width line width at scale 1
     * @param markers draw a dot at every point
     */
    public record Series(String name, double[] x, double[] y, Color color, Dash dash, float width, boolean markers) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    /** Series on the right axis (linear), and its label; none without {@link #rightAxis}. */
    private final List<Series> rightSeries = new ArrayList<>();
    /** Vertical lines across the whole plot height, each at {@code x()[0]}. */
    private final List<Series> verticals = new ArrayList<>();
    private boolean legendBottom;
    private boolean legendAuto;
    private String rightLabel;
    private boolean logY;
    private boolean legend = true;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;
    private double[] xTicks;
    private double[] view;
    private Frame frame;

    /**
     * @param title title above the plot ({@code null} for none)
     * @param xLabel x axis label
     * @param yLabel y axis label
     */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * @param s a series to draw
     * @return this plot
     */
    public LinePlot add(Series s) {
        series.add(s);
        return this;
    }

    /**
     * Adds a second, linear y axis on the right.
     *
     * @param label its label
     * @return this plot
     */
    public LinePlot rightAxis(String label) {
        this.rightLabel = label;
        return this;
    }

    /**
     * @param s a series to draw against the right axis (call {@link #rightAxis} first)
     * @return this plot
     */
    public LinePlot addRight(Series s) {
        if (rightLabel == null) {
            throw new IllegalStateException("no right axis");
        }
        rightSeries.add(s);
        return this;
    }

    /**
     * Adds a vertical line across the whole height of the plot (e.g. a chosen parameter), drawn with the
     * series' colour, dash and width and listed in the legend under its name.
     *
     * @param name legend name ({@code null} to leave it out of the legend)
     * @param x where, in data units
     * @param color colour
     * @param dash dash pattern
     * @param width line width in points at scale 1
     * @return this plot
     */
    public LinePlot vertical(String name, double x, Color color, Dash dash, float width) {
        verticals.add(new Series(name, new double[] {x}, new double[] {Double.NaN}, color, dash, width, false));
        return this;
    }

    /**
     * @param on put the legend in the bottom-right corner instead of the top-right one (for data that
     *     rises to the right)
     * @return this plot
     */
    public LinePlot legendBottom(boolean on) {
        this.legendBottom = on;
        return this;
    }

    /**
     * @param on put the legend where it covers the fewest data: the right or left side, at the top, the
     *     bottom or the middle (overrides {@link #legendBottom})
     * @return this plot
     */
    public LinePlot legendAuto(boolean on) {
        this.legendAuto = on;
        return this;
    }

    /**
     * @param on draw y on a log10 scale (values at or below zero are clamped to 1e-16)
     * @return this plot
     */
    public LinePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    /**
     * @param on show the legend
     * @return this plot
     */
    public LinePlot legend(boolean on) {
        this.legend = on;
        return this;
    }

    /**
     * Fixes the y range instead of fitting it to the data.
     *
     * @param min lower bound
     * @param max upper bound
     * @return this plot
     */
    public LinePlot yRange(double min, double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /**
     * Fixes the x ticks, and the x range to the first and last of them, instead of "nice" ticks fitted to the
     * data (e.g. 0, 90, 180, 270, 360 for angles).
     *
     * @param ticks ascending tick positions, at least two
     * @return this plot
     */
    public LinePlot xTicks(double... ticks) {
        if (ticks.length < 2 || !(ticks[ticks.length - 1] > ticks[0])) {
            throw new IllegalArgumentException("need at least two ascending ticks");
        }
        this.xTicks = ticks.clone();
        return this;
    }

    /**
     * Shows only a window of the data (a zoom): the axes span exactly the window, with the ticks that fall
     * inside it. {@code y} is in plot units: log10 of the value on a log axis. All four NaN show all the data.
     *
     * @param x0 left
     * @param x1 right, above {@code x0}
     * @param y0 bottom
     * @param y1 top, above {@code y0}
     * @return this plot
     */
    public LinePlot view(double x0, double x1, double y0, double y1) {
        if (Double.isNaN(x0) && Double.isNaN(x1) && Double.isNaN(y0) && Double.isNaN(y1)) {
            this.view = null;
            return this;
        }
        if (!(x1 > x0) || !(y1 > y0)) {
            throw new IllegalArgumentException("an empty view: x " + x0 + ".." + x1 + ", y " + y0 + ".." + y1);
        }
        this.view = new double[] {x0, x1, y0, y1};
        return this;
    }

    /**
     * Where the last {@link #draw} put the data: the plot area in pixels and the ranges it spans, so that a view
     * can turn a pointer position back into data coordinates.
     *
     * @param left left edge of the plot area, pixels
     * @param top top edge
     * @param width width
     * @param height height
     * @param x0 x at the left edge
     * @param x1 x at the right edge
     * @param y0 y at the bottom edge, plot units (log10 on a log axis)
     * @param y1 y at the top edge
     */
    public record Frame(int left, int top, int width, int height, double x0, double x1, double y0, double y1) {

        /** @return the x value at a horizontal pixel position */
        public double xAt(double px) {
            return x0 + (px - left) / width * (x1 - x0);
        }

        /** @return the y value (plot units) at a vertical pixel position */
        public double yAt(double py) {
            return y0 + (top + height - py) / height * (y1 - y0);
        }
    }

    /** @return where the last draw put the data, or null before the first */
    public Frame frame() {
        return frame;
    }

    private static double[] inside(double[] ticks, double lo, double hi) {
        double eps = 1e-9 * (hi - lo);
        double[] in = java.util.Arrays.stream(ticks).filter(t -> t >= lo - eps && t <= hi + eps).toArray();
        return in.length >= 2 ? in : new double[] {lo, hi};
    }

    /** @return ticks in log10 units at "nice" values, for a log axis zoomed to less than a few decades */
    private static double[] logTicks(double y0, double y1) {
        return java.util.Arrays.stream(Ticks.nice(Math.pow(10, y0), Math.pow(10, y1), 5)).filter(v -> v > 0)
                .map(Math::log10).toArray();
    }

    private String tickLabel(double t) {
        if (!logY || Math.abs(t - Math.rint(t)) < 1e-9) {
            return label(t, logY);
        }
        return label(Math.pow(10, t), false);
    }

    private double ty(double v) {
        return logY ? Math.log10(Math.max(v, 1e-16)) : v;
    }

    /**
     * Draws the plot.
     *
     * @param g graphics (anti-aliasing is switched on here)
     * @param x left of the rectangle
     * @param y top of the rectangle
     * @param w width
     * @param h height
     * @param s scale (1 = 12 pt text)
     */
    public void draw(Graphics2D g, int x, int y, int w, int h, double s) {
        Figures.quality(g);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(11 * s));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(13 * s));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series se : series) {
            for (int i = 0; i < se.x().length; i++) {
                double yy = ty(se.y()[i]);
                if (Double.isFinite(se.x()[i]) && Double.isFinite(yy)) {
                    x0 = Math.min(x0, se.x()[i]);
                    x1 = Math.max(x1, se.x()[i]);
                    y0 = Math.min(y0, yy);
                    y1 = Math.max(y1, yy);
                }
            }
        }
        double r0 = Double.POSITIVE_INFINITY;
        double r1 = Double.NEGATIVE_INFINITY;
        for (Series se : rightSeries) {
            for (int i = 0; i < se.x().length; i++) {
                if (Double.isFinite(se.x()[i]) && Double.isFinite(se.y()[i])) {
                    x0 = Math.min(x0, se.x()[i]);
                    x1 = Math.max(x1, se.x()[i]);
                    r0 = Math.min(r0, se.y()[i]);
                    r1 = Math.max(r1, se.y()[i]);
                }
            }
        }
        for (Series se : verticals) {
            if (Double.isFinite(se.x()[0])) {
                x0 = Math.min(x0, se.x()[0]);
                x1 = Math.max(x1, se.x()[0]);
            }
        }
        if (!Double.isFinite(x0)) {
            x0 = 0;
            x1 = 1;
        }
        if (!Double.isFinite(y0)) {
            y0 = 0;
            y1 = 1;
        }
        if (!Double.isFinite(r0)) {
            r0 = 0;
            r1 = 1;
        }
        if (!Double.isNaN(yMin)) {
            y0 = ty(yMin);
            y1 = ty(yMax);
        }
        double[] xt = xTicks != null ? xTicks : Ticks.nice(x0, x1, 6);
        if (xTicks != null) {
            x0 = xt[0];
            x1 = xt[xt.length - 1];
        }
        if (view != null) {
            x0 = view[0];
            x1 = view[1];
            y0 = view[2];
            y1 = view[3];
            xt = inside(xTicks != null ? xTicks : Ticks.nice(x0, x1, 6), x0, x1);
        }
        double[] yt = logY ? Ticks.integers(Math.floor(y0), Math.ceil(y1), 6) : Ticks.nice(y0, y1, 5);
        if (view != null) {
            yt = inside(logY && Ticks.integers(Math.floor(y0), Math.ceil(y1), 6).length < 4 ? logTicks(y0, y1)
                    : yt, y0, y1);
        } else {
            x0 = Math.min(x0, xt[0]);
            x1 = Math.max(x1, xt[xt.length - 1]);
            y0 = Math.min(y0, yt[0]);
            y1 = Math.max(y1, yt[yt.length - 1]);
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        double[] rt = Ticks.nice(r0, r1, 5);
        r0 = Math.min(r0, rt[0]);
        r1 = Math.max(r1, rt[rt.length - 1]);
        if (r1 == r0) {
            r1 = r0 + 1;
        }
        int rightW = 0;
        if (rightLabel != null) {
            for (double t : rt) {
                rightW = Math.max(rightW, fm.stringWidth(label(t, false)));
            }
            rightW += (int) Math.round(22 * s);
        }
        int titleH = title == null ? 0 : (int) Math.round(20 * s);
        int yLabelW = 0;
        for (double t : yt) {
            yLabelW = Math.max(yLabelW, fm.stringWidth(tickLabel(t)));
        }
        int left = x + yLabelW + (int) Math.round(26 * s);
        int right = x + w - (int) Math.round(10 * s) - rightW;
        int top = y + titleH + (int) Math.round(6 * s);
        int bottom = y + h - (int) Math.round(36 * s);
        int pw = Math.max(10, right - left);
        int ph = Math.max(10, bottom - top);
        final double fx0 = x0;
        final double fx1 = x1;
        final double fy0 = y0;
        final double fy1 = y1;
        frame = new Frame(left, top, pw, ph, x0, x1, y0, y1);
        java.util.function.DoubleUnaryOperator px = v -> left + (v - fx0) / (fx1 - fx0) * pw;
        java.util.function.DoubleUnaryOperator py = v -> bottom - (v - fy0) / (fy1 - fy0) * ph;
        final double fr0 = r0;
        final double fr1 = r1;
        java.util.function.DoubleUnaryOperator pyRight = v -> bottom - (v - fr0) / (fr1 - fr0) * ph;
        if (title != null) {
            g.setFont(titleFont);
            // a narrow panel gets a smaller title rather than a cut one
            while (g.getFontMetrics().stringWidth(title) > w - 4 && g.getFont().getSize2D() > 8 * s) {
                g.setFont(g.getFont().deriveFont(g.getFont().getSize2D() - 0.5f));
            }
            g.setColor(Color.BLACK);
            int tw = g.getFontMetrics().stringWidth(title);
            int tx = Math.max(x + 2, Math.min(left + (pw - tw) / 2, x + w - tw - 2));
            g.drawString(title, tx, y + g.getFontMetrics().getAscent());
            g.setFont(font);
        }
        // grid and ticks
        g.setStroke(new BasicStroke((float) (0.6 * s)));
        for (double t : xt) {
            int xx = (int) Math.round(px.applyAsDouble(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(xx, top, xx, bottom);
            g.setColor(Color.BLACK);
            String l = label(t, false);
            g.drawString(l, xx - fm.stringWidth(l) / 2, bottom + fm.getAscent() + (int) Math.round(4 * s));
        }
        for (double t : yt) {
            int yy = (int) Math.round(py.applyAsDouble(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, yy, right, yy);
            g.setColor(Color.BLACK);
            String l = tickLabel(t);
            g.drawString(l, left - fm.stringWidth(l) - (int) Math.round(5 * s), yy + fm.getAscent() / 2 - 1);
        }
        if (rightLabel != null) {
            g.setColor(Color.BLACK);
            for (double t : rt) {
                int yy = (int) Math.round(pyRight.applyAsDouble(t));
                g.drawLine(right, yy, right + (int) Math.round(4 * s), yy);
                g.drawString(label(t, false), right + (int) Math.round(6 * s), yy + fm.getAscent() / 2 - 1);
            }
            AffineTransform at0 = g.getTransform();
            g.rotate(Math.PI / 2);
            g.drawString(rightLabel, top + (ph - fm.stringWidth(rightLabel)) / 2, -(x + w - fm.getAscent() / 3));
            g.setTransform(at0);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) s));
        g.drawRect(left, top, pw, ph);
        g.drawString(xLabel, left + (pw - fm.stringWidth(xLabel)) / 2, y + h - (int) Math.round(4 * s));
        AffineTransform at = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + (ph + fm.stringWidth(yLabel)) / 2), x + fm.getAscent());
        g.setTransform(at);
        // series, clipped to the plot area
        Shape clip = g.getClip();
        g.clipRect(left, top, pw + 1, ph + 1);
        for (Series se : series) {
            drawSeries(g, se, s, px, v -> py.applyAsDouble(ty(v)));
        }
        for (Series se : rightSeries) {
            drawSeries(g, se, s, px, pyRight);
        }
        for (Series se : verticals) {
            g.setColor(se.color());
            g.setStroke(stroke(se, s));
            double vx = px.applyAsDouble(se.x()[0]);
            g.draw(new java.awt.geom.Line2D.Double(vx, top, vx, bottom));
        }
        g.setClip(clip);
        if (legend) {
            int margin = (int) Math.round(6 * s);
            int lh = legendHeight(g, s, font);
            int legendTop = legendBottom ? bottom - margin - lh : top + margin;
            int legendRight = right - (int) Math.round(8 * s);
            if (legendAuto) {
                int lw = legendWidth(g, s, font);
                int[] tops = {top + margin, bottom - margin - lh, top + (ph - lh) / 2};
                int[] rights = {right - (int) Math.round(8 * s), left + (int) Math.round(8 * s) + lw};
                long best = Long.MAX_VALUE;
                for (int xr : rights) {
                    for (int yTop : tops) {
                        long covered = covered(new java.awt.Rectangle(xr - lw, yTop, lw, lh), px,
                                v -> py.applyAsDouble(ty(v)), pyRight);
                        if (covered < best) {
                            best = covered;
                            legendTop = yTop;
                            legendRight = xr;
                        }
                    }
                }
            }
            drawLegend(g, legendRight, legendTop, s, font);
        }
    }

    private static void drawSeries(Graphics2D g, Series se, double s, java.util.function.DoubleUnaryOperator px,
            java.util.function.DoubleUnaryOperator py) {
        g.setColor(se.color());
        g.setStroke(stroke(se, s));
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < se.x().length; i++) {
            double b = py.applyAsDouble(se.y()[i]);
            if (!Double.isFinite(b) || !Double.isFinite(se.x()[i])) {
                pen = false;
                continue;
            }
            double a = px.applyAsDouble(se.x()[i]);
            if (pen) {
                path.lineTo(a, b);
            } else {
                path.moveTo(a, b);
                pen = true;
            }
            if (se.markers()) {
                double r = 2.6 * s;
                g.fill(new java.awt.geom.Ellipse2D.Double(a - r, b - r, 2 * r, 2 * r));
            }
        }
        g.draw(path);
    }

    private List<Series> named() {
        return java.util.stream.Stream.of(series, rightSeries, verticals).flatMap(List::stream)
                .filter(se -> se.name() != null).toList();
    }

    private int legendHeight(Graphics2D g, double s, Font font) {
        return named().size() * g.getFontMetrics(font).getHeight() + (int) Math.round(6 * s);
    }

    private int legendWidth(Graphics2D g, double s, Font font) {
        FontMetrics fm = g.getFontMetrics(font);
        int w = 0;
        for (Series se : named()) {
            w = Math.max(w, fm.stringWidth(se.name()));
        }
        return w + (int) Math.round(22 * s) + (int) Math.round(14 * s);
    }

    /** @return how many points along the drawn lines (8 per segment) fall in a box */
    private long covered(java.awt.Rectangle box, java.util.function.DoubleUnaryOperator px,
            java.util.function.DoubleUnaryOperator py, java.util.function.DoubleUnaryOperator pyRight) {
        long n = 0;
        for (int axis = 0; axis < 2; axis++) {
            java.util.function.DoubleUnaryOperator pyy = axis == 0 ? py : pyRight;
            for (Series se : axis == 0 ? series : rightSeries) {
                double[] xs = se.x();
                double[] ys = se.y();
                for (int i = 0; i < xs.length; i++) {
                    if (!Double.isFinite(ys[i])) {
                        continue;
                    }
                    double ax = px.applyAsDouble(xs[i]);
                    double ay = pyy.applyAsDouble(ys[i]);
                    boolean next = i + 1 < xs.length && Double.isFinite(ys[i + 1]);
                    double bx = next ? px.applyAsDouble(xs[i + 1]) : ax;
                    double by = next ? pyy.applyAsDouble(ys[i + 1]) : ay;
                    for (int k = 0; k < (next ? 8 : 1); k++) {
                        double t = k / 8.0;
                        if (box.contains(ax + t * (bx - ax), ay + t * (by - ay))) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** Draws the legend with its top-right corner at {@code (xRight, y)}. */
    private void drawLegend(Graphics2D g, int xRight, int y, double s, Font font) {
        List<Series> named = named();
        if (named.isEmpty()) {
            return;
        }
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int lineH = fm.getHeight();
        int sw = (int) Math.round(22 * s);
        int w = 0;
        for (Series se : named) {
            w = Math.max(w, fm.stringWidth(se.name()));
        }
        w += sw + (int) Math.round(14 * s);
        int x = xRight - w;
        int h = legendHeight(g, s, font);
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(x, y, w, h);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke((float) (0.8 * s)));
        g.drawRect(x, y, w, h);
        int yy = y + (int) Math.round(3 * s);
        for (Series se : named) {
            int mid = yy + lineH / 2;
            g.setColor(se.color());
            g.setStroke(stroke(se, s));
            g.drawLine(x + (int) Math.round(5 * s), mid, x + (int) Math.round(5 * s) + sw, mid);
            g.setColor(Color.BLACK);
            g.drawString(se.name(), x + sw + (int) Math.round(10 * s), yy + fm.getAscent());
            yy += lineH;
        }
    }

    private static Stroke stroke(Series se, double s) {
        float w = (float) (se.width() * s);
        return switch (se.dash()) {
            case DASHED -> new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {(float) (6 * s), (float) (4 * s)}, 0f);
            case DOTTED -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {(float) (0.5 * s), (float) (3 * s)}, 0f);
            default -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        };
    }

    static String label(double v, boolean power) {
        if (power) {
            int k = (int) Math.rint(v);
            return k >= 0 && k <= 3 ? String.valueOf((long) Math.pow(10, k)) : k == -1 ? "0.1" : "1e" + k;
        }
        if (Math.abs(v) < 1e-12) {
            return "0";
        }
        if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        String t = String.format(Locale.ROOT, "%.4f", v);
        return t.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
