package org.orbitscope.ui.common;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import org.orbitscope.figure.Figures;
import org.orbitscope.figure.LinePlot;

/**
 * A line plot drawn by the figure code (Java2D) at the region's size and the screen's pixel density, so that
 * what a view shows is what its exported figure shows. Redrawn when given a new plot or resized.
 *
 * <p>Dragging a rectangle over the plot zooms into it; the zoom stays while new plots of the same data arrive
 * (a live run), and a double-click, Escape or the Reset zoom button shows everything again.
 */
public final class PlotView extends Region {

    private final ImageView view = new ImageView();
    private final javafx.scene.shape.Rectangle band = new javafx.scene.shape.Rectangle();
    private final javafx.scene.control.Button reset = new javafx.scene.control.Button("Reset zoom");
    private LinePlot plot;
    /** The zoom window {x0, x1, y0, y1} in plot units, or null to show everything. */
    private double[] zoom;
    private double pressX = Double.NaN;
    private double pressY = Double.NaN;
    private double density = 1;
    private WritableImage image;
    private int draws;
    /** Nanoseconds spent drawing, over all plot views (for the dashboard benchmark). */
    private static final java.util.concurrent.atomic.AtomicLong DRAW_NANOS =
            new java.util.concurrent.atomic.AtomicLong();

    /** An empty plot area. */
    public PlotView() {
        getStyleClass().add("plot-view");
        // the image follows the region's size, never the other way round
        view.setManaged(false);
        band.setManaged(false);
        band.setVisible(false);
        band.setMouseTransparent(true);
        band.getStyleClass().add("zoom-band");
        band.setStyle("-fx-fill: rgba(31,119,180,0.15); -fx-stroke: rgba(31,119,180,0.8); -fx-stroke-width: 1;");
        reset.setManaged(false);
        reset.setVisible(false);
        reset.setFocusTraversable(false);
        reset.getStyleClass().add("zoom-reset");
        reset.setOnAction(e -> resetZoom());
        reset.setTooltip(new javafx.scene.control.Tooltip("Show all the data again (double-click or Esc)"));
        getChildren().addAll(view, band, reset);
        javafx.scene.control.Tooltip.install(this, new javafx.scene.control.Tooltip(
                "Drag a rectangle to zoom in; double-click or Esc to zoom out"));
        setOnMousePressed(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && inPlot(e.getX(), e.getY())) {
                pressX = e.getX();
                pressY = e.getY();
                requestFocus();
            }
        });
        setOnMouseDragged(e -> {
            if (Double.isNaN(pressX)) {
                return;
            }
            band.setX(Math.min(pressX, e.getX()));
            band.setY(Math.min(pressY, e.getY()));
            band.setWidth(Math.abs(e.getX() - pressX));
            band.setHeight(Math.abs(e.getY() - pressY));
            band.setVisible(true);
        });
        setOnMouseReleased(e -> {
            if (!Double.isNaN(pressX)) {
                zoomToPixels(pressX, pressY, e.getX(), e.getY());
            }
            pressX = Double.NaN;
            band.setVisible(false);
        });
        setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2) {
                resetZoom();
            }
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && zoom != null) {
                resetZoom();
                e.consume();
            }
        });
        setMinSize(200, 150);
        setPrefSize(480, 300);
        widthProperty().addListener((obs, o, n) -> redraw());
        heightProperty().addListener((obs, o, n) -> redraw());
    }

    /** @param p the plot to draw from now on (call on the FX thread) */
    public void show(LinePlot p) {
        plot = p;
        redraw();
    }

    /**
     * Zooms into the rectangle between two points of the region (ignored if it is smaller than 5 pixels across).
     *
     * @param ax one corner, x in the region's coordinates
     * @param ay its y
     * @param bx the opposite corner's x
     * @param by its y
     */
    public void zoomToPixels(double ax, double ay, double bx, double by) {
        LinePlot.Frame f = plot == null ? null : plot.frame();
        if (f == null || Math.abs(bx - ax) < 5 || Math.abs(by - ay) < 5) {
            return;
        }
        double x0 = f.xAt(Math.min(ax, bx) * density);
        double x1 = f.xAt(Math.max(ax, bx) * density);
        double y0 = f.yAt(Math.max(ay, by) * density);
        double y1 = f.yAt(Math.min(ay, by) * density);
        zoom = new double[] {x0, x1, y0, y1};
        redraw();
    }

    /** Shows all the data again. */
    public void resetZoom() {
        zoom = null;
        if (plot != null) {
            plot.view(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        redraw();
    }

    /** @return true while zoomed in */
    public boolean zoomed() {
        return zoom != null;
    }

    /** @return the plot shown, or null */
    public LinePlot plot() {
        return plot;
    }

    private boolean inPlot(double x, double y) {
        LinePlot.Frame f = plot == null ? null : plot.frame();
        if (f == null) {
            return false;
        }
        double px = x * density;
        double py = y * density;
        return px >= f.left() && px <= f.left() + f.width() && py >= f.top() && py <= f.top() + f.height();
    }

    /** @return nanoseconds all plot views spent drawing so far */
    public static long drawNanos() {
        return DRAW_NANOS.get();
    }

    /** @return how many times the plot was drawn (for tests and measurements) */
    public int draws() {
        return draws;
    }

    private void redraw() {
        int w = (int) Math.floor(getWidth());
        int h = (int) Math.floor(getHeight());
        if (plot == null || w < 20 || h < 20) {
            return;
        }
        density = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
        if (zoom != null) {
            plot.view(zoom[0], zoom[1], zoom[2], zoom[3]);
        }
        reset.setVisible(zoom != null);
        long t0 = System.nanoTime();
        int pw = (int) Math.round(w * density);
        int ph = (int) Math.round(h * density);
        BufferedImage img = Figures.canvas(pw, ph);
        Graphics2D g = img.createGraphics();
        plot.draw(g, 0, 0, pw, ph, 0.9 * density);
        g.dispose();
        if (image == null || (int) image.getWidth() != pw || (int) image.getHeight() != ph) {
            image = null;
        }
        image = SwingFXUtils.toFXImage(img, image);
        view.setImage(image);
        view.setFitWidth(w);
        view.setFitHeight(h);
        draws++;
        DRAW_NANOS.addAndGet(System.nanoTime() - t0);
    }

    @Override
    protected void layoutChildren() {
        view.relocate(0, 0);
        reset.autosize();
        reset.relocate(Math.max(0, getWidth() - reset.getWidth() - 14), 4);
    }
}
