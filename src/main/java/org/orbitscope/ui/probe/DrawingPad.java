package org.orbitscope.ui.probe;

import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.orbitscope.analysis.probe.ImageImport;

/**
 * A square canvas to draw a digit on with the mouse: white strokes on black, a round soft brush of a chosen
 * size, erasing with the right button or in erase mode. Every stroke hands the drawing on as a grey image; the
 * probe frames it the way the dataset's images are framed.
 */
final class DrawingPad extends Canvas {

    private final int side;
    private final float[] ink;
    private final WritableImage image;
    private final Consumer<ImageImport.Grey> onChange;
    private double brush = 14;
    private boolean erase;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;

    /**
     * @param side width and height in pixels
     * @param onChange receives the drawing after every change
     */
    DrawingPad(int side, Consumer<ImageImport.Grey> onChange) {
        super(side, side);
        this.side = side;
        this.ink = new float[side * side];
        this.image = new WritableImage(side, side);
        this.onChange = onChange;
        getStyleClass().add("drawing-pad");
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            lastX = Double.NaN;
            stroke(e);
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::stroke);
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> lastX = Double.NaN);
        paint();
    }

    /** @param diameter brush diameter in pad pixels */
    void setBrush(double diameter) {
        brush = Math.max(1, diameter);
    }

    /** @param on true to erase with the left button too */
    void setErase(boolean on) {
        erase = on;
    }

    /** Clears the drawing. */
    void clear() {
        java.util.Arrays.fill(ink, 0f);
        paint();
        onChange.accept(grey());
    }

    /** @return the drawing as a grey image, strokes bright */
    ImageImport.Grey grey() {
        return new ImageImport.Grey(side, side, ink.clone());
    }

    /** @return true while nothing is drawn */
    boolean isBlank() {
        return ImageImport.isBlank(ink);
    }

    private void stroke(MouseEvent e) {
        boolean rub = erase || e.getButton() == MouseButton.SECONDARY;
        double x = e.getX();
        double y = e.getY();
        if (Double.isNaN(lastX)) {
            dab(x, y, rub);
        } else {
            // dabs every quarter brush along the segment, so fast strokes stay continuous
            double d = Math.hypot(x - lastX, y - lastY);
            int n = Math.max(1, (int) Math.ceil(d / Math.max(1, brush / 4)));
            for (int i = 1; i <= n; i++) {
                dab(lastX + (x - lastX) * i / n, lastY + (y - lastY) * i / n, rub);
            }
        }
        lastX = x;
        lastY = y;
        paint();
        onChange.accept(grey());
        e.consume();
    }

    /** One round dab of the brush: full ink inside, a one-pixel soft edge. */
    private void dab(double cx, double cy, boolean rub) {
        double r = brush / 2;
        int x0 = (int) Math.max(0, Math.floor(cx - r - 1));
        int x1 = (int) Math.min(side - 1, Math.ceil(cx + r + 1));
        int y0 = (int) Math.max(0, Math.floor(cy - r - 1));
        int y1 = (int) Math.min(side - 1, Math.ceil(cy + r + 1));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                float a = (float) Math.max(0, Math.min(1, r + 0.5 - d));
                int p = y * side + x;
                ink[p] = rub ? Math.min(ink[p], 1 - a) : Math.max(ink[p], a);
            }
        }
    }

    private void paint() {
        PixelWriter w = image.getPixelWriter();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = Math.round(255 * ink[y * side + x]);
                w.setArgb(x, y, 0xff000000 | (v << 16) | (v << 8) | v);
            }
        }
        getGraphicsContext2D().drawImage(image, 0, 0);
    }
}
