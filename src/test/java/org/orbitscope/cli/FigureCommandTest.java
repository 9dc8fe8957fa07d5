package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;

/** {@code figure ...}: the format follows the file's extension; bad output settings fail before any work. */
class FigureCommandTest {

    @TempDir
    static Path tmp;

    private static Path model;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void train() {
        model = tmp.resolve("ir");
        new Trainer(new ModelConfig(ModelKind.IR, "tmnist", "r4", 0, 1, 2, 64, 2e-3, Regularizer.L2, 1.0,
                Pooling.MAX, new int[] {1296, 16, 9}, 8, 1, 192), TransformingDataset.load(DatasetId.TMNIST, 0))
                .train(model, new TrainingListener() { });
    }

    @Test
    void trainingFigureAsPngSvgAndPdf() throws Exception {
        Path png = tmp.resolve("t.png");
        CliRun r = run("figure", "training", "--model", model.toString(), "--out", png.toString(), "--scale", "2");
        assertEquals(0, r.status(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2200, img.getWidth());
        assertEquals(1520, img.getHeight());
        assertEquals("Wrote " + png + " (2200 x 1520 px).", r.out().strip());

        Path svg = tmp.resolve("t.svg");
        r = run("figure", "training", "--model", model.toString(), "--out", svg.toString(), "--scale", "4");
        assertEquals(0, r.status(), r.err());
        assertEquals("Wrote " + svg + " (1100 x 760 pt, vector).", r.out().strip(), "vectors ignore the scale");
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains(">Validation accuracy<"));

        Path pdf = tmp.resolve("t.pdf");
        r = run("figure", "training", "--model", model.toString(), "--out", pdf.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("%PDF-", new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void embeddingPanelsSideBySide() throws Exception {
        Path png = tmp.resolve("e.png");
        CliRun r = run("figure", "embedding", "--model", model.toString(), "--model", model.toString(),
                "--samples", "30", "--pca", "--out", png.toString(), "--scale", "1");
        assertEquals(0, r.status(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 520 + 12 + 132, img.getWidth(), "two panels, a gap and the legend");
        Path svg = tmp.resolve("e.svg");
        r = run("figure", "embedding", "--model", model.toString(), "--samples", "30",
                "--pca", "--out", svg.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(svg);
        assertTrue(text.contains(">Group element<") && text.contains("orbit/class distance ratio"), "legend and ratio");
    }

    @Test
    void badOutputSettingsExitWithTwoAndWriteNothing() {
        Path jpg = tmp.resolve("t.jpg");
        CliRun r = run("figure", "training", "--model", model.toString(), "--out", jpg.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(jpg + ": unknown figure format; use .png, .svg or .pdf."), r.err());
        assertFalse(Files.exists(jpg));

        r = run("figure", "drift", "--model", model.toString(), "--out", tmp.resolve("d.png").toString(),
                "--scale", "3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--scale must be 1, 2 or 4, got 3.0."), r.err());
    }

    @Test
    void saliencyLayoutColumnsAndLabels() throws Exception {
        Path png = tmp.resolve("s.png");
        CliRun r = run("figure", "saliency", "--model", model.toString(), "--model", model.toString(), "--rows", "2",
                "--layout", "side-by-side", "--columns", "2", "--labels", "name", "--out", png.toString(),
                "--scale", "1");
        assertEquals(0, r.status(), r.err());
        BufferedImage two = ImageIO.read(png.toFile());
        r = run("figure", "saliency", "--model", model.toString(), "--model", model.toString(), "--rows", "2",
                "--layout", "side-by-side", "--columns", "1", "--out", png.toString(), "--scale", "1");
        assertEquals(0, r.status(), r.err());
        BufferedImage one = ImageIO.read(png.toFile());
        assertTrue(two.getWidth() > one.getWidth() && two.getHeight() < one.getHeight(),
                "two columns: wider and lower");
        r = run("figure", "saliency", "--model", model.toString(), "--layout", "diagonal", "--out", png.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown layout 'diagonal': expected stacked or side-by-side."), r.err());
        r = run("figure", "saliency", "--model", model.toString(), "--columns", "9", "--out", png.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--columns must be between 1 and 8, got 9."), r.err());
    }
}
