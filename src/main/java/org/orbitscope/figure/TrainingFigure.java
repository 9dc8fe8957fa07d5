package org.orbitscope.figure;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelKind;

/**
 * Training curves as four panels: training loss (per step when known, else per-epoch means; with the CE
 * and regularizer parts for IR), validation accuracy, LI and DI on a log scale, and SigmaMax. One colour
 * per run throughout. The live dashboard draws the same panels, so screen and export agree.
 */
public final class TrainingFigure {

    /**
     * Per-step training loss of a live run, at fractional epochs ({@code step / steps per epoch}).
     *
     * @param epoch x values
     * @param raw loss of each step
     * @param smooth exponentially smoothed loss
     * @param ce cross-entropy part (IR)
     * @param reg regularizer part (IR)
     */
    public record Steps(double[] epoch, double[] raw, double[] smooth, double[] ce, double[] reg) {
    }

    /**
     * One run.
     *
     * @param name legend name
     * @param kind model kind (IR runs also show their loss parts)
     * @param history its epochs
     * @param steps its per-step losses, or {@code null} to draw the per-epoch means of the history
     * @param colour its index in {@link LinePlot#PALETTE}, kept by the run whatever else is drawn; negative
     *     for the run's position among those drawn
     */
    public record Run(String name, ModelKind kind, List<EpochRecord> history, Steps steps, int colour) {

        /**
         * A run coloured by its position among those drawn.
         *
         * @param name legend name
         * @param kind model kind
         * @param history its epochs
         * @param steps its per-step losses, or {@code null}
         */
        public Run(String name, ModelKind kind, List<EpochRecord> history, Steps steps) {
            this(name, kind, history, steps, -1);
        }

        /**
         * @param i the run's position among those drawn
         * @return its colour
         */
        public Color color(int i) {
            int k = colour >= 0 ? colour : i;
            return LinePlot.PALETTE[k % LinePlot.PALETTE.length];
        }

        /**
         * A finished run, drawn from its model-card history.
         *
         * @param name legend name
         * @param kind model kind
         * @param history its epochs
         */
        public Run(String name, ModelKind kind, List<EpochRecord> history) {
            this(name, kind, history, null);
        }
    }

    /** Number of panels, in the order of {@link #panels}: loss, accuracy, invariance, SigmaMax. */
    public static final int PANELS = 4;

    private TrainingFigure() {
    }

    /**
     * @param runs the runs (at least one)
     * @param scale resolution multiplier
     * @return the figure
     */
    public static BufferedImage render(List<Run> runs, double scale) {
        return figure(runs, scale).toImage();
    }

    /**
     * @param runs the runs drawn
     * @return the loss panel's title, with a key to the line styles it uses (the figure explains itself)
     */
    static String lossTitle(List<Run> runs) {
        boolean steps = runs.stream().anyMatch(r -> r.steps() != null);
        boolean ir = runs.stream().anyMatch(r -> r.kind() == ModelKind.IR);
        String solid = steps ? "faint per step, solid smoothed" : "";
        if (!ir) {
            return steps ? "Training loss: " + solid : "Training loss";
        }
        return "Training loss: " + (steps ? solid + " total" : "solid total") + ", dashed CE, dotted regularizer";
    }

    /**
     * The four panels of the runs, each run in the colour of its index.
     *
     * @param runs the runs
     * @return loss, validation accuracy, invariance errors, SigmaMax
     */
    public static LinePlot[] panels(List<Run> runs) {
        LinePlot loss = new LinePlot(lossTitle(runs), "epoch", "loss");
        LinePlot acc = new LinePlot("Validation accuracy", "epoch", "accuracy");
        LinePlot inv = new LinePlot("Invariance errors: LI solid, DI dashed", "epoch", "error (log scale)").logY(true);
        LinePlot sigma = new LinePlot("SigmaMax(J)", "epoch", "largest singular value");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Color c = r.color(i);
            boolean ir = r.kind() == ModelKind.IR;
            int n = r.history().size();
            double[] e = new double[n];
            double[] l = new double[n];
            double[] ce = new double[n];
            double[] rg = new double[n];
            double[] a = new double[n];
            double[] li = new double[n];
            double[] di = new double[n];
            double[] sg = new double[n];
            for (int k = 0; k < n; k++) {
                EpochRecord rec = r.history().get(k);
                e[k] = rec.epoch();
                l[k] = rec.trainLoss();
                ce[k] = rec.trainCe();
                rg[k] = rec.trainReg();
                a[k] = rec.validationAccuracy();
                li[k] = rec.li();
                di[k] = rec.di();
                sg[k] = rec.sigmaMax();
            }
            Steps s = r.steps();
            if (s != null) {
                Color faint = new Color(c.getRed(), c.getGreen(), c.getBlue(), 60);
                loss.add(new LinePlot.Series(null, s.epoch(), s.raw(), faint, LinePlot.Dash.SOLID, 1f, false));
                loss.add(new LinePlot.Series(r.name(), s.epoch(), s.smooth(), c, LinePlot.Dash.SOLID, 1.6f, false));
                if (ir) {
                    loss.add(new LinePlot.Series(null, s.epoch(), s.ce(), c, LinePlot.Dash.DASHED, 1.2f, false));
                    loss.add(new LinePlot.Series(null, s.epoch(), s.reg(), c, LinePlot.Dash.DOTTED, 1.4f, false));
                }
            } else {
                loss.add(new LinePlot.Series(r.name(), e, l, c, LinePlot.Dash.SOLID, 1.6f, false));
                if (ir) {
                    loss.add(new LinePlot.Series(null, e, ce, c, LinePlot.Dash.DASHED, 1.2f, false));
                    loss.add(new LinePlot.Series(null, e, rg, c, LinePlot.Dash.DOTTED, 1.4f, false));
                }
            }
            acc.add(new LinePlot.Series(r.name(), e, a, c, LinePlot.Dash.SOLID, 1.6f, false));
            inv.add(new LinePlot.Series(r.name(), e, li, c, LinePlot.Dash.SOLID, 1.6f, false));
            inv.add(new LinePlot.Series(null, e, di, c, LinePlot.Dash.DASHED, 1.4f, false));
            sigma.add(new LinePlot.Series(r.name(), e, sg, c, LinePlot.Dash.SOLID, 1.6f, false));
        }
        acc.legend(false);
        inv.legend(false);
        sigma.legend(false);
        return new LinePlot[] {loss, acc, inv, sigma};
    }

    /**
     * The same figure for any output: screen, PNG, SVG or PDF.
     *
     * @param runs the runs (at least one)
     * @param scale resolution multiplier
     * @return the figure
     */
    public static Figure figure(List<Run> runs, double scale) {
        int w = (int) Math.round(1100 * scale);
        int h = (int) Math.round(760 * scale);
        return new Figure(w, h, g -> {
            LinePlot[] p = panels(runs);
            int pad = (int) Math.round(10 * scale);
            int cw = (w - 3 * pad) / 2;
            int ch = (h - 3 * pad) / 2;
            p[0].draw(g, pad, pad, cw, ch, scale);
            p[1].draw(g, 2 * pad + cw, pad, cw, ch, scale);
            p[2].draw(g, pad, 2 * pad + ch, cw, ch, scale);
            p[3].draw(g, 2 * pad + cw, 2 * pad + ch, cw, ch, scale);
        });
    }
}
