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
 */
public final class PlotView extends Region {

    private final ImageView view = new ImageView();
    private LinePlot plot;
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
        getChildren().add(view);
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
        double density = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
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
    }
}
