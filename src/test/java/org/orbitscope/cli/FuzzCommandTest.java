package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code fuzz}: a report line per parser, exit 0 without failures, 2 on a bad option. */
class FuzzCommandTest {

    @Test
    void reportsEachParser() {
        CliRun r = CliRun.run("fuzz", "--cases", "100", "--seconds", "20");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(6, lines.length, r.out());
        String[] targets = {"IDX", "NPZ", "CARD", "ONNX", "IMPORT", "OUTPUT"};
        for (int i = 0; i < targets.length; i++) {
            assertTrue(lines[i].startsWith(targets[i] + ": 100 cases, ") && lines[i].contains(" 0 failures"),
                    lines[i]);
        }
    }

    @Test
    void unknownTargetExitsWithTwo() {
        CliRun r = CliRun.run("fuzz", "--target", "jpeg");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown fuzz target jpeg; use idx, npz, card, onnx, import or output."),
                r.err());
    }
}
