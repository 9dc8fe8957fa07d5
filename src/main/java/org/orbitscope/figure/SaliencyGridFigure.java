package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.group.Group;

/**
 * The orbit saliency grid (paper Figures 1 and 3) as an image: for each sample one row per model, one
 * column per group element. A cell shows the sample (aligned view: in its own orientation; unaligned: as
 * {@code g x}) in grey with the saliency map over it in colour, and under it the predicted class and its
 * probability (red when wrong). For a genuinely invariant model every cell of a row is the same.
 */
public final class SaliencyGridFigure {

    /**
     * One model's rows.
     *
     * @param name model name shown at the left
     * @param rows one entry per sample, in the same sample order for every model
     */
    public record Panel(String name, List<OrbitSaliency.Row> rows) {
    }

    /**
     * Drawing options.
     *
     * @param aligned show maps realigned by {@code g^-1} (true) or as computed on {@code g x}
     * @param cellPixels size of a cell at scale 1
     * @param scale resolution multiplier (1, 2 or 4 for print)
     * @param blend opacity of the saliency over the (dimmed) image, 0..1
     * @param colormap colours of the saliency
     * @param classNames class names by label, or {@code null} to print numbers
     */
    public record Options(boolean aligned, int cellPixels, double scale, double blend, Colormap colormap,
            List<String> classNames) {

        /** Checks ranges. */
        public Options {
            if (cellPixels < 16 || cellPixels > 512 || !(scale >= 0.5 && scale <= 8) || !(blend >= 0 && blend <= 1)) {
                throw new IllegalArgumentException("cell 16..512 px, scale 0.5..8, blend 0..1");
            }
        }

        /** @return the defaults: aligned, 72 px cells, scale 1, blend 0.9, inferno */
        public static Options defaults() {
            return new Options(true, 72, 1, 0.9, Colormap.INFERNO, null);
        }
    }

    private SaliencyGridFigure() {
    }

    /**
     * Renders the grid.
     *
     * @param panels one per model (at least one); all must hold the same samples
     * @param group the group of the columns
     * @param o options
     * @return the figure on a white background
     */
    public static BufferedImage render(List<Panel> panels, Group group, Options o) {
        return figure(panels, group, o).toImage();
    }

    /**
     * The grid for any output: screen, PNG, SVG or PDF.
     *
     * @param panels one per model (at least one); all must hold the same samples
     * @param group the group of the columns
     * @param o options
     * @return the figure
     */
    public static Figure figure(List<Panel> panels, Group group, Options o) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no model to draw");
        }
        Layout l = new Layout(o.scale(), o.cellPixels());
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        // measured at scale 1 and scaled, so that a 2x figure is exactly twice a 1x one
        pg.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        FontMetrics fm = pg.getFontMetrics();
        int labelW = 0;
        for (Panel p : panels) {
            labelW = Math.max(labelW, fm.stringWidth(p.name()));
        }
        int labelWidth = (int) Math.round((Math.max(labelW, fm.stringWidth("SI 0.000  #00000 · class 0")) + 12)
                * o.scale());
        pg.dispose();
        int samples = panels.get(0).rows().size();
        int width = labelWidth + group.order() * (l.cell + l.gap) + l.legendW + l.gap;
        int height = l.header + samples * (panels.size() * l.rowH() + l.sampleGap);
        return new Figure(width, height, g -> paint(g, panels, group, o, l, labelWidth, width, height));
    }

    /** Sizes in pixels at a scale. */
    private record Layout(double s, int cell, int gap, int caption, int header, int sampleGap, int legendW) {
        Layout(double s, int cellPixels) {
            this(s, (int) Math.round(cellPixels * s), (int) Math.round(6 * s), (int) Math.round(16 * s),
                    (int) Math.round(28 * s), (int) Math.round(14 * s), (int) Math.round(70 * s));
        }

        int rowH() {
            return cell + caption + gap;
        }
    }

    private static void paint(Graphics2D g, List<Panel> panels, Group group, Options o, Layout l, int labelW,
            int width, int height) {
        int samples = panels.get(0).rows().size();
        int order = group.order();
        double s = l.s();
        int cell = l.cell();
        int gap = l.gap();
        int header = l.header();
        int sampleGap = l.sampleGap();
        int legendW = l.legendW();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * s));
        Font bold = font.deriveFont(Font.BOLD);
        Font small = font.deriveFont((float) Math.round(10.5 * s));
        int rowH = l.rowH();
        g.setColor(Color.BLACK);
        g.setFont(bold);
        for (int e = 0; e < order; e++) {
            String t = "g = " + group.label(e);
            int x = labelW + e * (cell + gap) + (cell - g.getFontMetrics().stringWidth(t)) / 2;
            g.drawString(t, x, header - (int) Math.round(9 * s));
        }
        int y = header;
        for (int i = 0; i < samples; i++) {
            for (Panel p : panels) {
                OrbitSaliency.Row row = p.rows().get(i);
                drawRow(g, row, p.name(), group, o, labelW, y, cell, gap, font, small, s);
                y += rowH;
            }
            y += sampleGap;
            if (i + 1 < samples) {
                g.setColor(new Color(0xdddddd));
                g.setStroke(new BasicStroke((float) s));
                g.drawLine(gap, y - sampleGap / 2 - gap / 2, width - gap, y - sampleGap / 2 - gap / 2);
            }
        }
        drawLegend(g, o, width - legendW + (int) Math.round(22 * s), header,
                (int) Math.round(Math.min(height - header - 40 * s, 160 * s)),
                small, s);
    }

    private static void drawRow(Graphics2D g, OrbitSaliency.Row row, String model, Group group, Options o, int labelW,
            int y, int cell, int gap, Font font, Font small, double s) {
        int order = group.order();
        float max = 0;
        float[][] maps = o.aligned() ? row.aligned() : row.maps();
        for (float[] m : maps) {
            for (float v : m) {
                max = Math.max(max, v);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD));
        g.drawString(model, gap, y + (int) Math.round(16 * s));
        g.setFont(font);
        String cls = o.classNames() != null && row.label() < o.classNames().size() ? o.classNames().get(row.label())
                : "class " + row.label();
        g.drawString(String.format(Locale.ROOT, "#%d · %s", row.sample(), cls), gap, y + (int) Math.round(33 * s));
        g.drawString(String.format(Locale.ROOT, "SI %.3f", row.si()), gap, y + (int) Math.round(50 * s));
        int side = group.side();
        for (int e = 0; e < order; e++) {
            float[] base = o.aligned() ? row.image() : group.apply(e, row.image());
            BufferedImage tile = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < side * side; p++) {
                // the image is dimmed so that the (sparse, thresholded) saliency stands out over the strokes
                double gray = 0.45 * Math.max(0, Math.min(1, base[p]));
                double sal = max > 0 ? maps[e][p] / max : 0;
                int c = o.colormap().rgb(0.35 + 0.65 * sal);
                double a = sal > 0 ? o.blend() * Math.min(1, 0.35 + sal) : 0;
                int r = (int) Math.round(255 * gray * (1 - a) + ((c >> 16) & 0xff) * a);
                int gg = (int) Math.round(255 * gray * (1 - a) + ((c >> 8) & 0xff) * a);
                int b = (int) Math.round(255 * gray * (1 - a) + (c & 0xff) * a);
                tile.setRGB(p % side, p / side, (r << 16) | (gg << 8) | b);
            }
            int x = labelW + e * (cell + gap);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(Figure.isVector(g) ? enlarge(tile, 8) : tile, x, y, cell, cell, null);
            boolean wrong = row.predicted()[e] != row.label();
            g.setStroke(new BasicStroke((float) (wrong ? 2.5 * s : s)));
            g.setColor(wrong ? new Color(0xd62728) : new Color(0x999999));
            g.drawRect(x, y, cell - 1, cell - 1);
            g.setFont(small);
            String t = String.format(Locale.ROOT, "%d (%.2f)", row.predicted()[e], row.probability()[e]);
            g.drawString(t, x + (cell - g.getFontMetrics().stringWidth(t)) / 2, y + cell + (int) Math.round(12 * s));
        }
    }

    /** Each pixel as a k x k block: a vector viewer smooths embedded images, blocks keep the map's pixels. */
    private static BufferedImage enlarge(BufferedImage img, int k) {
        BufferedImage out = new BufferedImage(img.getWidth() * k, img.getHeight() * k, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / k, y / k));
            }
        }
        return out;
    }

    private static void drawLegend(Graphics2D g, Options o, int x, int y, int h, Font font, double s) {
        int w = (int) Math.round(12 * s);
        for (int i = 0; i < h; i++) {
            g.setColor(new Color(o.colormap().rgb(0.35 + 0.65 * (1 - (double) i / (h - 1)))));
            g.fillRect(x, y + i, w, 1);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) s));
        g.drawRect(x, y, w, h);
        g.setFont(font);
        g.drawString("max", x + w + (int) Math.round(4 * s), y + g.getFontMetrics().getAscent());
        g.drawString("0", x + w + (int) Math.round(4 * s), y + h);
        java.awt.geom.AffineTransform at = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("saliency (per row)", -(y + h), x - (int) Math.round(4 * s));
        g.setTransform(at);
    }
}
