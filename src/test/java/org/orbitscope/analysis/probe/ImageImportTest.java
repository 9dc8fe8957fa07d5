package org.orbitscope.analysis.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

/** Drawings and image files framed at the dataset's geometry. */
class ImageImportTest {

    @TempDir
    Path tmp;

    /** A white picture 100 x 60 with a black 40 x 20 rectangle at (10, 10): a dark object on paper. */
    private static BufferedImage rectangleOnPaper(int type) {
        BufferedImage img = new BufferedImage(100, 60, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 60);
        g.setColor(Color.BLACK);
        g.fillRect(10, 10, 40, 20);
        g.dispose();
        return img;
    }

    private Path write(BufferedImage img, String name, String format) throws Exception {
        Path p = tmp.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()));
        return p;
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void aDarkObjectOnPaperIsInvertedScaledIntoTheBoxAndCentredByItsMass() throws Exception {
        float[] x = ImageImport.load(write(rectangleOnPaper(BufferedImage.TYPE_INT_RGB), "r.png", "png"),
                DigitGeometry.MNIST);
        assertEquals(36 * 36, x.length);
        // 40 x 20 scaled by 20/40 to 20 x 10; centre of mass (4.5, 9.5) moved to 13.5: rows 9..18, columns 4..23
        // of the 28 x 28 field, i.e. rows 13..22 and columns 8..27 after the 4-pixel padding
        for (int r = 0; r < 36; r++) {
            for (int c = 0; c < 36; c++) {
                boolean inside = r >= 13 && r <= 22 && c >= 8 && c <= 27;
                assertEquals(inside ? 1f : 0f, x[r * 36 + c], "pixel (" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void fashionGeometryFillsTheFieldAndCentresTheBox() {
        float[] x = ImageImport.prepare(ImageImport.grey(rectangleOnPaper(BufferedImage.TYPE_INT_RGB)),
                DigitGeometry.FASHION);
        // 40 x 20 scaled by 28/40 to 28 x 14, centred: rows 7..20 of the field, all 28 columns
        assertEquals(28 * 14, sum(x), 1e-3);
        assertEquals(1f, x[(4 + 7) * 36 + 4]);
        assertEquals(1f, x[(4 + 20) * 36 + 31]);
        assertEquals(0f, x[(4 + 6) * 36 + 10]);
        assertEquals(0f, x[(4 + 21) * 36 + 10]);
    }

    @Test
    void aJpegOfTheSamePictureGivesNearlyTheSameInput() throws Exception {
        float[] png = ImageImport.load(write(rectangleOnPaper(BufferedImage.TYPE_INT_RGB), "r.png", "png"),
                DigitGeometry.MNIST);
        float[] jpg = ImageImport.load(write(rectangleOnPaper(BufferedImage.TYPE_INT_RGB), "r.jpg", "jpg"),
                DigitGeometry.MNIST);
        double diff = 0;
        for (int i = 0; i < png.length; i++) {
            diff += Math.abs(png[i] - jpg[i]);
        }
        assertTrue(diff < 0.1 * sum(png), "JPEG artefacts only: L1 difference " + diff);
    }

    @Test
    void transparentBackgroundsCountAsPaperAndBrightObjectsOnDarkAreKept() {
        BufferedImage alpha = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = alpha.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(20, 5, 6, 40);
        g.dispose();
        BufferedImage dark = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        g = dark.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(20, 5, 6, 40);
        g.dispose();
        float[] a = ImageImport.prepare(ImageImport.grey(alpha), DigitGeometry.MNIST);
        float[] b = ImageImport.prepare(ImageImport.grey(dark), DigitGeometry.MNIST);
        assertArrayEquals(a, b);
        assertEquals(3 * 20, sum(a), 1e-3, "a 6 x 40 bar becomes 3 x 20");
    }

    @Test
    void aBlankPictureGivesTheBlackImage() {
        BufferedImage white = new BufferedImage(30, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 30, 30);
        g.dispose();
        float[] x = ImageImport.prepare(ImageImport.grey(white), DigitGeometry.MNIST);
        assertTrue(ImageImport.isBlank(x));
        assertTrue(ImageImport.isBlank(ImageImport.prepare(new ImageImport.Grey(4, 4, new float[16]),
                DigitGeometry.MNIST)));
    }

    @Test
    void resizingAveragesAreasWhenShrinkingAndInterpolatesWhenGrowing() {
        assertArrayEquals(new float[] {0.5f, 0.5f}, ImageImport.resize(new float[] {1, 0, 0, 1}, 4, 1, 2, 1));
        assertArrayEquals(new float[] {0.75f, 0.25f}, ImageImport.resize(new float[] {1, 0.5f, 0, 0.5f}, 4, 1, 2, 1));
        // 3 -> 2: output 0 covers [0, 1.5): (1 * a + 0.5 * b) / 1.5
        assertArrayEquals(new float[] {(3 + 0.5f * 6) / 1.5f, (0.5f * 6 + 9) / 1.5f},
                ImageImport.resize(new float[] {3, 6, 9}, 3, 1, 2, 1), 1e-6f);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, ImageImport.resize(new float[] {0, 1}, 2, 1, 4, 1));
    }

    @Test
    void filesThatAreNotImagesAreRefusedWithTheirName() throws Exception {
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> ImageImport.load(text, DigitGeometry.MNIST));
        assertTrue(e.getMessage().startsWith(text.toString()) && e.getMessage().contains("not an image"),
                e.getMessage());
        Path missing = tmp.resolve("missing.png");
        e = assertThrows(OrbitscopeException.class, () -> ImageImport.load(missing, DigitGeometry.MNIST));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        byte[] png = Files.readAllBytes(write(rectangleOnPaper(BufferedImage.TYPE_INT_RGB), "r.png", "png"));
        Path cut = tmp.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(png, png.length / 3));
        e = assertThrows(OrbitscopeException.class, () -> ImageImport.load(cut, DigitGeometry.MNIST));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }

    @Test
    void aForgedHugeHeaderIsRefusedBeforeDecoding() throws Exception {
        byte[] png = Files.readAllBytes(write(rectangleOnPaper(BufferedImage.TYPE_INT_RGB), "r.png", "png"));
        // the IHDR width and height are the big-endian ints at bytes 16 and 20
        byte[] forged = png.clone();
        int big = 100_000;
        for (int at : new int[] {16, 20}) {
            forged[at] = (byte) (big >>> 24);
            forged[at + 1] = (byte) (big >>> 16);
            forged[at + 2] = (byte) (big >>> 8);
            forged[at + 3] = (byte) big;
        }
        Path f = tmp.resolve("huge.png");
        Files.write(f, forged);
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> ImageImport.load(f, DigitGeometry.MNIST));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
}
