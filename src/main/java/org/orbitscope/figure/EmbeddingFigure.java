package org.orbitscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitEmbedding;

/**
 * The embedding scatter: colour = class, marker = group element, a faint trace through each orbit, an
 * optional emphasised orbit, outlined samples and ringed neighbours, a legend and the orbit/class distance
 * ratios. The app's embedding view draws this figure on screen, so what is exported is what is seen.
 */
public final class EmbeddingFigure {

    /** Class colours (Tableau 10). */
    public static final Color[] CLASS_COLORS = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2), new Color(0x59a14f),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f), new Color(0xbab0ac)};
    /** Distinct marker shapes; further group elements reuse them hollow. */
    public static final int SHAPES = 5;
    /** Colour of the rings around neighbour points: magenta, apart from every class colour and from black. */
    public static final Color NEIGHBOUR_COLOR = new Color(0xff00ff);

    /**
     * What to draw and where: the data window maps {@code [minX, minX + spanX] x [minY, minY + spanY]} to the
     * figure, zoomed by {@code zoom} about its centre and shifted by {@code (panX, panY)} figure units.
     *
     * @param embedding the layout
     * @param minX data window left
     * @param minY data window bottom
     * @param spanX data window width
     * @param spanY data window height
     * @param zoom magnification
     * @param panX horizontal shift in figure units
     * @param panY vertical shift in figure units
     * @param hiddenClasses classes not drawn
     * @param hiddenElements group elements not drawn
     * @param traces whether each orbit is drawn as a path
     * @param legend whether the legend and ratios are drawn
     * @param highlightedSample the sample whose orbit is emphasised, or -1
     * @param pickedSamples samples drawn with an outline
     * @param neighbourPoints points (indices into the layout's points) drawn with a ring, e.g. the nearest
     *     neighbours of a selected point in the activation space
     */
    public record State(OrbitEmbedding embedding, double minX, double minY, double spanX, double spanY, double zoom,
            double panX, double panY, BitSet hiddenClasses, BitSet hiddenElements, boolean traces, boolean legend,
            int highlightedSample, Set<Integer> pickedSamples, List<Integer> neighbourPoints) {

        /** Copies the ringed points. */
        public State {
            neighbourPoints = List.copyOf(neighbourPoints);
        }

        /**
         * A state without ringed points.
         *
         * @param embedding the layout
         * @param minX data window left
         * @param minY data window bottom
         * @param spanX data window width
         * @param spanY data window height
         * @param zoom magnification
         * @param panX horizontal shift in figure units
         * @param panY vertical shift in figure units
         * @param hiddenClasses classes not drawn
         * @param hiddenElements group elements not drawn
         * @param traces whether each orbit is drawn as a path
         * @param legend whether the legend and ratios are drawn
         * @param highlightedSample the sample whose orbit is emphasised, or -1
         * @param pickedSamples samples drawn with an outline
         */
        public State(OrbitEmbedding embedding, double minX, double minY, double spanX, double spanY, double zoom,
                double panX, double panY, BitSet hiddenClasses, BitSet hiddenElements, boolean traces,
                boolean legend, int highlightedSample, Set<Integer> pickedSamples) {
            this(embedding, minX, minY, spanX, spanY, zoom, panX, panY, hiddenClasses, hiddenElements, traces,
                    legend, highlightedSample, pickedSamples, List.of());
        }

        /**
         * The whole layout in view, nothing hidden or emphasised, traces and legend on.
         *
         * @param e the layout
         * @return the state
         */
        public static State fitted(OrbitEmbedding e) {
            double[] w = window(e);
            return new State(e, w[0], w[1], w[2], w[3], 1, 0, 0, new BitSet(), new BitSet(), true, true, -1,
                    Set.of());
        }

        /**
         * @param x data x
         * @param w figure width
         * @param h figure height
         * @return figure x
         */
        public double screenX(double x, double w, double h) {
            return w / 2 + (x - minX - spanX / 2) * Math.min(w / spanX, h / spanY) * zoom + panX;
        }

        /**
         * @param y data y
         * @param w figure width
         * @param h figure height
         * @return figure y (down)
         */
        public double screenY(double y, double w, double h) {
            return h / 2 - (y - minY - spanY / 2) * Math.min(w / spanX, h / spanY) * zoom + panY;
        }

        /**
         * @param p a point
         * @return true unless its class or group element is hidden
         */
        public boolean visible(EmbeddingPoint p) {
            return !hiddenClasses.get(p.cls()) && !hiddenElements.get(p.g());
        }
    }

    private EmbeddingFigure() {
    }

    /**
     * The data window that shows every point with a 4% margin.
     *
     * @param e a layout, or null
     * @return {@code {minX, minY, spanX, spanY}}
     */
    public static double[] window(OrbitEmbedding e) {
        if (e == null || e.points().isEmpty()) {
            return new double[] {0, 0, 1, 1};
        }
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (EmbeddingPoint p : e.points()) {
            x0 = Math.min(x0, p.x());
            x1 = Math.max(x1, p.x());
            y0 = Math.min(y0, p.y());
            y1 = Math.max(y1, p.y());
        }
        double pad = 0.04 * Math.max(x1 - x0, y1 - y0) + 1e-9;
        return new double[] {x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad};
    }

    /**
     * Several layouts side by side, each under its title, with one legend on the right (paper Fig. 2: DA, IR
     * and WT).
     *
     * @param titles one per panel
     * @param states one per panel
     * @param panelWidth width of a panel at scale 1
     * @param panelHeight height of a panel at scale 1
     * @param scale resolution multiplier
     * @return the figure
     */
    public static Figure panels(List<String> titles, List<State> states, double panelWidth, double panelHeight,
            double scale) {
        double titleH = 24;
        double gap = 12;
        double legendW = 132;
        double w = states.size() * panelWidth + (states.size() - 1) * gap + legendW;
        double h = titleH + panelHeight;
        return new Figure((int) Math.ceil(w * scale), (int) Math.ceil(h * scale), g -> {
            g.scale(scale, scale);
            for (int i = 0; i < states.size(); i++) {
                java.awt.geom.AffineTransform at = g.getTransform();
                g.translate(i * (panelWidth + gap), 0);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                String t = titles.get(i);
                g.drawString(t, (float) (panelWidth - g.getFontMetrics().stringWidth(t)) / 2, 16f);
                g.translate(0, titleH);
                State st = states.get(i);
                paint(g, new State(st.embedding(), st.minX(), st.minY(), st.spanX(), st.spanY(), st.zoom(),
                        st.panX(), st.panY(), st.hiddenClasses(), st.hiddenElements(), st.traces(), false,
                        st.highlightedSample(), st.pickedSamples(), st.neighbourPoints()), panelWidth, panelHeight);
                g.setTransform(at);
            }
            if (!states.isEmpty() && states.get(0).embedding() != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                legendBox(g, states.get(0), w - legendW + 6, titleH);
            }
        });
    }

    /**
     * @param cls a class label
     * @return its colour
     */
    public static Color color(int cls) {
        return CLASS_COLORS[Math.floorMod(cls, CLASS_COLORS.length)];
    }

    /**
     * @param s what to draw
     * @param width figure width at scale 1
     * @param height figure height at scale 1
     * @param scale resolution multiplier
     * @return the figure
     */
    public static Figure figure(State s, double width, double height, double scale) {
        int pw = (int) Math.max(1, Math.ceil(width * scale));
        int ph = (int) Math.max(1, Math.ceil(height * scale));
        return new Figure(pw, ph, g -> {
            g.scale(scale, scale);
            paint(g, s, width, height);
        });
    }

    /**
     * The figure in two layers, for a view that pans and zooms a large layout by moving a bitmap until it
     * can draw the figure again: the points on white (index 0), and what stays in place over them, the frame,
     * legend and caption, on transparent (index 1). Drawn one over the other at the same size, they are
     * {@link #figure(State, double, double, double)}.
     *
     * @param s what to draw
     * @param width figure width at scale 1
     * @param height figure height at scale 1
     * @param scale resolution multiplier
     * @return the two layers, {@code ceil(width * scale) x ceil(height * scale)} pixels each
     */
    public static BufferedImage[] layers(State s, double width, double height, double scale) {
        int pw = (int) Math.max(1, Math.ceil(width * scale));
        int ph = (int) Math.max(1, Math.ceil(height * scale));
        BufferedImage points = Figures.canvas(pw, ph);
        BufferedImage frame = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB);
        for (int layer = 0; layer < 2; layer++) {
            Graphics2D g = (layer == 0 ? points : frame).createGraphics();
            Figures.quality(g);
            g.scale(scale, scale);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            if (layer == 0) {
                paintPoints(g, s, width, height);
            } else {
                paintFrame(g, s, width, height);
            }
            g.dispose();
        }
        return new BufferedImage[] {points, frame};
    }

    private static void paint(Graphics2D g, State s, double w, double h) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        paintPoints(g, s, w, h);
        paintFrame(g, s, w, h);
    }

    /** The traces, markers, outlines, emphasised orbit and rings, clipped to the figure. */
    private static void paintPoints(Graphics2D g, State s, double w, double h) {
        if (s.embedding() == null) {
            return;
        }
        List<EmbeddingPoint> pts = s.embedding().points();
        int order = s.embedding().groupOrder();
        int n = pts.size();
        double[] sx = new double[n];
        double[] sy = new double[n];
        for (int i = 0; i < n; i++) {
            sx[i] = s.screenX(pts.get(i).x(), w, h);
            sy[i] = s.screenY(pts.get(i).y(), w, h);
        }
        double r = n > 4000 ? 2.2 : n > 1000 ? 2.8 : 3.6;
        java.awt.Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(0, 0, w, h));
        if (s.traces() && order > 1) {
            traces(g, s, sx, sy, w, h);
        }
        for (int i = 0; i < n; i++) {
            EmbeddingPoint p = pts.get(i);
            if (!s.visible(p) || sx[i] < -10 || sy[i] < -10 || sx[i] > w + 10 || sy[i] > h + 10) {
                continue;
            }
            marker(g, p.g(), sx[i], sy[i], r, withAlpha(color(p.cls()), 217));
        }
        if (!s.pickedSamples().isEmpty()) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            for (int i = 0; i < n; i++) {
                EmbeddingPoint p = pts.get(i);
                if (s.visible(p) && s.pickedSamples().contains(p.sample())) {
                    g.draw(new Ellipse2D.Double(sx[i] - r - 1.5, sy[i] - r - 1.5, 2 * r + 3, 2 * r + 3));
                }
            }
        }
        if (s.highlightedSample() >= 0) {
            for (int start = 0; start + order <= n; start += order) {
                if (pts.get(start).sample() != s.highlightedSample()) {
                    continue;
                }
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.draw(orbitPath(sx, sy, start, order));
                for (int k = 0; k < order; k++) {
                    EmbeddingPoint p = pts.get(start + k);
                    marker(g, p.g(), sx[start + k], sy[start + k], r * 2, color(p.cls()));
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.5f));
                    g.draw(new Ellipse2D.Double(sx[start + k] - 2 * r - 2, sy[start + k] - 2 * r - 2, 4 * r + 4,
                            4 * r + 4));
                }
            }
        }
        if (!s.neighbourPoints().isEmpty()) {
            g.setColor(NEIGHBOUR_COLOR);
            g.setStroke(new BasicStroke(2f));
            for (int q : s.neighbourPoints()) {
                if (q >= 0 && q < n && s.visible(pts.get(q))) {
                    g.draw(ring(sx[q], sy[q], r));
                }
            }
        }
        g.setClip(clip);
    }

    /**
     * A faint path through each orbit of a visible class. On a bitmap each leg is drawn as its own line,
     * which Java2D fills as one anti-aliased parallelogram: about 2.4 times faster than a path per orbit at
     * 10,000 orbits, and the same picture (the legs of a path overlap only at their ends, under a pixel at
     * this width). Leaving the figure entirely, a leg is skipped. SVG and PDF get one path per orbit.
     */
    private static void traces(Graphics2D g, State s, double[] sx, double[] sy, double w, double h) {
        List<EmbeddingPoint> pts = s.embedding().points();
        int order = s.embedding().groupOrder();
        int n = pts.size();
        boolean vector = Figure.isVector(g);
        g.setStroke(new BasicStroke(0.6f));
        int alpha = (int) Math.round(255 * (n > 4000 ? 0.22 : 0.35));
        Line2D.Double leg = new Line2D.Double();
        for (int start = 0; start + order <= n; start += order) {
            EmbeddingPoint first = pts.get(start);
            if (s.hiddenClasses().get(first.cls())) {
                continue;
            }
            g.setColor(withAlpha(color(first.cls()), alpha));
            if (vector) {
                g.draw(orbitPath(sx, sy, start, order));
                continue;
            }
            for (int k = start + 1; k < start + order; k++) {
                if (Math.max(sx[k - 1], sx[k]) < 0 || Math.min(sx[k - 1], sx[k]) > w
                        || Math.max(sy[k - 1], sy[k]) < 0 || Math.min(sy[k - 1], sy[k]) > h) {
                    continue;
                }
                leg.setLine(sx[k - 1], sy[k - 1], sx[k], sy[k]);
                g.draw(leg);
            }
        }
    }

    /** The frame, the legend and the caption with the orbit/class distance ratios. */
    private static void paintFrame(Graphics2D g, State s, double w, double h) {
        if (s.embedding() == null) {
            g.setColor(Color.GRAY);
            String t = "No embedding yet";
            g.drawString(t, (float) (w - g.getFontMetrics().stringWidth(t)) / 2, (float) h / 2);
            return;
        }
        g.setColor(new Color(0x4d4d4d));
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(0.5, 0.5, w - 1, h - 1));
        if (s.legend()) {
            legendBox(g, s, w - 128, 8);
        }
        g.setColor(Color.BLACK);
        OrbitEmbedding e = s.embedding();
        g.drawString(String.format(Locale.ROOT, "%s  orbit/class distance ratio %.3f (2-D), %.3f (activations)",
                e.method().label(), e.layoutRatio().ratio(),
                e.activationRatio().ratio()), 8f, (float) (h - 6 - g.getFontMetrics().getDescent()));
    }

    /** The ring around a neighbour point drawn with marker radius r: outside the emphasised orbit's outline. */
    private static Ellipse2D ring(double x, double y, double r) {
        double rr = 2 * r + 4;
        return new Ellipse2D.Double(x - rr, y - rr, 2 * rr, 2 * rr);
    }

    private static Path2D orbitPath(double[] sx, double[] sy, int start, int order) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(sx[start], sy[start]);
        for (int k = 1; k < order; k++) {
            path.lineTo(sx[start + k], sy[start + k]);
        }
        return path;
    }

    /** The class colours and element markers in a 120-wide box with its top-left corner at (x, y). */
    private static void legendBox(Graphics2D g, State s, double x, double y) {
        OrbitEmbedding e = s.embedding();
        List<String> classes = e.classNames();
        List<String> elements = e.groupLabels();
        double line = 15;
        boolean rings = !s.neighbourPoints().isEmpty();
        int rows = classes.size() + elements.size() + 2 + (rings ? 2 : 0);
        double boxW = 120;
        double boxH = rows * line + 10;
        g.setColor(new Color(255, 255, 255, 230));
        g.fill(new Rectangle2D.Double(x, y, boxW, boxH));
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(0.8f));
        g.draw(new Rectangle2D.Double(x + 0.5, y + 0.5, boxW, boxH));
        float base = (float) (g.getFontMetrics().getAscent() - g.getFontMetrics().getHeight() / 2.0);
        double cy = y + 5 + line / 2;
        g.setColor(Color.BLACK);
        g.drawString("Class", (float) (x + 8), (float) cy + base);
        cy += line;
        for (int c = 0; c < classes.size(); c++) {
            boolean hidden = s.hiddenClasses().get(c);
            marker(g, 0, x + 14, cy, 4, hidden ? new Color(0xd9d9d9) : color(c));
            g.setColor(hidden ? new Color(0x999999) : Color.BLACK);
            g.drawString(classes.get(c), (float) (x + 24), (float) cy + base);
            cy += line;
        }
        g.setColor(Color.BLACK);
        g.drawString("Group element", (float) (x + 8), (float) cy + base);
        cy += line;
        for (int k = 0; k < elements.size(); k++) {
            boolean hidden = s.hiddenElements().get(k);
            marker(g, k, x + 14, cy, 4, hidden ? new Color(0xd9d9d9) : new Color(0x404040));
            g.setColor(hidden ? new Color(0x999999) : Color.BLACK);
            g.drawString(elements.get(k), (float) (x + 24), (float) cy + base);
            cy += line;
        }
        if (rings) {
            g.setColor(Color.BLACK);
            g.drawString("Activation space", (float) (x + 8), (float) cy + base);
            cy += line;
            g.setColor(NEIGHBOUR_COLOR);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Ellipse2D.Double(x + 14 - 5, cy - 5, 10, 10));
            g.setColor(Color.BLACK);
            g.drawString(s.neighbourPoints().size() + " nearest", (float) (x + 24), (float) cy + base);
        }
    }

    /** Filled shapes for the first five elements, the same shapes hollow for the next ones. */
    private static void marker(Graphics2D g, int element, double x, double y, double r, Color c) {
        int shape = element % SHAPES;
        boolean hollow = (element / SHAPES) % 2 == 1;
        java.awt.Shape m = switch (shape) {
            case 0 -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case 2 -> polygon(new double[] {x, x + r * 1.1, x - r * 1.1}, new double[] {y - r * 1.2, y + r * 0.8,
                y + r * 0.8});
            case 3 -> polygon(new double[] {x, x + r * 1.2, x, x - r * 1.2}, new double[] {y - r * 1.2, y,
                y + r * 1.2, y});
            default -> polygon(new double[] {x - r * 1.1, x + r * 1.1, x}, new double[] {y - r * 0.8, y - r * 0.8,
                y + r * 1.2});
        };
        g.setColor(c);
        if (hollow) {
            g.setStroke(new BasicStroke(1.2f));
            g.draw(m);
        } else {
            g.fill(m);
        }
    }

    private static Path2D polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
