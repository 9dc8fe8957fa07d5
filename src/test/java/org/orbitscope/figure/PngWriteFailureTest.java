package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PNG whose stream fails (a full disk) reports the disk and nothing else: ImageIO's default file cache
 * left an unclosed stream behind that its shutdown hook then closed, printing a NullPointerException trace
 * from the "StreamCloser" thread as the program exited. Runs in a JVM of its own to see that exit.
 */
class PngWriteFailureTest {

    @TempDir
    Path tmp;

    @Test
    void aFailingStreamIsReportedOnceAndTheJvmExitsQuietly() throws Exception {
        for (int room : new int[] {0, 10, 70_000}) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path out = tmp.resolve("out.txt");
            Path err = tmp.resolve("err.txt");
            Process p = new ProcessBuilder(List.of(java, "-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                    PngOntoAFailingStream.class.getName(), Integer.toString(room)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("failed: the disk is full", Files.readString(out).strip(), Files.readString(err));
            assertEquals("", Files.readString(err), "nothing on stderr, no trace from ImageIO's shutdown hook");
            assertEquals(0, p.exitValue());
            try (var files = Files.list(tmp)) {
                assertEquals(2, files.count(), "no image cache file is left in the temporary folder");
            }
        }
    }
}
