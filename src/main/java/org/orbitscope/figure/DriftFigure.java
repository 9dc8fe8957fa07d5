package org.orbitscope.figure;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.orbitscope.analysis.DriftStudy;

/**
 * The drift figure (paper Fig. 4): DI on the left axis (log scale, solid lines with dots) and the accuracy
 * ratio on the right axis (dashed), over the drift weight beta. Models of one kind share a colour (DA blue,
 * IR orange, WT green); each seed is one line.
 */
public final class DriftFigure {

    /**
     * One model's curve.
     *
     * @param name legend name (the first model of each kind gives the legend entry)
     * @param kind DA, IR or WT (chooses the colour)
     * @param points its drift points
     */
    public record Curve(String name, String kind, List<DriftStudy.Point> points) {
    }

    private DriftFigure() {
    }

    /**
     * @param title figure title, e.g. the group
     * @param curves the models
     * @param scale resolution multiplier
     * @return the figure
     */
    public static BufferedImage render(String title, List<Curve> curves, double scale) {
        return figure(title, curves, scale).toImage();
    }

    /**
     * The same figure for any output: screen, PNG, SVG or PDF.
     *
     * @param title see {@link #render}
     * @param curves see {@link #render}
     * @param scale see {@link #render}
     * @return the figure
     */
    public static Figure figure(String title, List<Curve> curves, double scale) {
        int w = (int) Math.round(760 * scale);
        int h = (int) Math.round(480 * scale);
        return new Figure(w, h, g -> {
            // paper Fig. 4: DI on the left axis (log scale, solid), accuracy ratio on the right (dashed)
            LinePlot plot = new LinePlot(title + ": reliability under drift", "drift β (0 = T-MNIST, 1 = T-FMNIST)",
                    "DI, solid (log scale)").logY(true).rightAxis("Acc(D(β)) / Acc(D(0)), dashed");
            java.util.Set<String> named = new java.util.HashSet<>();
            for (Curve c : curves) {
                int n = c.points().size();
                double[] b = new double[n];
                double[] d = new double[n];
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    b[i] = c.points().get(i).beta();
                    d[i] = c.points().get(i).di();
                    a[i] = c.points().get(i).accuracyRatio();
                }
                Color color = color(c.kind());
                String label = named.add(c.kind()) ? c.kind() : null;
                plot.add(new LinePlot.Series(label, b, d, color, LinePlot.Dash.SOLID, 1.6f, true));
                plot.addRight(new LinePlot.Series(null, b, a, color, LinePlot.Dash.DASHED, 1.4f, false));
            }
            int pad = (int) Math.round(10 * scale);
            plot.draw(g, pad, pad, w - 2 * pad, h - 2 * pad, scale);
        });
    }

    /**
     * @param kind DA, IR, WT or another label
     * @return its colour in every figure
     */
    public static Color color(String kind) {
        if (kind.startsWith("DA")) {
            return LinePlot.PALETTE[0];
        }
        if (kind.startsWith("WT")) {
            return LinePlot.PALETTE[2];
        }
        if (kind.startsWith("IR")) {
            return kind.contains("kl") ? LinePlot.PALETTE[4] : kind.contains("l2norm") ? LinePlot.PALETTE[5]
                    : LinePlot.PALETTE[1];
        }
        return LinePlot.PALETTE[7];
    }
}
