package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelStore;

/** {@code layers} and {@code figure layers} on shipped models through the real command line. */
class LayersCommandTest {

    private static final String WT = Path.of("models", "tmnist-r4-wt-s0").toString();
    private static final String DA = Path.of("models", "tmnist-r4-da-s0").toString();

    @TempDir
    Path tmp;

    @Test
    void oneCsvRowPerModelAndLayer() {
        CliRun r = CliRun.run("layers", WT, DA, "--samples", "60", "--format", "csv");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertTrue(lines.get(0).startsWith("model,layer,units,invariance,"), lines.get(0));
        assertEquals(1 + 2 * 6, lines.size(), r.out());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double v = Double.parseDouble(f[3]);
            assertEquals(f[1].equals("logits") ? "9" : "128", f[2], line);
            if (f[0].equals("tmnist-r4-wt-s0")) {
                assertTrue(v <= 1e-9, "WT is invariant in every layer: " + line);
            } else {
                assertEquals("tmnist-r4-da-s0", f[0]);
                assertTrue(v > 1e-3 && v <= 1, "DA is not: " + line);
            }
            assertEquals("total", f[8]);
            assertEquals("60", f[9]);
        }
        assertTrue(r.err().contains("tmnist-r4-da-s0: 60 samples x 4 group elements"), r.err());
    }

    @Test
    void markdownAndJsonCarryTheSameValues() throws Exception {
        CliRun md = CliRun.run("layers", DA, "--samples", "40", "--normalization", "per-element");
        assertEquals(0, md.status(), md.err());
        assertTrue(md.out().contains("orbit variance / variance over samples per group element"), md.out());
        assertTrue(md.out().contains("| Model | Layer | Units | Invariance |"), md.out());
        assertEquals(6, md.out().lines().filter(l -> l.startsWith("| tmnist-r4-da-s0 |")).count());

        CliRun json = CliRun.run("layers", DA, "--samples", "40", "--normalization", "per-element", "--format",
                "json");
        assertEquals(0, json.status(), json.err());
        JsonNode model = ModelStore.json().readTree(json.out()).get(0);
        assertEquals("per-element", model.get("normalization").asText());
        JsonNode h1 = model.get("layers").get(0);
        assertEquals("h1", h1.get("layer").asText());
        assertEquals(128, h1.get("perUnit").size());
        String mdH1 = md.out().lines().filter(l -> l.startsWith("| tmnist-r4-da-s0 | h1 |")).findFirst().orElseThrow();
        assertEquals(Double.parseDouble(mdH1.split("\\|")[4].strip()), h1.get("invariance").asDouble(), 1e-5);
    }

    @Test
    void badSettingsExitWithTwoAndOneLine() {
        CliRun r = CliRun.run("layers", DA, "--normalization", "std");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown normalization 'std': expected total, per-element or none."), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = CliRun.run("layers", DA, "--samples", "60000");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("exceeds"), r.err());
    }

    @Test
    void figureAsPngAndSvgNamesEveryModelAndLayer() throws Exception {
        Path png = tmp.resolve("layers.png");
        CliRun r = CliRun.run("figure", "layers", "--model", WT, "--model", DA, "--samples", "40", "--out",
                png.toString(), "--scale", "1");
        assertEquals(0, r.status(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1100, img.getWidth());
        Path svg = tmp.resolve("layers.svg");
        r = CliRun.run("figure", "layers", "--model", WT, "--model", DA, "--samples", "40", "--out", svg.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(svg);
        for (String s : new String[] {">tmnist-r4-wt-s0<", ">tmnist-r4-da-s0<", ">h5 (128)<", ">logits (9)<",
            "Mean over units, per layer"}) {
            assertTrue(text.contains(s), s);
        }
        assertFalse(text.contains("over training"), "the shipped cards predate the per-layer history");
    }
}
