package org.orbitscope.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;

import javafx.event.Event;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.figure.LinePlot;
import org.orbitscope.ui.FxTestSupport;

/**
 * Drag-zoom on a plot: the dragged rectangle becomes the axes' range, the zoom survives the next plot of a live
 * run, and a double-click shows everything again.
 */
class PlotViewZoomTest {

    private static Stage stage;
    private static PlotView view;

    @BeforeAll
    static void start() throws Exception {
        FxTestSupport.start();
        view = onFx(() -> {
            PlotView v = new PlotView();
            stage = FxTestSupport.show(new StackPane(v), 600, 400);
            v.show(line(100));
            return v;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        FxTestSupport.hide(stage);
    }

    /** y = x / 10 for x = 0..n. */
    private static LinePlot line(int n) {
        double[] x = new double[n + 1];
        double[] y = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            x[i] = i;
            y[i] = i / 10.0;
        }
        return new LinePlot("t", "step", "loss").add(new LinePlot.Series("run", x, y, LinePlot.PALETTE[0],
                LinePlot.Dash.SOLID, 1.5f, false));
    }

    private static void mouse(javafx.event.EventType<MouseEvent> type, double x, double y, int clicks) {
        Event.fireEvent(view, new MouseEvent(type, x, y, x, y, MouseButton.PRIMARY, clicks, false, false, false,
                false, true, false, false, true, false, true, null));
    }

    @Test
    void aDraggedRectangleBecomesTheRangeUntilADoubleClick() throws Exception {
        LinePlot.Frame all = onFx(() -> view.plot().frame());
        assertEquals(0, all.x0(), 1e-9);
        assertEquals(100, all.x1(), 1e-9);
        double density = onFx(() -> view.getScene().getWindow().getOutputScaleX());
        // pixels (region coordinates) of x = 20 and x = 40, y = 1 and y = 5
        double ax = (all.left() + 0.2 * all.width()) / density;
        double bx = (all.left() + 0.4 * all.width()) / density;
        double ay = (all.top() + all.height() * (1 - 5 / all.y1())) / density;
        double by = (all.top() + all.height() * (1 - 1 / all.y1())) / density;
        onFx(() -> {
            mouse(MouseEvent.MOUSE_PRESSED, ax, ay, 1);
            mouse(MouseEvent.MOUSE_DRAGGED, bx, by, 1);
            mouse(MouseEvent.MOUSE_RELEASED, bx, by, 1);
            return null;
        });
        assertTrue(onFx(() -> view.zoomed()));
        LinePlot.Frame z = onFx(() -> view.plot().frame());
        assertEquals(20, z.x0(), 0.5);
        assertEquals(40, z.x1(), 0.5);
        assertEquals(1, z.y0(), 0.05);
        assertEquals(5, z.y1(), 0.05);
        // a live run sends a new plot with more steps: the zoom stays
        onFx(() -> {
            view.show(line(200));
            return null;
        });
        LinePlot.Frame still = onFx(() -> view.plot().frame());
        assertEquals(z.x0(), still.x0(), 1e-9);
        assertEquals(z.x1(), still.x1(), 1e-9);
        onFx(() -> {
            mouse(MouseEvent.MOUSE_CLICKED, bx, by, 2);
            return null;
        });
        assertFalse(onFx(() -> view.zoomed()));
        LinePlot.Frame back = onFx(() -> view.plot().frame());
        assertEquals(0, back.x0(), 1e-9);
        assertEquals(200, back.x1(), 1e-9, "all of the new plot");
    }

    @Test
    void aClickWithoutADragDoesNotZoom() throws Exception {
        onFx(() -> {
            view.resetZoom();
            LinePlot.Frame f = view.plot().frame();
            double d = view.getScene().getWindow().getOutputScaleX();
            double x = (f.left() + f.width() / 2.0) / d;
            double y = (f.top() + f.height() / 2.0) / d;
            mouse(MouseEvent.MOUSE_PRESSED, x, y, 1);
            mouse(MouseEvent.MOUSE_RELEASED, x + 2, y + 1, 1);
            return null;
        });
        assertFalse(onFx(() -> view.zoomed()));
    }
}
