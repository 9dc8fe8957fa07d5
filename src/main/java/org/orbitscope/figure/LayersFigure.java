package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orbitscope.analysis.layers.LayerInvariance;
import org.orbitscope.analysis.layers.LayerProfile;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.model.EpochRecord;

/**
 * Where invariance lives, as a figure: a grid of models x layers whose cells give the layer's value and a
 * heatmap of its units sorted from most to least invariant (the distribution over units), the value of every
 * layer per model as a profile from input to logits, and, for models trained with the per-epoch recording,
 * how each layer's invariance formed over training. The app's Layers view draws the same figure and finds the
 * cell under the mouse with {@link #hit}.
 */
public final class LayersFigure {

    /**
     * One model.
     *
     * @param name the row label
     * @param profile its measured layers
     * @param history its training history ({@link EpochRecord#layerInvariance()} drawn when present), possibly
     *     empty
     */
    public record Row(String name, LayerProfile profile, List<EpochRecord> history) {

        /** Copies the history. */
        public Row {
            history = history == null ? List.of() : List.copyOf(history);
        }

        /** @return true if the history holds per-layer values */
        public boolean hasLayerHistory() {
            return history.stream().anyMatch(e -> !e.layerInvariance().isEmpty());
        }
    }

    /** Width at scale 1. */
    public static final int WIDTH = 1100;
    private static final int PAD = 10;
    private static final int TITLE = 26;
    private static final int LABEL = 200;
    private static final int HEADER = 22;
    private static final int ROW = 48;
    private static final int COLORBAR = 48;
    private static final int PROFILE = 300;
    private static final int HISTORY = 260;
    private static final int HISTORY_COLUMNS = 3;
    /** Log10 range of the colour scale of the normalized measures: 1e-6 (and below) to 1. */
    private static final double LOG_LO = -6;
    private static final double LOG_HI = 0;
    private static final Color CONSTANT = new Color(0xd0d0d0);

    private LayersFigure() {
    }

    private static int columns(List<Row> rows) {
        return rows.stream().mapToInt(r -> r.profile().layers().size()).max().orElse(1);
    }

    private static int historyRows(List<Row> rows) {
        long n = rows.stream().filter(Row::hasLayerHistory).count();
        return (int) ((n + HISTORY_COLUMNS - 1) / HISTORY_COLUMNS);
    }

    private static double gridTop() {
        return PAD + TITLE + HEADER;
    }

    private static double cellWidth(List<Row> rows) {
        return (WIDTH - 2.0 * PAD - LABEL) / columns(rows);
    }

    /**
     * @param rows the models
     * @return the figure's height at scale 1
     */
    public static int height(List<Row> rows) {
        return (int) Math.ceil(gridTop() + rows.size() * ROW + COLORBAR + PROFILE + historyRows(rows) * HISTORY
                + PAD);
    }

    /**
     * The cell under a point.
     *
     * @param rows the models, as drawn
     * @param x horizontal position in the figure at scale 1
     * @param y vertical position in the figure at scale 1
     * @return {@code {row, layer index}}, or {@code null} if the point is on no cell
     */
    public static int[] hit(List<Row> rows, double x, double y) {
        double top = gridTop();
        if (rows.isEmpty() || y < top || y >= top + rows.size() * ROW || x < PAD + LABEL || x >= WIDTH - PAD) {
            return null;
        }
        int row = (int) ((y - top) / ROW);
        int col = (int) ((x - PAD - LABEL) / cellWidth(rows));
        return col < rows.get(row).profile().layers().size() ? new int[] {row, col} : null;
    }

    /**
     * The figure for any output: screen, PNG, SVG or PDF.
     *
     * @param rows the models (at least one)
     * @param scale resolution multiplier
     * @return the figure
     */
    public static Figure figure(List<Row> rows, double scale) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no model to draw");
        }
        int w = (int) Math.round(WIDTH * scale);
        int h = (int) Math.round(height(rows) * scale);
        return new Figure(w, h, g -> draw(g, rows, scale));
    }

    private static void draw(Graphics2D g, List<Row> rows, double s) {
        Figures.quality(g);
        LayerSettings settings = rows.get(0).profile().settings();
        boolean normalized = settings.normalized();
        double[] range = normalized ? new double[] {LOG_LO, LOG_HI} : logRange(rows);
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(14 * s));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(11 * s));
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(10 * s));
        g.setColor(Color.BLACK);
        g.setFont(title);
        LayerProfile first = rows.get(0).profile();
        g.drawString("Where invariance lives", (int) (PAD * s), (int) ((PAD + 14) * s));
        g.setFont(font);
        g.drawString("per unit: " + settings.denominator().describe() + ", 0 = invariant; per layer: mean over the "
                + "units that vary; " + first.samples() + " test samples, full " + first.group().toUpperCase(Locale.ROOT)
                + " orbits", (int) ((PAD + 170) * s), (int) ((PAD + 14) * s));
        double cw = cellWidth(rows);
        double top = gridTop();
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c < columns(rows); c++) {
            String name = layerName(rows, c);
            g.drawString(name, (int) ((PAD + LABEL + c * cw + 4) * s), (int) ((top - 6) * s));
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            double y = top + r * ROW;
            g.setColor(Color.BLACK);
            g.setFont(font);
            g.drawString(fit(row.name(), fm, (int) ((LABEL - 8) * s)), (int) (PAD * s),
                    (int) ((y + ROW / 2.0 + 4) * s));
            List<LayerInvariance> layers = row.profile().layers();
            for (int c = 0; c < layers.size(); c++) {
                drawCell(g, layers.get(c), PAD + LABEL + c * cw, y, cw, range, s, small);
            }
        }
        double barTop = top + rows.size() * ROW + 8;
        drawColorbar(g, PAD + LABEL, barTop, WIDTH - 2.0 * PAD - LABEL, range, normalized, s, small);

        double profileTop = top + rows.size() * ROW + COLORBAR;
        profile(rows).draw(g, (int) (PAD * s), (int) (profileTop * s), (int) ((WIDTH - 2 * PAD) * s),
                (int) ((PROFILE - PAD) * s), s);

        List<Row> withHistory = rows.stream().filter(Row::hasLayerHistory).toList();
        double hw = (WIDTH - 2.0 * PAD) / HISTORY_COLUMNS;
        double historyTop = profileTop + PROFILE;
        for (int i = 0; i < withHistory.size(); i++) {
            Row row = withHistory.get(i);
            LinePlot p = history(row.name(), row.history());
            p.legend(i == 0).legendBottom(true);
            double x = PAD + (i % HISTORY_COLUMNS) * hw;
            double y = historyTop + (i / HISTORY_COLUMNS) * HISTORY;
            p.draw(g, (int) (x * s), (int) (y * s), (int) ((hw - 4) * s), (int) ((HISTORY - 6) * s), s);
        }
    }

    private static void drawCell(Graphics2D g, LayerInvariance l, double x, double y, double w, double[] range,
            double s, Font font) {
        g.setFont(font);
        g.setColor(Color.BLACK);
        String text = format(l.value()) + (l.constantUnits() > 0 ? "  · " + l.constantUnits() + " constant" : "");
        g.drawString(text, (int) ((x + 4) * s), (int) ((y + 14) * s));
        double sx = x + 4;
        double sy = y + 19;
        double sw = w - 10;
        double sh = ROW - 25;
        int[] order = l.unitOrder();
        double[] v = l.perUnit();
        double uw = sw / l.units();
        for (int k = 0; k < order.length; k++) {
            double val = v[order[k]];
            g.setColor(Double.isNaN(val) ? CONSTANT : new Color(Colormap.INFERNO.rgb(position(val, range))));
            // a hair wider than the unit, so that neighbouring units leave no seams
            g.fill(new Rectangle2D.Double((sx + k * uw) * s, sy * s, (uw + 0.6) * s, sh * s));
        }
        g.setColor(new Color(0x888888));
        g.setStroke(new BasicStroke((float) (0.6 * s)));
        g.draw(new Rectangle2D.Double(sx * s, sy * s, sw * s, sh * s));
    }

    private static void drawColorbar(Graphics2D g, double x, double y, double w, double[] range, boolean normalized,
            double s, Font font) {
        double h = 10;
        double bw = w * 0.6;
        int steps = 120;
        for (int i = 0; i < steps; i++) {
            g.setColor(new Color(Colormap.INFERNO.rgb(i / (steps - 1.0))));
            g.fill(new Rectangle2D.Double((x + i * bw / steps) * s, y * s, (bw / steps + 0.6) * s, h * s));
        }
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        int lo = (int) Math.ceil(range[0]);
        int hi = (int) Math.floor(range[1]);
        int step = Math.max(1, (hi - lo + 5) / 6);
        for (int k = lo; k <= hi; k += step) {
            double tx = x + (k - range[0]) / (range[1] - range[0]) * bw;
            String label = (k == lo && normalized ? "≤ " : "") + (k == 0 ? "1" : "1e" + k);
            g.drawString(label, (int) (tx * s - fm.stringWidth(label) / 2.0), (int) ((y + h + 12) * s));
        }
        g.setColor(CONSTANT);
        double cx = x + bw + 24;
        g.fill(new Rectangle2D.Double(cx * s, y * s, 14 * s, h * s));
        g.setColor(Color.BLACK);
        g.drawString("unit never varies (left out)", (int) ((cx + 20) * s), (int) ((y + h) * s));
        g.drawString("units sorted, most invariant left; colour: log10 of the unit's value", (int) (x * s),
                (int) ((y - 2) * s));
    }

    /** The layer value of every model across its layers, input to output. */
    private static LinePlot profile(List<Row> rows) {
        StringBuilder names = new StringBuilder();
        for (int c = 0; c < columns(rows); c++) {
            names.append(c == 0 ? "" : ", ").append(c + 1).append(" = ").append(layerName(rows, c));
        }
        LinePlot p = new LinePlot("Mean over units, per layer", "layer (" + names + ")", "invariance (log scale)")
                .logY(true);
        for (int r = 0; r < rows.size(); r++) {
            List<LayerInvariance> layers = rows.get(r).profile().layers();
            double[] x = new double[layers.size()];
            double[] y = new double[layers.size()];
            for (int c = 0; c < layers.size(); c++) {
                x[c] = c + 1;
                y[c] = layers.get(c).value();
            }
            p.add(new LinePlot.Series(rows.get(r).name(), x, y, LinePlot.PALETTE[r % LinePlot.PALETTE.length],
                    LinePlot.Dash.SOLID, 1.6f, true));
        }
        return p;
    }

    /**
     * How each layer's invariance formed over training: one curve per layer, from the history's per-epoch
     * values (the Training dashboard draws this panel live).
     *
     * @param name the model's name, in the title
     * @param history its epochs
     * @return the plot (empty when no epoch has per-layer values)
     */
    public static LinePlot history(String name, List<EpochRecord> history) {
        LinePlot p = new LinePlot("Layer invariance over training" + (name == null ? "" : ": " + name), "epoch",
                "invariance (log scale)").logY(true);
        List<String> layers = new ArrayList<>();
        for (EpochRecord e : history) {
            for (String l : e.layerInvariance().keySet()) {
                if (!layers.contains(l)) {
                    layers.add(l);
                }
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            double[] x = new double[history.size()];
            double[] y = new double[history.size()];
            for (int k = 0; k < history.size(); k++) {
                Map<String, Double> v = history.get(k).layerInvariance();
                x[k] = history.get(k).epoch();
                y[k] = v.getOrDefault(layer, Double.NaN);
            }
            p.add(new LinePlot.Series(layer, x, y, layerColor(i, layers.size()), LinePlot.Dash.SOLID, 1.6f,
                    false));
        }
        return p;
    }

    /**
     * @param i a layer's index
     * @param n the number of layers
     * @return its colour: from light (first layer) to dark (logits)
     */
    public static Color layerColor(int i, int n) {
        double t = n <= 1 ? 0.5 : 0.82 - 0.7 * i / (n - 1.0);
        return new Color(Colormap.INFERNO.rgb(t));
    }

    private static String layerName(List<Row> rows, int c) {
        for (Row r : rows) {
            if (c < r.profile().layers().size()) {
                LayerInvariance l = r.profile().layers().get(c);
                return l.layer() + " (" + l.units() + ")";
            }
        }
        return "";
    }

    private static double position(double v, double[] range) {
        if (Double.isInfinite(v)) {
            return 1;
        }
        double lv = v <= 0 ? range[0] : Math.log10(v);
        return (lv - range[0]) / (range[1] - range[0]);
    }

    /** The log10 range of the unnormalized values, at least one decade. */
    private static double[] logRange(List<Row> rows) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            for (LayerInvariance l : r.profile().layers()) {
                for (double v : l.sorted()) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, Math.log10(v));
                        hi = Math.max(hi, Math.log10(v));
                    }
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {LOG_LO, LOG_HI};
        }
        lo = Math.max(Math.floor(lo), Math.ceil(hi) - 12);
        hi = Math.max(Math.ceil(hi), lo + 1);
        return new double[] {lo, hi};
    }

    /**
     * @param v a value
     * @return three significant digits, {@code n/a} for NaN
     */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == 0 || Double.isInfinite(v)) {
            return v == 0 ? "0" : "∞";
        }
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
