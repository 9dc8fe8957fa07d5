package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.orbitscope.metrics.Stats;

/**
 * A bar plot of per-category values over several runs: bar at the mean, error bar of one sample standard
 * deviation, every run as a dot, in the style of {@link LinePlot}.
 */
public final class BarPlot {

    /**
     * One bar.
     *
     * @param label category label under the bar
     * @param values one value per run (e.g. per seed)
     * @param color bar colour
     */
    public record Bar(String label, double[] values, Color color) {
    }

    /** Room left above the tallest value, as a fraction of it. */
    static final double HEADROOM = 0.08;

    private final String title;
    private final String yLabel;
    private final List<Bar> bars = new ArrayList<>();

    /**
     * @param title title
     * @param yLabel y axis label
     */
    public BarPlot(String title, String yLabel) {
        this.title = title;
        this.yLabel = yLabel;
    }

    /**
     * @param b a bar
     * @return this plot
     */
    public BarPlot add(Bar b) {
        bars.add(b);
        return this;
    }

    /**
     * Draws the plot into a rectangle.
     *
     * @param g graphics
     * @param x left
     * @param y top
     * @param w width
     * @param h height
     * @param s scale
     */
    public void draw(Graphics2D g, int x, int y, int w, int h, double s) {
        Figures.quality(g);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(11 * s));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(13 * s));
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, Stats.mean(b.values()) + Stats.sampleStd(b.values()));
            for (double v : b.values()) {
                max = Math.max(max, v);
            }
        }
        // headroom above the tallest bar, error bar or dot, so that none of them touches the frame
        double[] yt = Ticks.nice(0, max > 0 ? max * (1 + HEADROOM) : 1, 5);
        double top1 = yt[yt.length - 1];
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int labelW = 0;
        for (double t : yt) {
            labelW = Math.max(labelW, fm.stringWidth(LinePlot.label(t, false)));
        }
        int left = x + labelW + (int) Math.round(26 * s);
        int right = x + w - (int) Math.round(10 * s);
        int top = y + (int) Math.round(26 * s);
        int bottom = y + h - (int) Math.round(30 * s);
        int pw = right - left;
        int ph = bottom - top;
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, left + (pw - g.getFontMetrics().stringWidth(title)) / 2,
                y + g.getFontMetrics().getAscent());
        g.setFont(font);
        g.setStroke(new BasicStroke((float) (0.6 * s)));
        for (double t : yt) {
            int yy = (int) Math.round(bottom - t / top1 * ph);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, yy, right, yy);
            g.setColor(Color.BLACK);
            String l = LinePlot.label(t, false);
            g.drawString(l, left - fm.stringWidth(l) - (int) Math.round(5 * s), yy + fm.getAscent() / 2 - 1);
        }
        int n = bars.size();
        double slot = (double) pw / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            double m = Stats.mean(b.values());
            double sd = Stats.sampleStd(b.values());
            int bx = (int) Math.round(left + i * slot + slot * 0.2);
            int bw = (int) Math.round(slot * 0.6);
            int by = (int) Math.round(bottom - m / top1 * ph);
            g.setColor(b.color());
            g.fillRect(bx, by, bw, bottom - by);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke((float) (1.2 * s)));
            int cx = bx + bw / 2;
            int e0 = (int) Math.round(bottom - (m - sd) / top1 * ph);
            int e1 = (int) Math.round(bottom - (m + sd) / top1 * ph);
            if (sd > 0) {
                g.drawLine(cx, e0, cx, e1);
                g.drawLine(cx - bw / 6, e0, cx + bw / 6, e0);
                g.drawLine(cx - bw / 6, e1, cx + bw / 6, e1);
            }
            double r = 2.4 * s;
            for (int k = 0; k < b.values().length; k++) {
                double vy = bottom - b.values()[k] / top1 * ph;
                double vx = cx + (k - (b.values().length - 1) / 2.0) * 5 * s;
                g.setColor(Color.WHITE);
                g.fill(new Ellipse2D.Double(vx - r - s * 0.6, vy - r - s * 0.6, 2 * r + 1.2 * s, 2 * r + 1.2 * s));
                g.setColor(Color.BLACK);
                g.fill(new Ellipse2D.Double(vx - r, vy - r, 2 * r, 2 * r));
            }
            String l = b.label();
            g.drawString(l, cx - fm.stringWidth(l) / 2, bottom + fm.getAscent() + (int) Math.round(4 * s));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) s));
        g.drawRect(left, top, pw, ph);
        AffineTransform at = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + (ph + fm.stringWidth(yLabel)) / 2), x + fm.getAscent());
        g.setTransform(at);
    }
}
