package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output of the command line to a place it cannot write (a path through a file, an existing folder):
 * exit 2 with one sentence naming the file and the reason, before any long work, and nothing left behind.
 * The full disk is {@link FullDiskTest}.
 */
class OutputFilesTest {

    private static final String MODEL = Path.of("models", "tmnist-r4-da-s0").toString();

    @TempDir
    Path tmp;

    private Path blocker;

    @BeforeEach
    void aFileInTheWay() throws Exception {
        blocker = Files.writeString(tmp.resolve("notes.txt"), "not a folder");
    }

    /** Checks the rule and returns the one line. */
    private String refused(String... args) throws Exception {
        CliRun r = CliRun.run(args);
        assertEquals(2, r.status(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line and no progress before it: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("orbitscope: Could not write "), line);
        assertFalse(line.contains("Exception") || line.contains("java.") || line.contains("javax."), line);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("notes.txt"), s.map(p -> p.getFileName().toString()).sorted()
                    .filter(n -> !n.equals("copy")).toList(), "nothing written");
        }
        return line;
    }

    private String through(String name) {
        return blocker.resolve(name).toString();
    }

    @Test
    void embeddingCsv() throws Exception {
        String line = refused("embedding", MODEL, "--samples", "20", "--pca", "--out", through("e.csv"));
        assertEquals("orbitscope: Could not write " + through("e.csv") + ": " + blocker + " is a file, not a folder.",
                line);
        Path folder = Files.createDirectory(tmp.resolve("copy"));
        assertEquals("orbitscope: Could not write " + folder + ": it is a folder.",
                refused("embedding", MODEL, "--samples", "20", "--pca", "--out", folder.toString()));
    }

    @Test
    void figuresInEveryFormat() throws Exception {
        for (String name : List.of("f.png", "f.svg", "f.pdf")) {
            String line = refused("figure", "training", "--model", MODEL, "--out", through(name));
            assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
        }
    }

    @Test
    void profileTableAndFigure() throws Exception {
        String line = refused("profile", MODEL, "--samples", "20", "--format", "csv", "--out", through("p.csv"));
        assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
        Path folder = Files.createDirectory(tmp.resolve("copy"));
        assertEquals("orbitscope: Could not write " + folder + ": it is a folder.",
                refused("profile", MODEL, "--samples", "20", "--out", folder.toString()));
        for (String name : List.of("f.png", "f.svg", "f.pdf")) {
            line = refused("figure", "profile", "--model", MODEL, "--samples", "20", "--out", through(name));
            assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
        }
    }

    @Test
    void exportedWeightsAndTheirCard() throws Exception {
        String line = refused("export-npz", MODEL, "--out", through("m.npz"));
        assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
    }

    @Test
    void evaluationDumpFailsBeforeTheEvaluation() throws Exception {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (Stream<Path> s = Files.list(Path.of(MODEL))) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        String line = refused("evaluate", copy.toString(), "--samples", "10", "--dump", through("d.npz"));
        assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
    }

    @Test
    void aFolderThatCannotBeMadeIsOneLineToo() throws Exception {
        CliRun r = CliRun.run("reproduce-models", "--out", through("models"));
        assertEquals(2, r.status(), r.err());
        assertEquals("orbitscope: " + blocker + " is a file, not a folder.", r.err().strip());
    }

    @Test
    void saliencyMapsBesideTheFigure() throws Exception {
        String line = refused("figure", "saliency", "--model", MODEL, "--rows", "1", "--out",
                tmp.resolve("s.png").toString(), "--maps", through("maps.npz"));
        assertTrue(line.endsWith(blocker + " is a file, not a folder."), line);
    }
}
