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
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.group.Group;

/**
 * The orbit saliency grid (paper Figures 1 and 3) as an image: for each sample a block with one row of cells
 * per model, one cell per group element. A cell shows the sample (aligned view: in its own orientation;
 * unaligned: as {@code g x}) in grey with the saliency map over it in colour, and under it the predicted class
 * and its probability (framed red when wrong). For a genuinely invariant model every cell of a row is the
 * same. The models of a block are stacked (one under another) or side by side, and the blocks fill a chosen
 * number of columns, so that a handful of samples makes a compact figure; a footnote explains the cells.
 */
public final class SaliencyGridFigure {

    /**
     * One model's rows.
     *
     * @param name model label shown in the figure (e.g. {@code DA}, see {@link ModelLabels})
     * @param rows one entry per sample, in the same sample order for every model
     */
    public record Panel(String name, List<OrbitSaliency.Row> rows) {
    }

    /** How the models of one sample are placed. */
    public enum Arrangement {
        /** One row of cells per model, one under another (the paper's Figure 1). */
        STACKED("stacked"),
        /** The models' rows of cells next to each other, one line per sample. */
        SIDE_BY_SIDE("side-by-side");

        private final String id;

        Arrangement(String id) {
            this.id = id;
        }

        /** @return the command-line name, {@code stacked} or {@code side-by-side} */
        public String id() {
            return id;
        }

        /**
         * @param id {@code stacked} or {@code side-by-side}
         * @return the arrangement
         * @throws OrbitscopeException for another name
         */
        public static Arrangement byId(String id) {
            for (Arrangement a : values()) {
                if (a.id.equalsIgnoreCase(id)) {
                    return a;
                }
            }
            throw new OrbitscopeException("Unknown layout '" + id + "': expected stacked or side-by-side.");
        }
    }

    /** Most columns of sample blocks. */
    public static final int MAX_COLUMNS = 8;

    /**
     * Drawing options.
     *
     * @param aligned show maps realigned by {@code g^-1} (true) or as computed on {@code g x}
     * @param cellPixels size of a cell at scale 1
     * @param scale resolution multiplier (1, 2 or 4 for print)
     * @param blend opacity of the saliency over the (dimmed) image, 0..1
     * @param colormap colours of the saliency
     * @param classNames class names by label, or {@code null} to print numbers
     * @param arrangement how the models of a sample are placed
     * @param columns columns of sample blocks, 1..{@link #MAX_COLUMNS} (fewer if there are fewer samples)
     */
    public record Options(boolean aligned, int cellPixels, double scale, double blend, Colormap colormap,
            List<String> classNames, Arrangement arrangement, int columns) {

        /** Checks ranges. */
        public Options {
            if (cellPixels < 16 || cellPixels > 512 || !(scale >= 0.5 && scale <= 8) || !(blend >= 0 && blend <= 1)) {
                throw new IllegalArgumentException("cell 16..512 px, scale 0.5..8, blend 0..1");
            }
            if (columns < 1 || columns > MAX_COLUMNS) {
                throw new OrbitscopeException("The figure takes 1 to " + MAX_COLUMNS + " columns, got " + columns
                        + ".");
            }
            arrangement = arrangement == null ? Arrangement.STACKED : arrangement;
        }

        /**
         * Stacked models in one column.
         *
         * @param aligned see the record
         * @param cellPixels see the record
         * @param scale see the record
         * @param blend see the record
         * @param colormap see the record
         * @param classNames see the record
         */
        public Options(boolean aligned, int cellPixels, double scale, double blend, Colormap colormap,
                List<String> classNames) {
            this(aligned, cellPixels, scale, blend, colormap, classNames, Arrangement.STACKED, 1);
        }

        /** @return the defaults: aligned, 72 px cells, scale 1, blend 0.9, inferno, stacked, two columns */
        public static Options defaults() {
            return new Options(true, 72, 1, 0.9, Colormap.INFERNO, null, Arrangement.STACKED, 2);
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
     * The caption of a sample, e.g. {@code sample 8, label 5} or {@code sample 3, label 5 (Sandal)}.
     *
     * @param row the sample's row
     * @param classNames class names by label, or null
     * @return the caption
     */
    public static String sampleCaption(OrbitSaliency.Row row, List<String> classNames) {
        String name = classNames != null && row.label() < classNames.size() ? classNames.get(row.label()) : null;
        return "sample " + row.sample() + ", label " + row.label()
                + (name == null || name.equals(String.valueOf(row.label())) ? "" : " (" + name + ")");
    }

    /** The footnote that explains the cells. */
    static String footnote(Options o) {
        return (o.aligned() ? "Saliency realigned by g⁻¹ over the sample" : "Saliency of g x over g x")
                + "; under each map the predicted class (its probability), framed red when wrong; "
                + "SI: the sample's saliency invariance.";
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
        Layout l = Layout.of(panels, group, o);
        return new Figure(l.width(), l.height(), g -> paint(g, panels, group, o, l));
    }

    /** Sizes in pixels at the figure's scale. */
    private record Layout(double s, int cell, int gap, int caption, int header, int sampleGap, int legendW,
            int labelW, int models, int order, boolean stacked, int columns, int blockRows, int titleH,
            int footH, float headerFont, List<String> foot) {

        static Layout of(List<Panel> panels, Group group, Options o) {
            double s = o.scale();
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D pg = probe.createGraphics();
            // measured at scale 1 and scaled, so that a 2x figure is exactly twice a 1x one
            pg.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            FontMetrics bold = pg.getFontMetrics();
            pg.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics plain = pg.getFontMetrics();
            boolean stacked = o.arrangement() == Arrangement.STACKED;
            int text = 0;
            int samples = panels.get(0).rows().size();
            if (stacked) {
                for (Panel p : panels) {
                    text = Math.max(text, bold.stringWidth(p.name()));
                }
                text = Math.max(text, plain.stringWidth("SI 0.000"));
            } else {
                for (OrbitSaliency.Row r : panels.get(0).rows()) {
                    String[] lines = sideLines(r, o.classNames());
                    text = Math.max(text, bold.stringWidth(lines[0]));
                    for (int i = 1; i < lines.length; i++) {
                        text = Math.max(text, plain.stringWidth(lines[i]));
                    }
                }
            }
            // element labels shrink to their cell rather than run into the next one
            float headerFont = 12;
            int widest = 0;
            for (int e = 0; e < group.order(); e++) {
                widest = Math.max(widest, bold.stringWidth(group.label(e)));
            }
            int room = o.cellPixels() - 4;
            if (widest > room) {
                headerFont = Math.max(7, 12f * room / widest);
            }
            int labelW = (int) Math.round((text + 12) * s);
            int columns = Math.max(1, Math.min(o.columns(), samples));
            int blockRows = (samples + columns - 1) / columns;
            int header = (int) Math.round((stacked ? 24 : 42) * s);
            int titleH = stacked ? (int) Math.round(18 * s) : 0;
            Layout l = new Layout(s, (int) Math.round(o.cellPixels() * s), (int) Math.round(6 * s),
                    (int) Math.round(16 * s), header, (int) Math.round(14 * s), (int) Math.round(70 * s), labelW,
                    panels.size(), group.order(), stacked, columns, blockRows, titleH, 0, headerFont, List.of());
            // the footnote wraps to the figure's width (measured at scale 1, like the labels)
            pg.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            List<String> foot = wrap(footnote(o), pg.getFontMetrics(), (l.width() - 2 * l.gap()) / s);
            pg.dispose();
            return new Layout(l.s, l.cell, l.gap, l.caption, l.header, l.sampleGap, l.legendW, l.labelW, l.models,
                    l.order, l.stacked, l.columns, l.blockRows, l.titleH, (int) Math.round((8 + 14 * foot.size()) * s),
                    l.headerFont, foot);
        }

        private static List<String> wrap(String text, FontMetrics fm, double width) {
            List<String> lines = new java.util.ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String next = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && fm.stringWidth(next) > width) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(next);
                }
            }
            lines.add(line.toString());
            return List.copyOf(lines);
        }

        int rowH() {
            return cell + caption + gap;
        }

        /** Width of one model's row of cells (side by side: with the room between models). */
        int cellsW() {
            return order * (cell + gap) + (stacked ? 0 : gap * 2);
        }

        int blockW() {
            return labelW + (stacked ? cellsW() : models * cellsW());
        }

        int blockH() {
            return stacked ? titleH + models * rowH() : rowH() + (int) Math.round(14 * s);
        }

        int columnGap() {
            return (int) Math.round(18 * s);
        }

        int width() {
            return gap + columns * blockW() + (columns - 1) * columnGap() + legendW + gap;
        }

        int height() {
            return header + blockRows * (blockH() + sampleGap) + footH;
        }
    }

    /** Left-column lines of a side-by-side row: sample, label, class name. */
    private static String[] sideLines(OrbitSaliency.Row r, List<String> classNames) {
        String name = classNames != null && r.label() < classNames.size() ? classNames.get(r.label()) : null;
        return name == null || name.equals(String.valueOf(r.label()))
                ? new String[] {"sample " + r.sample(), "label " + r.label()}
                : new String[] {"sample " + r.sample(), "label " + r.label(), name};
    }

    private static void paint(Graphics2D g, List<Panel> panels, Group group, Options o, Layout l) {
        int samples = panels.get(0).rows().size();
        double s = l.s();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * s));
        Font bold = font.deriveFont(Font.BOLD);
        Font small = font.deriveFont((float) Math.round(10.5 * s));
        Font headerFont = bold.deriveFont((float) (l.headerFont() * s));
        int width = l.width();
        for (int c = 0; c < l.columns(); c++) {
            int bx = l.gap() + c * (l.blockW() + l.columnGap());
            drawHeader(g, panels, group, l, bx, bold, headerFont);
        }
        for (int i = 0; i < samples; i++) {
            int col = i % l.columns();
            int blockRow = i / l.columns();
            int bx = l.gap() + col * (l.blockW() + l.columnGap());
            int by = l.header() + blockRow * (l.blockH() + l.sampleGap());
            OrbitSaliency.Row first = panels.get(0).rows().get(i);
            if (l.stacked()) {
                g.setColor(Color.BLACK);
                g.setFont(bold);
                g.drawString(sampleCaption(first, o.classNames()), bx, by + (int) Math.round(13 * s));
                int y = by + l.titleH();
                for (Panel p : panels) {
                    OrbitSaliency.Row row = p.rows().get(i);
                    g.setColor(Color.BLACK);
                    g.setFont(bold);
                    g.drawString(p.name(), bx, y + (int) Math.round(16 * s));
                    g.setFont(font);
                    g.drawString(String.format(Locale.ROOT, "SI %.3f", row.si()), bx, y + (int) Math.round(33 * s));
                    drawCells(g, row, group, o, bx + l.labelW(), y, l.cell(), l.gap(), small, s);
                    y += l.rowH();
                }
            } else {
                String[] lines = sideLines(first, o.classNames());
                g.setColor(Color.BLACK);
                for (int k = 0; k < lines.length; k++) {
                    g.setFont(k == 0 ? bold : font);
                    g.drawString(lines[k], bx, by + (int) Math.round((16 + 17 * k) * s));
                }
                for (int m = 0; m < panels.size(); m++) {
                    OrbitSaliency.Row row = panels.get(m).rows().get(i);
                    int x = bx + l.labelW() + m * l.cellsW();
                    drawCells(g, row, group, o, x, by, l.cell(), l.gap(), small, s);
                    g.setColor(Color.BLACK);
                    g.setFont(small);
                    String si = String.format(Locale.ROOT, "SI %.3f", row.si());
                    int span = l.order() * (l.cell() + l.gap()) - l.gap();
                    g.drawString(si, x + (span - g.getFontMetrics().stringWidth(si)) / 2,
                            by + l.cell() + l.caption() + (int) Math.round(12 * s));
                }
            }
            if (blockRow + 1 < l.blockRows()) {
                int yy = by + l.blockH() + l.sampleGap() / 2;
                g.setColor(new Color(0xdddddd));
                g.setStroke(new BasicStroke((float) s));
                g.drawLine(bx, yy, bx + l.blockW(), yy);
            }
        }
        int legendTop = l.header();
        drawLegend(g, o, width - l.legendW() + (int) Math.round(22 * s), legendTop,
                (int) Math.round(Math.max(40 * s, Math.min(l.height() - legendTop - l.footH() - 30 * s, 160 * s))),
                small, s);
        g.setColor(new Color(0x57606a));
        g.setFont(font.deriveFont((float) (11 * s)));
        int fy = l.height() - l.footH() + (int) Math.round(14 * s);
        for (String line : l.foot()) {
            g.drawString(line, l.gap(), fy);
            fy += (int) Math.round(14 * s);
        }
    }

    /** Column headers of one column of blocks: the group elements (and, side by side, the models). */
    private static void drawHeader(Graphics2D g, List<Panel> panels, Group group, Layout l, int bx, Font bold,
            Font headerFont) {
        double s = l.s();
        int base = l.header() - (int) Math.round(8 * s);
        g.setColor(Color.BLACK);
        int models = l.stacked() ? 1 : panels.size();
        for (int m = 0; m < models; m++) {
            int x0 = bx + l.labelW() + m * l.cellsW();
            if (!l.stacked()) {
                g.setFont(bold);
                String name = panels.get(m).name();
                int span = l.order() * (l.cell() + l.gap()) - l.gap();
                g.drawString(name, x0 + (span - g.getFontMetrics().stringWidth(name)) / 2,
                        base - (int) Math.round(18 * s));
                g.setColor(new Color(0x999999));
                g.setStroke(new BasicStroke((float) s));
                int ly = base - (int) Math.round(14 * s);
                g.drawLine(x0, ly, x0 + span, ly);
                g.setColor(Color.BLACK);
            }
            g.setFont(headerFont);
            for (int e = 0; e < l.order(); e++) {
                String t = group.label(e);
                int x = x0 + e * (l.cell() + l.gap()) + (l.cell() - g.getFontMetrics().stringWidth(t)) / 2;
                g.drawString(t, x, base);
            }
        }
        g.setFont(bold);
        String gl = "g =";
        g.drawString(gl, bx + l.labelW() - g.getFontMetrics().stringWidth(gl) - (int) Math.round(6 * s), base);
    }

    private static void drawCells(Graphics2D g, OrbitSaliency.Row row, Group group, Options o, int x0, int y,
            int cell, int gap, Font small, double s) {
        int order = group.order();
        float max = 0;
        float[][] maps = o.aligned() ? row.aligned() : row.maps();
        for (float[] m : maps) {
            for (float v : m) {
                max = Math.max(max, v);
            }
        }
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
            int x = x0 + e * (cell + gap);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(Figure.isVector(g) ? enlarge(tile, 8) : tile, x, y, cell, cell, null);
            boolean wrong = row.predicted()[e] != row.label();
            g.setStroke(new BasicStroke((float) (wrong ? 2.5 * s : s)));
            g.setColor(wrong ? new Color(0xd62728) : new Color(0x999999));
            g.drawRect(x, y, cell - 1, cell - 1);
            g.setFont(small);
            g.setColor(wrong ? new Color(0xd62728) : Color.BLACK);
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
