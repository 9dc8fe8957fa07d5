package org.orbitscope.ui.embedding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.awt.image.BufferedImage;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.figure.EmbeddingFigure;
import org.orbitscope.figure.Figure;

/**
 * A scatter plot of orbit points drawn on one Canvas (no node per point): colour = class, marker =
 * group element, a trace through each orbit, rings around given points; scroll zooms, drag pans, shift-drag
 * box-selects, click picks.
 */
public final class EmbeddingCanvas extends Region {

    private static final double PICK_RADIUS = 8;

    /** Quiet time after the last scroll or drag step before the figure is drawn again in full. */
    static final double SETTLE_MILLIS = 150;

    private final Canvas canvas = new Canvas();
    /** The last full drawing: the points layer (moved while panning and zooming) and the frame layer. */
    private WritableImage pointsScreen;
    private WritableImage frameScreen;
    /** What the last full drawing showed, at which size and pixel density. */
    private EmbeddingFigure.State rendered;
    private double renderedW;
    private double renderedH;
    private double renderedDensity;
    private final PauseTransition settle = new PauseTransition(Duration.millis(SETTLE_MILLIS));
    private OrbitEmbedding embedding;
    private final BitSet hiddenClasses = new BitSet();
    private final BitSet hiddenElements = new BitSet();
    private boolean traces = true;
    private boolean legend = true;
    private int highlightedSample = -1;
    private Set<Integer> pickedSamples = Set.of();
    private List<Integer> neighbourPoints = List.of();
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
    private boolean redrawPending;
    private long renders;
    private long previews;
    private boolean boxing;
    private Consumer<EmbeddingPoint> onPick = p -> { };
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
        settle.setOnFinished(e -> redraw());
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

    /**
     * @param points indices into the embedding's points to draw with a ring (the view passes the nearest
     *     neighbours of the selected point); empty for none
     */
    public void setNeighbourPoints(List<Integer> points) {
        List<Integer> copy = List.copyOf(points);
        if (!copy.equals(neighbourPoints)) {
            neighbourPoints = copy;
            redraw();
        }
    }

    /** @return the points drawn with a ring */
    public List<Integer> neighbourPoints() {
        return neighbourPoints;
    }

    /** @param handler called with a clicked point */
    public void setOnPick(Consumer<EmbeddingPoint> handler) {
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
        double[] w = EmbeddingFigure.window(embedding);
        minX = w[0];
        minY = w[1];
        spanX = w[2];
        spanY = w[3];
    }

    /**
     * @param x data x
     * @return screen x in the canvas
     */
    public double screenX(double x) {
        return state().screenX(x, canvas.getWidth(), canvas.getHeight());
    }

    /**
     * @param y data y
     * @return screen y in the canvas
     */
    public double screenY(double y) {
        return state().screenY(y, canvas.getWidth(), canvas.getHeight());
    }

    /** @return what is drawn now, for the figure code */
    private EmbeddingFigure.State state() {
        return new EmbeddingFigure.State(embedding, minX, minY, spanX, spanY, zoom, panX, panY,
                (BitSet) hiddenClasses.clone(), (BitSet) hiddenElements.clone(), traces, legend, highlightedSample,
                pickedSamples, neighbourPoints);
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
        // one mapping for the whole scan: this runs on every mouse move
        EmbeddingFigure.State st = state();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        EmbeddingPoint best = null;
        double bestD = PICK_RADIUS * PICK_RADIUS;
        for (EmbeddingPoint p : embedding.points()) {
            if (!visible(p)) {
                continue;
            }
            double dx = st.screenX(p.x(), w, h) - sx;
            double dy = st.screenY(p.y(), w, h) - sy;
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
        preview();
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
        double dx = e.getX() - dragX;
        double dy = e.getY() - dragY;
        dragX = e.getX();
        dragY = e.getY();
        if (boxing) {
            // the figure is unchanged: only the box over it moves
            drawScreen();
            return;
        }
        panX += dx;
        panY += dy;
        autoFit = false;
        preview();
    }

    private void onReleased(MouseEvent e) {
        if (boxing && dragging) {
            double x0 = Math.min(pressX, e.getX());
            double x1 = Math.max(pressX, e.getX());
            double y0 = Math.min(pressY, e.getY());
            double y1 = Math.max(pressY, e.getY());
            Set<Integer> inside = new TreeSet<>();
            if (embedding != null) {
                EmbeddingFigure.State st = state();
                double w = canvas.getWidth();
                double h = canvas.getHeight();
                for (EmbeddingPoint p : embedding.points()) {
                    double sx = st.screenX(p.x(), w, h);
                    double sy = st.screenY(p.y(), w, h);
                    if (visible(p) && sx >= x0 && sx <= x1 && sy >= y0 && sy <= y1) {
                        inside.add(p.sample());
                    }
                }
            }
            boxing = false;
            dragging = false;
            drawScreen(); // without the box; a changed selection re-renders through setPickedSamples
            onBoxSelect.accept(inside);
            return;
        }
        boxing = false;
        if (dragging) {
            settle.stop();
            requestRedraw(); // the pan is over: draw it in full now rather than after the quiet time
        }
        if (!dragging && e.getButton() == MouseButton.PRIMARY) {
            EmbeddingPoint p = pointAt(e.getX(), e.getY());
            if (p != null) {
                onPick.accept(p);
            }
        }
        dragging = false;
    }

    // ---------------------------------------------------------------------
    // Drawing
    // ---------------------------------------------------------------------

    /**
     * Redraws on the next turn of the event loop, once however many requests arrive before it: a drag
     * or scroll sends events faster than a large layout renders (about 80 ms for 40,000 points), and
     * rendering each one would make the view lag further and further behind the mouse.
     */
    private void requestRedraw() {
        if (!redrawPending) {
            redrawPending = true;
            Platform.runLater(() -> {
                redrawPending = false;
                redraw();
            });
        }
    }

    /**
     * The level of detail while panning and zooming: the last drawing of the points is moved and scaled as
     * a bitmap, at once and at any number of points, with the frame and legend in place over it; the figure
     * is drawn in full when the mouse lets go or after {@value #SETTLE_MILLIS} ms without a step.
     */
    private void preview() {
        previews++;
        drawScreen();
        settle.playFromStart();
    }

    /** Redraws the canvas: the embedding figure at the screen's pixel density, then the selection box. */
    public void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w < 1 || h < 1) {
            return;
        }
        settle.stop();
        double density = density();
        EmbeddingFigure.State st = state();
        BufferedImage[] layers = EmbeddingFigure.layers(st, w, h, density);
        renders++;
        pointsScreen = toFx(layers[0], pointsScreen);
        frameScreen = toFx(layers[1], frameScreen);
        rendered = st;
        renderedW = w;
        renderedH = h;
        renderedDensity = density;
        drawScreen();
    }

    private double density() {
        return getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
    }

    private static WritableImage toFx(BufferedImage img, WritableImage reuse) {
        return SwingFXUtils.toFXImage(img, reuse != null && (int) reuse.getWidth() == img.getWidth()
                && (int) reuse.getHeight() == img.getHeight() ? reuse : null);
    }

    /**
     * Draws the last rendered figure, its points moved to the current pan and zoom, and, while
     * shift-dragging, the selection box over it. Anything else changed since (the layout, the canvas size,
     * what is hidden or marked) draws the figure in full instead.
     */
    private void drawScreen() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (pointsScreen == null || w < 1 || h < 1) {
            return;
        }
        EmbeddingFigure.State now = state();
        if (!onlyMoved(rendered, now, w, h)) {
            redraw();
            return;
        }
        // the data-to-screen map is a scale and a shift per axis: take it from two data points
        double ax = (now.screenX(1, w, h) - now.screenX(0, w, h))
                / (rendered.screenX(1, w, h) - rendered.screenX(0, w, h));
        double ay = (now.screenY(1, w, h) - now.screenY(0, w, h))
                / (rendered.screenY(1, w, h) - rendered.screenY(0, w, h));
        double bx = now.screenX(0, w, h) - ax * rendered.screenX(0, w, h);
        double by = now.screenY(0, w, h) - ay * rendered.screenY(0, w, h);
        gc.setFill(Color.WHITE);
        gc.fillRect(0, 0, w, h);
        gc.drawImage(pointsScreen, bx, by, ax * w, ay * h);
        gc.drawImage(frameScreen, 0, 0, w, h);
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

    /** True when two states differ at most in the data window, zoom and pan, at an unchanged canvas. */
    private boolean onlyMoved(EmbeddingFigure.State a, EmbeddingFigure.State b, double w, double h) {
        return a != null && a.embedding() == b.embedding() && renderedW == w && renderedH == h
                && renderedDensity == density() && a.hiddenClasses().equals(b.hiddenClasses())
                && a.hiddenElements().equals(b.hiddenElements()) && a.traces() == b.traces()
                && a.legend() == b.legend() && a.highlightedSample() == b.highlightedSample()
                && a.pickedSamples().equals(b.pickedSamples()) && a.neighbourPoints().equals(b.neighbourPoints());
    }

    /** @return how many times the points were moved as a bitmap instead of drawn (for tests) */
    long previews() {
        return previews;
    }

    /** @return how many times the figure has been rendered (for tests) */
    long renders() {
        return renders;
    }

    /**
     * The plot as a figure of the canvas's size (white background, frame, legend and the orbit/class ratios,
     * no axes), for PNG at any scale, SVG or PDF.
     *
     * @param scale resolution multiplier
     * @return the figure
     */
    public Figure figure(double scale) {
        return EmbeddingFigure.figure(state(), Math.max(1, canvas.getWidth()), Math.max(1, canvas.getHeight()),
                scale);
    }

    /**
     * The plot as it is zoomed now, for a paper: titled, the legend beside it, no selection marks.
     *
     * @param title the panel title (the model shown)
     * @param scale resolution multiplier
     * @return the figure
     */
    public Figure paperFigure(String title, double scale) {
        EmbeddingFigure.State s = state();
        EmbeddingFigure.State clean = new EmbeddingFigure.State(s.embedding(), s.minX(), s.minY(), s.spanX(),
                s.spanY(), s.zoom(), s.panX(), s.panY(), s.hiddenClasses(), s.hiddenElements(), s.traces(), true, -1,
                java.util.Set.of());
        double w = Math.max(1, canvas.getWidth());
        double h = Math.max(1, canvas.getHeight());
        // the legend moves beside the plot: keep the plot's aspect, drop the legend's width
        return EmbeddingFigure.panels(java.util.List.of(title), java.util.List.of(clean), Math.max(1, w - 132), h,
                scale);
    }

    /**
     * @param cls a class
     * @return its colour, as in the figure
     */
    static Color color(int cls) {
        java.awt.Color c = EmbeddingFigure.color(cls);
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
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
