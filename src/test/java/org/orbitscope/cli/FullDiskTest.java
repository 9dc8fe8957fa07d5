package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs written onto a disk that fills up. A full disk is played by the shell's file-size limit
 * ({@code ulimit -f}): a write past it fails as on a full disk (here "File too large"), for any user, root
 * included, and on every run the same. Each command runs in a JVM of its own, so that what ImageIO's
 * shutdown hook prints is seen too. Expected: exit 2, one line, the old file intact, no temporary file.
 */
class FullDiskTest {

    private static final String MODEL = Path.of("models", "tmnist-r4-da-s0").toString();
    private static final byte[] OLD = "the previous result\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @BeforeEach
    void unixShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && !System.getProperty("os.name").startsWith("Windows"),
                "needs a POSIX shell for ulimit");
        // the native libraries are unpacked (into the JavaCPP cache) by this JVM, not under the limit
        CliRun warm = CliRun.run("embedding", MODEL, "--samples", "3", "--pca", "--out",
                tmp.resolve("warm.csv").toString());
        assertEquals(0, warm.status(), warm.err());
    }

    /** Runs the command line in a child JVM that may write at most {@code kilobytes} per file. */
    private String[] runWithFileLimit(int kilobytes, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -f " + kilobytes + " && exec \"$0\" \"$@\"",
                java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.orbitscope.app.Launcher"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("ORBITSCOPE_NO_RELAUNCH", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
        String[] result = {Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private void assertFailsCleanly(Path target, String[] run) throws Exception {
        String err = run[2];
        assertEquals("2", run[0], err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("java."), err);
        List<String> lines = err.strip().lines().toList();
        assertEquals("orbitscope: Could not write " + target + ": the file is larger than the disk or the file-size "
                + "limit allows.", lines.get(lines.size() - 1));
        assertArrayEquals(OLD, Files.readAllBytes(target), "the old file is intact");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(target.getFileName().toString(), "warm.csv"),
                    s.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void embeddingCsv() throws Exception {
        Path csv = Files.write(tmp.resolve("emb.csv"), OLD);
        // 50 samples x 4 elements: about 10 kB of CSV
        assertFailsCleanly(csv, runWithFileLimit(4, "embedding", MODEL, "--samples", "50", "--pca", "--out",
                csv.toString()));
    }

    @Test
    void pngFigure() throws Exception {
        Path png = Files.write(tmp.resolve("fig.png"), OLD);
        assertFailsCleanly(png, runWithFileLimit(16, "figure", "training", "--model", MODEL, "--out",
                png.toString()));
    }

    @Test
    void exportedWeights() throws Exception {
        Path npz = Files.write(tmp.resolve("m.npz"), OLD);
        assertFailsCleanly(npz, runWithFileLimit(64, "export-npz", MODEL, "--out", npz.toString()));
    }
}
