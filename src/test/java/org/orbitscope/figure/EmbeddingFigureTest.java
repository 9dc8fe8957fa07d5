package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitClassRatio;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.group.Groups;

/**
 * The rings around neighbour points: drawn in their colour around exactly the points given, and in the legend; the
 * view's two layers make the exported figure.
 */
class EmbeddingFigureTest {

    private static OrbitEmbedding layout() {
        List<EmbeddingPoint> pts = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int g = 0; g < 4; g++) {
                pts.add(new EmbeddingPoint(s, g, 0, 0, 10 * s + 3 * g, 10 * g));
            }
        }
        OrbitClassRatio.Result r = new OrbitClassRatio.Result(1, 1);
        return new OrbitEmbedding(OrbitEmbedding.Method.TSNE, pts, 4, Groups.R4.labels(), List.of("0"), r, r, 1, 0);
    }

    /** Pixels of the ring colour within a box around a point's position. */
    private static int ringPixels(BufferedImage img, EmbeddingFigure.State s, EmbeddingPoint p, int w, int h) {
        int cx = (int) Math.round(s.screenX(p.x(), w, h));
        int cy = (int) Math.round(s.screenY(p.y(), w, h));
        int count = 0;
        for (int y = cy - 14; y <= cy + 14; y++) {
            for (int x = cx - 14; x <= cx + 14; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (EmbeddingFigure.NEIGHBOUR_COLOR.getRGB() & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void ringsAreDrawnAroundTheGivenPointsOnly() {
        OrbitEmbedding e = layout();
        EmbeddingFigure.State fitted = EmbeddingFigure.State.fitted(e);
        EmbeddingFigure.State ringed = new EmbeddingFigure.State(e, fitted.minX(), fitted.minY(), fitted.spanX(),
                fitted.spanY(), 1, 0, 0, new BitSet(), new BitSet(), false, false, -1, Set.of(), List.of(5, 14));
        int w = 600;
        int h = 500;
        BufferedImage plain = EmbeddingFigure.figure(fitted, w, h, 1).toImage();
        BufferedImage img = EmbeddingFigure.figure(ringed, w, h, 1).toImage();
        for (int p = 0; p < e.points().size(); p++) {
            assertEquals(0, ringPixels(plain, fitted, e.points().get(p), w, h), "no ring without neighbours");
            int n = ringPixels(img, ringed, e.points().get(p), w, h);
            if (p == 5 || p == 14) {
                assertTrue(n > 20, "point " + p + " is ringed: " + n + " pixels");
            } else {
                assertEquals(0, n, "point " + p + " has no ring");
            }
        }
        EmbeddingFigure.State legend = new EmbeddingFigure.State(e, fitted.minX(), fitted.minY(), fitted.spanX(),
                fitted.spanY(), 1, 0, 0, new BitSet(), new BitSet(), false, true, -1, Set.of(), List.of(5, 14));
        String svg = svg(legend);
        assertTrue(svg.contains(">2 nearest<") && svg.contains(">Activation space<"), "the legend names the rings");
        assertTrue(!svg(fitted).contains("nearest"), "no legend entry without rings");
    }

    @Test
    void theTwoLayersOfTheViewMakeTheExportedFigure() {
        EmbeddingFigure.State s = EmbeddingFigure.State.fitted(layout());
        int w = 400;
        int h = 300;
        BufferedImage whole = EmbeddingFigure.figure(s, w, h, 2).toImage();
        BufferedImage[] layers = EmbeddingFigure.layers(s, w, h, 2);
        assertEquals(whole.getWidth(), layers[0].getWidth());
        assertEquals(whole.getHeight(), layers[1].getHeight());
        java.awt.Graphics2D g = layers[0].createGraphics();
        g.drawImage(layers[1], 0, 0, null);
        g.dispose();
        long differing = 0;
        int inFrame = 0;
        for (int y = 0; y < whole.getHeight(); y++) {
            for (int x = 0; x < whole.getWidth(); x++) {
                int a = whole.getRGB(x, y);
                int b = layers[0].getRGB(x, y);
                int d = 0;
                for (int shift = 0; shift < 24; shift += 8) {
                    d = Math.max(d, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
                }
                differing += d > 2 ? 1 : 0;
                inFrame += (layers[1].getRGB(x, y) >>> 24) > 0 ? 1 : 0;
            }
        }
        assertEquals(0, differing, "points under frame and legend are the exported picture");
        assertTrue(inFrame > 1000, "the frame layer holds the frame, legend and caption: " + inFrame);
    }

    private static String svg(EmbeddingFigure.State s) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("embedding", ".svg");
            try {
                EmbeddingFigure.figure(s, 600, 500, 1).write(f);
                return java.nio.file.Files.readString(f);
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
