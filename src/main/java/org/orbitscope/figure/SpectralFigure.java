package org.orbitscope.figure;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The spectral-decay figure (paper Fig. 5 and Proposition 3.1): SigmaMax(J) per kind of model as bars
 * with seed spread, beside {@code sigma_max(W)} along gradient descent on the logit invariance error of a
 * linear model.
 */
public final class SpectralFigure {

    private SpectralFigure() {
    }

    /**
     * @param title title of the bar panel
     * @param bars one bar per kind of model
     * @param steps gradient-descent steps of the linear demo (x values)
     * @param sigma {@code sigma_max(W)} after each step
     * @param scale resolution multiplier
     * @return the figure
     */
    public static BufferedImage render(String title, List<BarPlot.Bar> bars, double[] steps, double[] sigma,
            double scale) {
        return figure(title, bars, steps, sigma, scale).toImage();
    }

    /**
     * The same figure for any output: screen, PNG, SVG or PDF.
     *
     * @param title see {@link #render}
     * @param bars see {@link #render}
     * @param steps see {@link #render}
     * @param sigma see {@link #render}
     * @param scale see {@link #render}
     * @return the figure
     */
    public static Figure figure(String title, List<BarPlot.Bar> bars, double[] steps, double[] sigma,
            double scale) {
        int w = (int) Math.round(1000 * scale);
        int h = (int) Math.round(400 * scale);
        return new Figure(w, h, g -> {
            BarPlot bp = new BarPlot(title, "SigmaMax(J), mean over test samples");
            bars.forEach(bp::add);
            LinePlot lp = new LinePlot("Proposition 3.1: linear model h(x) = Wx", "gradient-descent step on LI",
                    "σmax(W)");
            lp.add(new LinePlot.Series("σmax(W) along the descent", steps, sigma, new Color(0x1f77b4),
                    LinePlot.Dash.SOLID, 1.8f, false));
            int pad = (int) Math.round(10 * scale);
            int cw = (w - 3 * pad) / 2;
            bp.draw(g, pad, pad, cw, h - 2 * pad, scale);
            lp.draw(g, 2 * pad + cw, pad, cw, h - 2 * pad, scale);
        });
    }
}
