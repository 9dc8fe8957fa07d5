package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

/** One drawing, three outputs: PNG pixels, SVG and PDF vectors. */
class FigureTest {

    @TempDir
    Path tmp;

    private static Figure sample(List<Boolean> vectorSeen) {
        return new Figure(300, 200, g -> {
            vectorSeen.add(Figure.isVector(g));
            LinePlot p = new LinePlot("Loss", "epoch", "loss");
            p.add(new LinePlot.Series("run", new double[] {0, 1, 2}, new double[] {2, 1, 0.5}, Color.BLUE,
                    LinePlot.Dash.SOLID, 1.5f, false));
            p.draw(g, 0, 0, 300, 200, 1);
        });
    }

    @Test
    void formatsFollowTheExtension() {
        assertEquals(Figure.Format.PNG, Figure.Format.of(Path.of("a.PNG")));
        assertEquals(Figure.Format.SVG, Figure.Format.of(Path.of("dir", "fig.svg")));
        assertEquals(Figure.Format.PDF, Figure.Format.of(Path.of("fig.pdf")));
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> Figure.Format.of(Path.of("fig.jpg")));
        assertEquals("fig.jpg: unknown figure format; use .png, .svg or .pdf.", e.getMessage());
    }

    @Test
    void theSameDrawingGivesPngSvgAndPdf() throws Exception {
        List<Boolean> vector = new ArrayList<>();
        Figure f = sample(vector);
        f.write(tmp.resolve("f.png"));
        f.write(tmp.resolve("f.svg"));
        f.write(tmp.resolve("f.pdf"));
        assertEquals(List.of(false, true, true), vector, "only SVG and PDF surfaces are marked as vectors");

        BufferedImage img = ImageIO.read(tmp.resolve("f.png").toFile());
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());
        assertEquals(0xffffff, img.getRGB(1, 1) & 0xffffff, "white background");

        String svg = Files.readString(tmp.resolve("f.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("width='300.0'") && svg.contains("height='200.0'"),
                svg.substring(0, 300));
        assertTrue(svg.contains(">Loss<"), "text stays text");
        assertFalse(svg.contains("<image"), "lines stay lines, no embedded bitmap");

        byte[] pdf = Files.readAllBytes(tmp.resolve("f.pdf"));
        String head = new String(pdf, 0, 8, StandardCharsets.US_ASCII);
        assertTrue(head.startsWith("%PDF-"), head);
        String body = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("/MediaBox [0 0 300 200]") || body.contains("/MediaBox [0.0 0.0 300.0 200.0]"),
                "page size in points");
        assertFalse(body.contains("/Type /Font"), "glyphs are outlines, so Greek letters need no PDF font");
    }

    @Test
    void absurdSizesAreRefused() {
        assertThrows(OrbitscopeException.class, () -> new Figure(0, 10, g -> { }));
        assertThrows(OrbitscopeException.class, () -> new Figure(100_000, 100_000, g -> { }));
    }
}
