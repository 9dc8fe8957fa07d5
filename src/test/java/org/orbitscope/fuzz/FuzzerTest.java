package org.orbitscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of mutated files per parser within seconds: each parses into a consistent result or fails with
 * our own error naming the file, none throws anything else or hangs. {@code orbitscope fuzz} runs longer.
 */
class FuzzerTest {

    @TempDir
    Path tmp;

    private void check(Fuzzer.Target target, int cases) {
        Fuzzer.Report r = new Fuzzer(tmp).run(target, 20240611L, cases, 60_000);
        assertEquals(cases, r.cases(), r.summary());
        assertEquals(0, r.failureCount(), () -> r.summary() + "; first: " + r.failures().get(0).problem());
        assertTrue(r.parsed() > 0, "some harmless mutations still parse: " + r.summary());
        assertTrue(r.rejected() > cases / 3, "most mutations are caught: " + r.summary());
    }

    @Test
    void idxFilesRawAndGzip() {
        check(Fuzzer.Target.IDX, 5000);
    }

    @Test
    void npzArchives() {
        check(Fuzzer.Target.NPZ, 5000);
    }

    @Test
    void modelCardsWithTheirWeights() {
        check(Fuzzer.Target.CARD, 1500);
    }

    @Test
    void onnxModelsThroughTheReaderTheChecksAndOnePass() {
        check(Fuzzer.Target.ONNX, 3000);
    }

    @Test
    void importNpzWithItsCard() {
        check(Fuzzer.Target.IMPORT, 1000);
    }

    @Test
    void outputsOntoADiskThatFailsAtARandomByte() {
        check(Fuzzer.Target.OUTPUT, 600);
    }

    @Test
    void mutationsChangeTheFileAndRepeatWithTheSeed() {
        byte[] seed = new byte[40];
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            byte[] x = Fuzzer.mutate(seed, a);
            if (!java.util.Arrays.equals(seed, x)) {
                changed++;
            }
            assertTrue(java.util.Arrays.equals(x, Fuzzer.mutate(seed, b)), "the same seed gives the same cases");
        }
        assertTrue(changed > 190, changed + " of 200 mutations changed the file");
    }
}
