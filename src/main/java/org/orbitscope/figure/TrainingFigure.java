package org.orbitscope.figure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelKind;

/**
 * Training curves of finished runs from their model-card histories, as four panels: training loss per
 * epoch (with the CE and regularizer parts for IR), validation accuracy, LI and DI on a log scale, and
 * SigmaMax. One colour per run throughout.
 */
public final class TrainingFigure {

    /**
     * One run.
     *
     * @param name legend name
     * @param kind model kind (IR runs also show their loss parts)
     * @param history its epochs
     */
    public record Run(String name, ModelKind kind, List<EpochRecord> history) {
    }

    private TrainingFigure() {
    }

    /**
     * @param runs the runs (at least one)
     * @param scale resolution multiplier
     * @return the figure
     */
    public static BufferedImage render(List<Run> runs, double scale) {
        int w = (int) Math.round(1100 * scale);
        int h = (int) Math.round(760 * scale);
        BufferedImage img = Figures.canvas(w, h);
        Graphics2D g = img.createGraphics();
        LinePlot loss = new LinePlot("Training loss (epoch mean)", "epoch", "loss");
        LinePlot acc = new LinePlot("Validation accuracy", "epoch", "accuracy");
        LinePlot inv = new LinePlot("Invariance errors: LI solid, DI dashed", "epoch", "error (log scale)").logY(true);
        LinePlot sigma = new LinePlot("SigmaMax(J)", "epoch", "largest singular value");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Color c = LinePlot.PALETTE[i % LinePlot.PALETTE.length];
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
            loss.add(new LinePlot.Series(r.name(), e, l, c, LinePlot.Dash.SOLID, 1.6f, false));
            if (r.kind() == ModelKind.IR) {
                loss.add(new LinePlot.Series(null, e, ce, c, LinePlot.Dash.DASHED, 1.2f, false));
                loss.add(new LinePlot.Series(null, e, rg, c, LinePlot.Dash.DOTTED, 1.4f, false));
            }
            acc.add(new LinePlot.Series(r.name(), e, a, c, LinePlot.Dash.SOLID, 1.6f, false));
            inv.add(new LinePlot.Series(r.name(), e, li, c, LinePlot.Dash.SOLID, 1.6f, false));
            inv.add(new LinePlot.Series(null, e, di, c, LinePlot.Dash.DASHED, 1.4f, false));
            sigma.add(new LinePlot.Series(r.name(), e, sg, c, LinePlot.Dash.SOLID, 1.6f, false));
        }
        acc.legend(false);
        inv.legend(false);
        sigma.legend(false);
        int pad = (int) Math.round(10 * scale);
        int cw = (w - 3 * pad) / 2;
        int ch = (h - 3 * pad) / 2;
        loss.draw(g, pad, pad, cw, ch, scale);
        acc.draw(g, 2 * pad + cw, pad, cw, ch, scale);
        inv.draw(g, pad, 2 * pad + ch, cw, ch, scale);
        sigma.draw(g, 2 * pad + cw, 2 * pad + ch, cw, ch, scale);
        g.dispose();
        return img;
    }
}
