package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelKind;

class LinePlotTest {

    @Test
    void niceTicksCoverTheRange() {
        assertArrayEquals(new double[] {0, 50, 100, 150, 200, 250, 300}, Ticks.nice(1, 300, 6), 1e-9);
        assertArrayEquals(new double[] {0.4, 0.6, 0.8, 1.0}, Ticks.nice(0.45, 0.97, 5), 1e-9);
        assertArrayEquals(new double[] {-15, -12, -9, -6, -3, 0, 3}, Ticks.integers(-14, 3, 6), 1e-9);
    }

    @Test
    void labels() {
        assertEquals("1e-12", LinePlot.label(-12, true));
        assertEquals("100", LinePlot.label(2, true));
        assertEquals("0.25", LinePlot.label(0.25, false));
        assertEquals("0", LinePlot.label(1e-15, false));
    }

    @Test
    void drawsSeriesInsideTheFrame() {
        BufferedImage img = Figures.canvas(400, 300);
        Graphics2D g = img.createGraphics();
        new LinePlot("t", "x", "y").add(new LinePlot.Series("a", new double[] {0, 1, 2}, new double[] {0, 1, 0},
                Color.RED, LinePlot.Dash.SOLID, 3f, false)).draw(g, 0, 0, 400, 300, 1);
        g.dispose();
        int red = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                int p = img.getRGB(x, y);
                if (((p >> 16) & 0xff) > 200 && ((p >> 8) & 0xff) < 80) {
                    red++;
                }
            }
        }
        assertNotEquals(0, red, "the series is drawn");
    }

    @Test
    void trainingFigureScales() {
        List<EpochRecord> h = List.of(new EpochRecord(1, 2, 2, 0.1, 0.3, 0.4, 1, 0.1, 1, 1),
                new EpochRecord(2, 1, 0.9, 0.05, 0.6, 0.7, 1e-12, 1e-14, 2, 1));
        List<TrainingFigure.Run> runs = List.of(new TrainingFigure.Run("ir", ModelKind.IR, h));
        BufferedImage one = TrainingFigure.render(runs, 1);
        BufferedImage two = TrainingFigure.render(runs, 2);
        assertEquals(2 * one.getWidth(), two.getWidth());
        assertEquals(2 * one.getHeight(), two.getHeight());
    }
}
