package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.group.Groups;

class SaliencyGridFigureTest {

    private static OrbitSaliency.Row row(int label) {
        return row(Groups.R4, 7, label);
    }

    private static OrbitSaliency.Row row(org.orbitscope.group.Group g, int sample, int label) {
        int d = 1296;
        int n = g.order();
        float[] image = new float[d];
        float[][] maps = new float[n][d];
        float[][] aligned = new float[n][d];
        int[] predicted = new int[n];
        float[] probability = new float[n];
        for (int e = 0; e < n; e++) {
            aligned[e][100 + e] = 1f;
            maps[e] = g.apply(e, aligned[e]);
            predicted[e] = e == 2 ? 3 : label;
            probability[e] = 0.9f - 0.1f * e;
        }
        return new OrbitSaliency.Row(sample, label, image, maps, aligned, predicted, probability, new double[n], 0.25,
                new double[n]);
    }

    private static List<SaliencyGridFigure.Panel> panels(org.orbitscope.group.Group g, int samples,
            String... models) {
        List<SaliencyGridFigure.Panel> out = new java.util.ArrayList<>();
        for (String m : models) {
            List<OrbitSaliency.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < samples; i++) {
                rows.add(row(g, 8 + i, 5));
            }
            out.add(new SaliencyGridFigure.Panel(m, rows));
        }
        return out;
    }

    @Test
    void sixSamplesOfThreeModelsMakeACompactGridWithShortLabels() {
        List<SaliencyGridFigure.Panel> p = panels(Groups.R4, 6, "DA", "IR", "WT");
        SaliencyGridFigure.Options stacked = new SaliencyGridFigure.Options(true, 72, 1, 0.9, Colormap.INFERNO,
                org.orbitscope.data.DatasetId.TMNIST.classNames(), SaliencyGridFigure.Arrangement.STACKED, 3);
        Figure grid = SaliencyGridFigure.figure(p, Groups.R4, stacked);
        Figure column = SaliencyGridFigure.figure(p, Groups.R4, new SaliencyGridFigure.Options(true, 72, 1, 0.9,
                Colormap.INFERNO, null, SaliencyGridFigure.Arrangement.STACKED, 1));
        assertTrue(grid.height() * 2.5 < column.height(), "three columns: a third of the height, "
                + grid.height() + " vs " + column.height());
        assertTrue(grid.width() < 2 * grid.height() && grid.height() < 2 * grid.width(),
                "a compact page-shaped grid: " + grid.width() + " x " + grid.height());
        String svg = grid.toSvg();
        assertTrue(svg.contains(">sample 8, label 5<") && svg.contains(">sample 13, label 5<"), "samples captioned");
        assertTrue(svg.contains(">DA<") && svg.contains(">WT<"), "short model labels");
        assertFalse(svg.contains("#8"), "no unexplained #8");
        assertTrue(svg.contains("predicted class"), "a footnote explains the numbers under the maps");

        Figure side = SaliencyGridFigure.figure(p, Groups.R4, new SaliencyGridFigure.Options(true, 72, 1, 0.9,
                Colormap.INFERNO, null, SaliencyGridFigure.Arrangement.SIDE_BY_SIDE, 1));
        assertTrue(side.width() > 3 * 4 * 72 && side.height() < 6 * 140, "side by side: one line per sample, "
                + side.width() + " x " + side.height());
        assertTrue(side.toSvg().contains(">IR<"), "each model named over its cells");
    }

    @Test
    void translationHeadersStayWithinTheirCells() {
        Figure f = SaliencyGridFigure.figure(panels(Groups.T3, 1, "DA"), Groups.T3,
                SaliencyGridFigure.Options.defaults());
        String svg = f.toSvg();
        assertTrue(svg.contains(">+12 px<") && !svg.contains("g = +12 px"), "each header is the element alone");
        BufferedImage img = f.toImage();
        java.awt.Graphics2D g = img.createGraphics();
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
        assertTrue(g.getFontMetrics().stringWidth("+24 px") < 72 - 4, "fits a 72 px cell");
        g.dispose();
    }

    @Test
    void shortLabelsGrowOnlyAsFarAsNeeded() {
        org.orbitscope.model.ModelConfig da = org.orbitscope.model.ModelConfig.defaults(
                org.orbitscope.model.ModelKind.DA, "tmnist", "t3");
        org.orbitscope.model.ModelConfig ir = org.orbitscope.model.ModelConfig.defaults(
                org.orbitscope.model.ModelKind.IR, "tmnist", "t3");
        org.orbitscope.model.ModelConfig wt = org.orbitscope.model.ModelConfig.defaults(
                org.orbitscope.model.ModelKind.WT, "tmnist", "t3");
        assertEquals(List.of("DA", "IR", "WT"), ModelLabels.shortLabels(List.of(da, ir, wt)));
        assertEquals(List.of("DA s0", "DA s1", "WT s0"), ModelLabels.shortLabels(List.of(da, da.withSeed(1), wt)));
        assertEquals(List.of("SHORT", "NAME"), java.util.Arrays.stream(ModelLabels.Style.values())
                .map(Enum::name).toList());
    }

    @Test
    void sizeScalesWithTheResolutionMultiplier() {
        List<SaliencyGridFigure.Panel> panels = List.of(new SaliencyGridFigure.Panel("DA", List.of(row(1), row(2))),
                new SaliencyGridFigure.Panel("WT", List.of(row(1), row(2))));
        BufferedImage one = SaliencyGridFigure.render(panels, Groups.R4,
                new SaliencyGridFigure.Options(true, 72, 1, 0.9, Colormap.INFERNO, null));
        BufferedImage two = SaliencyGridFigure.render(panels, Groups.R4,
                new SaliencyGridFigure.Options(true, 72, 2, 0.9, Colormap.INFERNO, null));
        assertEquals(one.getWidth() * 2, two.getWidth(), 2);
        assertEquals(one.getHeight() * 2, two.getHeight(), 2);
        assertEquals(0xffffff, one.getRGB(0, one.getHeight() - 1) & 0xffffff, "white background");
    }

    @Test
    void colormapEndsAndMiddle() {
        assertEquals(0x000004, Colormap.INFERNO.rgb(0));
        assertEquals(0xfcffa4, Colormap.INFERNO.rgb(1));
        assertEquals(0xfcffa4, Colormap.INFERNO.rgb(7), "clamped");
        assertNotEquals(Colormap.INFERNO.rgb(0.4), Colormap.INFERNO.rgb(0.6));
        assertEquals(0x808080, Colormap.GRAY.rgb(0.5) & 0xfefefe, 0x010101);
    }
}
