package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.DriftStudy;

class BarPlotTest {

    @Test
    void meanAndSampleStandardDeviation() {
        assertEquals(2.0, org.orbitscope.metrics.Stats.mean(new double[] {1, 2, 3}), 1e-12);
        assertEquals(1.0, org.orbitscope.metrics.Stats.sampleStd(new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, org.orbitscope.metrics.Stats.sampleStd(new double[] {5}), 0);
    }

    @Test
    void figuresScaleExactly() {
        List<BarPlot.Bar> bars = List.of(new BarPlot.Bar("DA", new double[] {9, 10}, Color.BLUE),
                new BarPlot.Bar("IR-l2", new double[] {3}, Color.ORANGE));
        BufferedImage a = SpectralFigure.render("t", bars, new double[] {0, 1, 2}, new double[] {1, 0.9, 0.8}, 1);
        BufferedImage b = SpectralFigure.render("t", bars, new double[] {0, 1, 2}, new double[] {1, 0.9, 0.8}, 2);
        assertEquals(2 * a.getWidth(), b.getWidth());
        List<DriftFigure.Curve> curves = List.of(new DriftFigure.Curve("m", "DA",
                List.of(new DriftStudy.Point(0, 0.9, 1, 0.1, 1), new DriftStudy.Point(1, 0.1, 0.11, 3, 40))));
        assertEquals(2 * DriftFigure.render("R4", curves, 1).getHeight(),
                DriftFigure.render("R4", curves, 2).getHeight());
        assertEquals(DriftFigure.color("IR-l2"), DriftFigure.color("IR"));
    }

    @Test
    void theTallestBarStaysClearOfTheFrame() {
        // 10 is a tick value: without headroom the axis would end exactly at the bar's top
        BarPlot plot = new BarPlot("", "y").add(new BarPlot.Bar("DA", new double[] {10}, new Color(0x0000ff)));
        BufferedImage img = Figures.canvas(400, 300);
        java.awt.Graphics2D g = img.createGraphics();
        plot.draw(g, 0, 0, 400, 300, 1);
        g.dispose();
        int x = (int) (400 * 0.4);
        int frame = -1;
        int bar = -1;
        for (int y = 0; y < 300 && bar < 0; y++) {
            int rgb = img.getRGB(x, y) & 0xffffff;
            if (frame < 0 && (rgb >> 16) < 160 && ((rgb >> 8) & 0xff) < 160 && (rgb & 0xff) < 160) {
                frame = y;
            }
            if (rgb == 0x0000ff) {
                bar = y;
            }
        }
        assertTrue(frame >= 0 && bar > frame, "frame at " + frame + ", bar top at " + bar);
        assertTrue(bar - frame >= 0.05 * 244, "headroom " + (bar - frame) + " px above the bar");
    }
}
