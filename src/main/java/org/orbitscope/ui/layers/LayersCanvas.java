package org.orbitscope.ui.layers;

import java.awt.image.BufferedImage;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import org.orbitscope.figure.LayersFigure;

/**
 * The layer figure drawn by the figure code at the region's width and the screen's pixel density (what is
 * exported is what is shown), and the cell under a point of it.
 */
final class LayersCanvas extends Region {

    private final ImageView view = new ImageView();
    private final Label placeholder = new Label("Select models in the library: each gets a row of its layers.");
    private List<LayersFigure.Row> rows = List.of();
    private int draws;

    LayersCanvas() {
        getStyleClass().add("layers-canvas");
        view.setManaged(false);
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        getChildren().addAll(view, placeholder);
        setMinSize(200, 150);
        widthProperty().addListener((obs, o, n) -> redraw());
    }

    /** @param r the rows to draw (FX thread) */
    void setRows(List<LayersFigure.Row> r) {
        rows = List.copyOf(r);
        placeholder.setVisible(rows.isEmpty());
        requestLayout();
        redraw();
    }

    /** @return how many times the figure was drawn (for tests) */
    int draws() {
        return draws;
    }

    /** Width in pixels of one figure unit at scale 1. */
    private double zoom() {
        return Math.max(1, getWidth()) / LayersFigure.WIDTH;
    }

    /**
     * @param x horizontal position in the region
     * @param y vertical position in the region
     * @return {@code {row, layer index}} of the cell there, or null
     */
    int[] cellAt(double x, double y) {
        return rows.isEmpty() ? null : LayersFigure.hit(rows, x / zoom(), y / zoom());
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth();
        return rows.isEmpty() ? 150 : LayersFigure.height(rows) * Math.max(1, w) / LayersFigure.WIDTH;
    }

    @Override
    protected double computePrefWidth(double height) {
        return LayersFigure.WIDTH;
    }

    private void redraw() {
        double w = getWidth();
        if (rows.isEmpty() || w < 50) {
            view.setImage(null);
            return;
        }
        double density = getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
        BufferedImage img = LayersFigure.figure(rows, zoom() * density).toImage();
        view.setImage(SwingFXUtils.toFXImage(img, null));
        view.setFitWidth(w);
        view.setFitHeight(LayersFigure.height(rows) * zoom());
        draws++;
    }

    @Override
    protected void layoutChildren() {
        view.relocate(0, 0);
        placeholder.resizeRelocate(12, 12, Math.max(0, getWidth() - 24), 60);
    }
}
