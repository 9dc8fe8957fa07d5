package org.orbitscope.figure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.orbitscope.analysis.DriftStudy;

/**
 * The drift figure (paper Fig. 4) as two panels sharing the beta axis: DI on a log scale and the accuracy
 * ratio. Models of one kind share a colour (DA blue, IR orange, WT green); each seed is one line.
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
        int w = (int) Math.round(1000 * scale);
        int h = (int) Math.round(400 * scale);
        return new Figure(w, h, g -> {
            LinePlot di = new LinePlot(title + ": DI under drift", "drift β (0 = T-MNIST, 1 = T-FMNIST)",
                    "DI (log scale)").logY(true);
            LinePlot acc = new LinePlot(title + ": accuracy ratio", "drift β (0 = T-MNIST, 1 = T-FMNIST)",
                    "Acc(D(β)) / Acc(D(0))");
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
                di.add(new LinePlot.Series(label, b, d, color, LinePlot.Dash.SOLID, 1.6f, true));
                acc.add(new LinePlot.Series(label, b, a, color, LinePlot.Dash.SOLID, 1.6f, true));
            }
            acc.legend(false);
            int pad = (int) Math.round(10 * scale);
            int cw = (w - 3 * pad) / 2;
            di.draw(g, pad, pad, cw, h - 2 * pad, scale);
            acc.draw(g, 2 * pad + cw, pad, cw, h - 2 * pad, scale);
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
