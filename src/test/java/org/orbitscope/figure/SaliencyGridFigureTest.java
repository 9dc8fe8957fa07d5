package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.group.Groups;

class SaliencyGridFigureTest {

    private static OrbitSaliency.Row row(int label) {
        int d = 1296;
        float[] image = new float[d];
        float[][] maps = new float[4][d];
        float[][] aligned = new float[4][d];
        for (int e = 0; e < 4; e++) {
            aligned[e][100 + e] = 1f;
            maps[e] = Groups.R4.apply(e, aligned[e]);
        }
        return new OrbitSaliency.Row(7, label, image, maps, aligned, new int[] {label, label, 3, label},
                new float[] {0.9f, 0.8f, 0.7f, 0.6f}, new double[] {1, 0, 0, 0}, 0.25, new double[4]);
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
