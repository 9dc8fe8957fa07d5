package org.orbitscope.ui.experiments;

import java.awt.image.BufferedImage;
import java.util.function.DoubleFunction;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import org.orbitscope.figure.Figure;

/** A Java2D figure shown scaled to fit its box; PNG exports re-render it at full resolution. */
final class FigureBox {

    private final StackPane box = new StackPane();
    private final ImageView view = new ImageView();
    private final ImageView exportView = new ImageView();
    private final Label placeholder = new Label();
    private DoubleFunction<Figure> renderer;

    FigureBox(String emptyText) {
        box.getStyleClass().add("figure-box");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.fitWidthProperty().bind(box.widthProperty().subtract(16));
        view.fitHeightProperty().bind(box.heightProperty().subtract(16));
        box.setMinSize(0, 0);
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        box.getChildren().addAll(view, placeholder);
        clear(emptyText);
    }

    /** @return the node to place in the layout */
    Node node() {
        return box;
    }

    /** @return the shown image view (for tests) */
    ImageView imageView() {
        return view;
    }

    /**
     * Shows a figure.
     *
     * @param render the figure at a resolution multiplier
     */
    void show(DoubleFunction<Figure> render) {
        this.renderer = render;
        view.setImage(SwingFXUtils.toFXImage(render.apply(2).toImage(), null));
        placeholder.setVisible(false);
    }

    /**
     * Removes the figure and shows a hint instead.
     *
     * @param text the hint
     */
    void clear(String text) {
        renderer = null;
        view.setImage(null);
        placeholder.setText(text);
        placeholder.setVisible(true);
    }

    /**
     * @param scale resolution multiplier
     * @return the shown figure, or empty
     */
    java.util.Optional<Figure> figure(double scale) {
        return renderer == null ? java.util.Optional.empty() : java.util.Optional.of(renderer.apply(scale));
    }

    /** @return true if a figure is shown */
    boolean hasFigure() {
        return renderer != null;
    }

    /**
     * The figure rendered at four times its size and shown at 1x, so a 2x or 4x snapshot keeps the figure's
     * full resolution; the box itself while nothing is shown.
     *
     * @return the node a PNG export captures
     */
    Node snapshotTarget() {
        if (renderer == null) {
            return box;
        }
        BufferedImage four = renderer.apply(4).toImage();
        exportView.setImage(SwingFXUtils.toFXImage(four, null));
        exportView.setSmooth(true);
        exportView.setFitWidth(four.getWidth() / 4.0);
        exportView.setFitHeight(four.getHeight() / 4.0);
        return exportView;
    }
}
