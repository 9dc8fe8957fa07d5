package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code profile}, {@code worst} and {@code figure profile} on shipped models through the real command line. */
class ProfileCommandTest {

    private static final String WT = Path.of("models", "tmnist-r4-wt-s0").toString();
    private static final String DA = Path.of("models", "tmnist-r4-da-s0").toString();
    private static final String T3 = Path.of("models", "tmnist-t3-wt-s0").toString();

    @TempDir
    Path tmp;

    private static void oneLineError(CliRun r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void oneCsvRowPerModelAndAngleAndTheWeightTiedModelIsExactOnlyAtQuarterTurns() {
        CliRun r = CliRun.run("profile", WT, DA, "--angles", "0:360:45", "--samples", "40", "--format", "csv");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals("model,angle,LI,DI,Acc", lines.get(0));
        assertEquals(1 + 2 * 8, lines.size(), r.out());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(5, f.length, line);
            int angle = Integer.parseInt(f[1]);
            double li = Double.parseDouble(f[2]);
            double acc = Double.parseDouble(f[4]);
            assertTrue(acc >= 0 && acc <= 1, line);
            if (f[0].equals("tmnist-r4-wt-s0")) {
                if (angle % 90 == 0) {
                    assertTrue(li <= 1e-9 && Double.parseDouble(f[3]) <= 1e-9, "exact at a group element: " + line);
                } else {
                    assertTrue(li > 1e-3, "not invariant between the elements: " + line);
                }
            } else {
                assertEquals("tmnist-r4-da-s0", f[0]);
                assertTrue(angle == 0 ? li == 0 : li > 1, line);
            }
        }
        assertTrue(r.err().contains("tmnist-r4-wt-s0: 40 samples x 8 angles"), r.err());
    }

    @Test
    void theDefaultGridFollowsTheGroupAndMarkdownJsonAndFileAgree() throws Exception {
        CliRun md = CliRun.run("profile", T3, "--samples", "20");
        assertEquals(0, md.status(), md.err());
        assertTrue(md.out().contains("| Model | Shift (px) | LI | DI | Acc (%) |"), md.out());
        assertEquals(36, md.out().lines().filter(l -> l.startsWith("| tmnist-t3-wt-s0 |")).count());
        assertEquals(3, md.out().lines().filter(l -> l.startsWith("| tmnist") && l.contains("(exact)")).count(),
                "0, 12 and 24 pixels");

        CliRun json = CliRun.run("profile", WT, "--samples", "20", "--format", "json");
        assertEquals(0, json.status(), json.err());
        JsonNode model = ModelStore.json().readTree(json.out()).get(0);
        assertEquals("r4", model.get("group").asText());
        assertEquals("rotation", model.get("transformation").asText());
        JsonNode points = model.get("points");
        assertEquals(72, points.size(), "0:360:5 by default for R4");
        assertEquals(90.0, points.get(18).get("angle").asDouble());
        assertEquals("90°", points.get(18).get("element").asText());
        assertTrue(points.get(9).get("element").isNull());

        Path file = tmp.resolve("p.csv");
        CliRun out = CliRun.run("profile", WT, "--samples", "20", "--angles", "0,45", "--format", "csv", "--out",
                file.toString());
        assertEquals(0, out.status(), out.err());
        assertTrue(out.out().contains("(2 rows)"), out.out());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals(points.get(9).get("LI").asDouble(), Double.parseDouble(lines.get(2).split(",")[2]), 0.0);
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        oneLineError(CliRun.run("profile", WT, T3, "--samples", "5"), "profile them separately");
        oneLineError(CliRun.run("profile", WT, "--angles", "0:90:5", "--shifts", "0:3:1"), "not both");
        oneLineError(CliRun.run("profile", WT, "--shifts", "0:4:0.5"), "whole pixels");
        oneLineError(CliRun.run("profile", WT, "--angles", "0:x:5"), "is not a number");
        oneLineError(CliRun.run("profile", WT, "--samples", "60000"), "exceeds");
        oneLineError(CliRun.run("profile", WT, "--format", "xml"), "Unknown format 'xml'");
        oneLineError(CliRun.run("worst", DA, "--by", "worst"), "Unknown ranking 'worst'");
        oneLineError(CliRun.run("worst", DA, "--by", "li", "--top", "0"), "--top must be >= 1");
        oneLineError(CliRun.run("worst", DA, "--by", "li", "--class", "9"), "--class must be between 0 and 8");
        oneLineError(CliRun.run("worst", DA), "--by");
        oneLineError(CliRun.run("figure", "profile", "--model", WT, "--out", tmp.resolve("f.gif").toString()), "");
    }

    @Test
    void worstRanksBySampleAndFiltersByClass() throws Exception {
        CliRun li = CliRun.run("worst", DA, "--by", "li", "--top", "5", "--samples", "60", "--format", "csv");
        assertEquals(0, li.status(), li.err());
        List<String> lines = li.out().strip().lines().toList();
        assertEquals("rank,sample,label,predicted,LI,DI,SI,misclassified,orbit,min_p_true,worst_element", lines.get(0));
        assertEquals(6, lines.size(), li.out());
        double previous = Double.POSITIVE_INFINITY;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double v = Double.parseDouble(f[4]);
            assertTrue(v <= previous, "largest LI first: " + li.out());
            previous = v;
            assertEquals("", f[6], "SI only when ranking by it");
            assertEquals("4", f[8]);
        }
        CliRun flip = CliRun.run("worst", DA, "--by", "flip", "--class", "3", "--samples", "200", "--format", "json");
        assertEquals(0, flip.status(), flip.err());
        JsonNode rows = ModelStore.json().readTree(flip.out()).get("rows");
        assertTrue(rows.size() > 0, flip.out());
        for (JsonNode row : rows) {
            assertEquals(3, row.get("label").asInt());
            assertTrue(row.get("misclassified").asInt() > 0);
        }
        CliRun wt = CliRun.run("worst", WT, "--by", "si", "--top", "3", "--samples", "8");
        assertEquals(0, wt.status(), wt.err());
        assertEquals(3, wt.out().lines().filter(l -> l.matches("\\| \\d \\|.*\\| 1\\.0000 \\|.*")).count(),
                "WT's SI is 1 on every sample: " + wt.out());
    }

    @Test
    void figureAsPngAndSvgNamesEveryModelAndTheFloor() throws Exception {
        Path png = tmp.resolve("profile.png");
        CliRun r = CliRun.run("figure", "profile", "--model", DA, "--model", WT, "--samples", "20", "--angles",
                "0:360:15", "--out", png.toString(), "--scale", "1");
        assertEquals(0, r.status(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1100, img.getWidth());
        Path svg = tmp.resolve("profile.svg");
        r = CliRun.run("figure", "profile", "--model", DA, "--model", WT, "--samples", "20", "--angles", "0:360:15",
                "--out", svg.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(svg);
        for (String s : new String[] {">DA<", ">WT<", ">270<", "Logit invariance error LI", "below 1e-9"}) {
            assertTrue(text.contains(s), s);
        }
        // WT at 0, 90, 180, 270 for LI and DI, DA at 0 for both
        assertTrue(text.contains("10 of the 96 LI and DI values are below 1e-9"), text.substring(0, 200));
    }
}
