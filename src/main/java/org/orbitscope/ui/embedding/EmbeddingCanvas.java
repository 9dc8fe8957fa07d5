package org.orbitscope.ui.embedding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.function.Consumer;
import javafx.geometry.VPos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitEmbedding;

/**
 * A scatter plot of orbit points drawn on one Canvas (no node per point): colour = class, marker =
 * group element, a trace through each orbit; scroll zooms, drag pans, shift-drag box-selects, click picks.
 */
public final class EmbeddingCanvas extends Region {

    /** Class colours (Tableau 10). */
    static final Color[] CLASS_COLORS = {
        Color.web("#4e79a7"), Color.web("#f28e2b"), Color.web("#e15759"), Color.web("#76b7b2"),
        Color.web("#59a14f"), Color.web("#edc948"), Color.web("#b07aa1"), Color.web("#ff9da7"),
        Color.web("#9c755f"), Color.web("#bab0ac")};
    private static final int SHAPES = 5;
    private static final double PICK_RADIUS = 8;

    private final Canvas canvas = new Canvas();
    private OrbitEmbedding embedding;
    private final BitSet hiddenClasses = new BitSet();
    private final BitSet hiddenElements = new BitSet();
    private boolean traces = true;
    private boolean legend = true;
    private int highlightedSample = -1;
    private Set<Integer> pickedSamples = Set.of();
    private boolean autoFit = true;
    private double minX;
    private double minY;
    private double spanX = 1;
    private double spanY = 1;
    private double zoom = 1;
    private double panX;
    private double panY;
    private double pressX;
    private double pressY;
    private double dragX;
    private double dragY;
    private boolean dragging;
    private boolean boxing;
    private IntConsumer onPick = i -> { };
    private Consumer<Set<Integer>> onBoxSelect = s -> { };
    private Consumer<EmbeddingPoint> onHover = p -> { };

    /** Creates an empty plot. */
    public EmbeddingCanvas() {
        getStyleClass().add("embedding-canvas");
        getChildren().add(canvas);
        setMinSize(200, 150);
        setPrefSize(800, 600);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onHover.accept(pointAt(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> onHover.accept(null));
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
    }

    /** @return the canvas the points are drawn on */
    public Canvas canvas() {
        return canvas;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /** @param e the embedding to draw, or null; the view refits unless the user zoomed or panned */
    public void setEmbedding(OrbitEmbedding e) {
        boolean newKind = embedding == null || e == null || embedding.method() != e.method()
                || embedding.points().size() != e.points().size();
        embedding = e;
        if (newKind) {
            autoFit = true;
        }
        if (autoFit) {
            fit();
        }
        redraw();
    }

    /** Fits all points into the view again. */
    public void fitAll() {
        autoFit = true;
        fit();
        redraw();
    }

    /** @param on whether to draw each orbit as a path */
    public void setTraces(boolean on) {
        traces = on;
        redraw();
    }

    /** @param on whether to draw the legend */
    public void setLegend(boolean on) {
        legend = on;
        redraw();
    }

    /**
     * @param cls a class
     * @param visible whether its points are drawn
     */
    public void setClassVisible(int cls, boolean visible) {
        hiddenClasses.set(cls, !visible);
        redraw();
    }

    /**
     * @param g a group element
     * @param visible whether its points are drawn
     */
    public void setElementVisible(int g, boolean visible) {
        hiddenElements.set(g, !visible);
        redraw();
    }

    /** @param sample the sample whose orbit is emphasised, -1 for none */
    public void setHighlightedSample(int sample) {
        highlightedSample = sample;
        redraw();
    }

    /** @param samples samples drawn with an outline (box selection) */
    public void setPickedSamples(Set<Integer> samples) {
        pickedSamples = Set.copyOf(samples);
        redraw();
    }

    /** @param handler called with the sample of a clicked point */
    public void setOnPick(IntConsumer handler) {
        onPick = handler;
    }

    /** @param handler called with the samples inside a shift-drag box */
    public void setOnBoxSelect(Consumer<Set<Integer>> handler) {
        onBoxSelect = handler;
    }

    /** @param handler called with the point under the mouse, or null */
    public void setOnHover(Consumer<EmbeddingPoint> handler) {
        onHover = handler;
    }

    // ---------------------------------------------------------------------
    // Coordinates
    // ---------------------------------------------------------------------

    private void fit() {
        zoom = 1;
        panX = 0;
        panY = 0;
        if (embedding == null || embedding.points().isEmpty()) {
            return;
        }
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (EmbeddingPoint p : embedding.points()) {
            x0 = Math.min(x0, p.x());
            x1 = Math.max(x1, p.x());
            y0 = Math.min(y0, p.y());
            y1 = Math.max(y1, p.y());
        }
        double pad = 0.04 * Math.max(x1 - x0, y1 - y0) + 1e-9;
        minX = x0 - pad;
        minY = y0 - pad;
        spanX = x1 - x0 + 2 * pad;
        spanY = y1 - y0 + 2 * pad;
    }

    private double baseScale(double w, double h) {
        return Math.min(w / spanX, h / spanY);
    }

    /**
     * @param x data x
     * @return screen x in the canvas
     */
    public double screenX(double x) {
        return screenX(x, canvas.getWidth(), canvas.getHeight());
    }

    /**
     * @param y data y
     * @return screen y in the canvas
     */
    public double screenY(double y) {
        return screenY(y, canvas.getWidth(), canvas.getHeight());
    }

    private double screenX(double x, double w, double h) {
        double s = baseScale(w, h) * zoom;
        return w / 2 + (x - minX - spanX / 2) * s + panX;
    }

    private double screenY(double y, double w, double h) {
        double s = baseScale(w, h) * zoom;
        return h / 2 - (y - minY - spanY / 2) * s + panY;
    }

    /**
     * @param sx screen x
     * @param sy screen y
     * @return the visible point nearest to a screen position within a few pixels, or null
     */
    public EmbeddingPoint pointAt(double sx, double sy) {
        if (embedding == null) {
            return null;
        }
        EmbeddingPoint best = null;
        double bestD = PICK_RADIUS * PICK_RADIUS;
        for (EmbeddingPoint p : embedding.points()) {
            if (!visible(p)) {
                continue;
            }
            double dx = screenX(p.x()) - sx;
            double dy = screenY(p.y()) - sy;
            double d = dx * dx + dy * dy;
            if (d <= bestD) {
                bestD = d;
                best = p;
            }
        }
        return best;
    }

    private boolean visible(EmbeddingPoint p) {
        return !hiddenClasses.get(p.cls()) && !hiddenElements.get(p.g());
    }

    // ---------------------------------------------------------------------
    // Mouse
    // ---------------------------------------------------------------------

    private void onScroll(ScrollEvent e) {
        double f = Math.pow(1.0015, e.getDeltaY());
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        // keep the point under the cursor fixed
        panX = (e.getX() - w / 2) - (e.getX() - w / 2 - panX) * f;
        panY = (e.getY() - h / 2) - (e.getY() - h / 2 - panY) * f;
        zoom *= f;
        autoFit = false;
        redraw();
        e.consume();
    }

    private void onPressed(MouseEvent e) {
        pressX = e.getX();
        pressY = e.getY();
        dragX = pressX;
        dragY = pressY;
        dragging = false;
        boxing = e.isShiftDown() && e.getButton() == MouseButton.PRIMARY;
    }

    private void onDragged(MouseEvent e) {
        if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) {
            dragging = true;
        }
        if (!boxing) {
            panX += e.getX() - dragX;
            panY += e.getY() - dragY;
            autoFit = false;
        }
        dragX = e.getX();
        dragY = e.getY();
        redraw();
    }

    private void onReleased(MouseEvent e) {
        if (boxing && dragging) {
            double x0 = Math.min(pressX, e.getX());
            double x1 = Math.max(pressX, e.getX());
            double y0 = Math.min(pressY, e.getY());
            double y1 = Math.max(pressY, e.getY());
            Set<Integer> inside = new TreeSet<>();
            if (embedding != null) {
                for (EmbeddingPoint p : embedding.points()) {
                    double sx = screenX(p.x());
                    double sy = screenY(p.y());
                    if (visible(p) && sx >= x0 && sx <= x1 && sy >= y0 && sy <= y1) {
                        inside.add(p.sample());
                    }
                }
            }
            boxing = false;
            dragging = false;
            redraw();
            onBoxSelect.accept(inside);
            return;
        }
        boxing = false;
        if (!dragging && e.getButton() == MouseButton.PRIMARY) {
            EmbeddingPoint p = pointAt(e.getX(), e.getY());
            if (p != null) {
                onPick.accept(p.sample());
            }
        }
        dragging = false;
    }

    // ---------------------------------------------------------------------
    // Drawing
    // ---------------------------------------------------------------------

    /** Redraws the canvas. */
    public void redraw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        draw(gc, canvas.getWidth(), canvas.getHeight());
        if (boxing && dragging) {
            gc.setStroke(Color.web("#1f4e99"));
            gc.setFill(Color.web("#1f4e99", 0.12));
            gc.setLineWidth(1);
            double x = Math.min(pressX, dragX);
            double y = Math.min(pressY, dragY);
            gc.fillRect(x, y, Math.abs(dragX - pressX), Math.abs(dragY - pressY));
            gc.strokeRect(x, y, Math.abs(dragX - pressX), Math.abs(dragY - pressY));
        }
    }

    /**
     * Renders the plot off screen at a multiple of its size, for publication-quality PNG export:
     * white background, a frame, the legend and the orbit/class ratio, no axes.
     *
     * @param scale resolution multiplier (1-4)
     * @return the image
     */
    public WritableImage render(double scale) {
        double w = Math.max(1, canvas.getWidth());
        double h = Math.max(1, canvas.getHeight());
        Canvas off = new Canvas(Math.ceil(w * scale), Math.ceil(h * scale));
        GraphicsContext gc = off.getGraphicsContext2D();
        gc.scale(scale, scale);
        draw(gc, w, h);
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        return off.snapshot(params, null);
    }

    private void draw(GraphicsContext gc, double w, double h) {
        gc.save();
        gc.setFill(Color.WHITE);
        gc.fillRect(0, 0, w, h);
        if (embedding == null) {
            gc.setFill(Color.GRAY);
            gc.setTextAlign(TextAlignment.CENTER);
            gc.setTextBaseline(VPos.CENTER);
            gc.fillText("No embedding yet", w / 2, h / 2);
            gc.restore();
            return;
        }
        List<EmbeddingPoint> pts = embedding.points();
        int order = embedding.groupOrder();
        int n = pts.size();
        double[] sx = new double[n];
        double[] sy = new double[n];
        for (int i = 0; i < n; i++) {
            sx[i] = screenX(pts.get(i).x(), w, h);
            sy[i] = screenY(pts.get(i).y(), w, h);
        }
        double r = n > 4000 ? 2.2 : n > 1000 ? 2.8 : 3.6;
        if (traces && order > 1) {
            gc.setLineWidth(0.6);
            for (int start = 0; start + order <= n; start += order) {
                EmbeddingPoint first = pts.get(start);
                if (hiddenClasses.get(first.cls())) {
                    continue;
                }
                gc.setStroke(color(first.cls()).deriveColor(0, 1, 1, n > 4000 ? 0.22 : 0.35));
                gc.beginPath();
                gc.moveTo(sx[start], sy[start]);
                for (int k = 1; k < order; k++) {
                    gc.lineTo(sx[start + k], sy[start + k]);
                }
                gc.stroke();
            }
        }
        for (int i = 0; i < n; i++) {
            EmbeddingPoint p = pts.get(i);
            if (!visible(p) || sx[i] < -10 || sy[i] < -10 || sx[i] > w + 10 || sy[i] > h + 10) {
                continue;
            }
            marker(gc, p.g(), sx[i], sy[i], r, color(p.cls()).deriveColor(0, 1, 1, 0.85));
        }
        if (!pickedSamples.isEmpty()) {
            gc.setStroke(Color.BLACK);
            gc.setLineWidth(1.2);
            for (int i = 0; i < n; i++) {
                EmbeddingPoint p = pts.get(i);
                if (visible(p) && pickedSamples.contains(p.sample())) {
                    gc.strokeOval(sx[i] - r - 1.5, sy[i] - r - 1.5, 2 * r + 3, 2 * r + 3);
                }
            }
        }
        if (highlightedSample >= 0) {
            for (int start = 0; start + order <= n; start += order) {
                if (pts.get(start).sample() != highlightedSample) {
                    continue;
                }
                gc.setStroke(Color.BLACK);
                gc.setLineWidth(2);
                gc.beginPath();
                gc.moveTo(sx[start], sy[start]);
                for (int k = 1; k < order; k++) {
                    gc.lineTo(sx[start + k], sy[start + k]);
                }
                gc.stroke();
                for (int k = 0; k < order; k++) {
                    EmbeddingPoint p = pts.get(start + k);
                    marker(gc, p.g(), sx[start + k], sy[start + k], r * 2, color(p.cls()));
                    gc.setStroke(Color.BLACK);
                    gc.setLineWidth(1.5);
                    gc.strokeOval(sx[start + k] - 2 * r - 2, sy[start + k] - 2 * r - 2, 4 * r + 4, 4 * r + 4);
                }
            }
        }
        gc.setStroke(Color.gray(0.3));
        gc.setLineWidth(1);
        gc.strokeRect(0.5, 0.5, w - 1, h - 1);
        if (legend) {
            drawLegend(gc, w, h);
        }
        gc.restore();
    }

    private void drawLegend(GraphicsContext gc, double w, double h) {
        List<String> classes = embedding.classNames();
        List<String> elements = embedding.groupLabels();
        Font font = Font.font("System", 11);
        gc.setFont(font);
        double line = 15;
        int rows = classes.size() + elements.size() + 2;
        double boxW = 120;
        double boxH = rows * line + 10;
        double x = w - boxW - 8;
        double y = 8;
        gc.setFill(Color.color(1, 1, 1, 0.9));
        gc.fillRect(x, y, boxW, boxH);
        gc.setStroke(Color.gray(0.6));
        gc.setLineWidth(0.8);
        gc.strokeRect(x + 0.5, y + 0.5, boxW, boxH);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.CENTER);
        double cy = y + 5 + line / 2;
        gc.setFill(Color.BLACK);
        gc.fillText("Class", x + 8, cy);
        cy += line;
        for (int c = 0; c < classes.size(); c++) {
            marker(gc, 0, x + 14, cy, 4, hiddenClasses.get(c) ? Color.gray(0.85) : color(c));
            gc.setFill(hiddenClasses.get(c) ? Color.gray(0.6) : Color.BLACK);
            gc.fillText(classes.get(c), x + 24, cy);
            cy += line;
        }
        gc.setFill(Color.BLACK);
        gc.fillText("Group element", x + 8, cy);
        cy += line;
        for (int g = 0; g < elements.size(); g++) {
            marker(gc, g, x + 14, cy, 4, hiddenElements.get(g) ? Color.gray(0.85) : Color.gray(0.25));
            gc.setFill(hiddenElements.get(g) ? Color.gray(0.6) : Color.BLACK);
            gc.fillText(elements.get(g), x + 24, cy);
            cy += line;
        }
        gc.setFill(Color.BLACK);
        gc.setTextBaseline(VPos.BOTTOM);
        gc.fillText(String.format(Locale.ROOT, "%s  orbit/class distance ratio %.3f (2-D), %.3f (activations)",
                embedding.method() == OrbitEmbedding.Method.PCA ? "PCA" : "t-SNE", embedding.layoutRatio().ratio(),
                embedding.activationRatio().ratio()), 8, h - 6);
    }

    static Color color(int cls) {
        return CLASS_COLORS[Math.floorMod(cls, CLASS_COLORS.length)];
    }

    /** Filled shapes for the first five elements, the same shapes hollow for the next ones. */
    private static void marker(GraphicsContext gc, int g, double x, double y, double r, Color c) {
        int shape = g % SHAPES;
        boolean hollow = (g / SHAPES) % 2 == 1;
        double[] xs;
        double[] ys;
        switch (shape) {
            case 0 -> {
                draw(gc, hollow, c, () -> gc.fillOval(x - r, y - r, 2 * r, 2 * r),
                        () -> gc.strokeOval(x - r, y - r, 2 * r, 2 * r));
                return;
            }
            case 1 -> {
                double s = r * 0.9;
                draw(gc, hollow, c, () -> gc.fillRect(x - s, y - s, 2 * s, 2 * s),
                        () -> gc.strokeRect(x - s, y - s, 2 * s, 2 * s));
                return;
            }
            case 2 -> {
                xs = new double[] {x, x + r * 1.1, x - r * 1.1};
                ys = new double[] {y - r * 1.2, y + r * 0.8, y + r * 0.8};
            }
            case 3 -> {
                xs = new double[] {x, x + r * 1.2, x, x - r * 1.2};
                ys = new double[] {y - r * 1.2, y, y + r * 1.2, y};
            }
            default -> {
                xs = new double[] {x - r * 1.1, x + r * 1.1, x};
                ys = new double[] {y - r * 0.8, y - r * 0.8, y + r * 1.2};
            }
        }
        double[] fx = xs;
        double[] fy = ys;
        draw(gc, hollow, c, () -> gc.fillPolygon(fx, fy, fx.length), () -> gc.strokePolygon(fx, fy, fx.length));
    }

    private static void draw(GraphicsContext gc, boolean hollow, Color c, Runnable fill, Runnable stroke) {
        if (hollow) {
            gc.setStroke(c);
            gc.setLineWidth(1.2);
            stroke.run();
        } else {
            gc.setFill(c);
            fill.run();
        }
    }

    /** @return sample indices with at least one visible point, in order */
    List<Integer> visibleSamples() {
        List<Integer> out = new ArrayList<>();
        if (embedding != null) {
            int last = -1;
            for (EmbeddingPoint p : embedding.points()) {
                if (visible(p) && p.sample() != last) {
                    out.add(p.sample());
                    last = p.sample();
                }
            }
        }
        return out;
    }
}
