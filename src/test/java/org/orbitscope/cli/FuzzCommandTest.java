package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code fuzz}: a report line per parser, exit 0 without failures, 2 on a bad option. */
class FuzzCommandTest {

    @Test
    void reportsEachParser() {
        CliRun r = CliRun.run("fuzz", "--target", "idx,npz", "--cases", "300", "--seconds", "20");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("IDX: 300 cases, ") && lines[0].contains(" 0 failures"), lines[0]);
        assertTrue(lines[1].startsWith("NPZ: 300 cases, ") && lines[1].contains(" 0 failures"), lines[1]);
    }

    @Test
    void unknownTargetExitsWithTwo() {
        CliRun r = CliRun.run("fuzz", "--target", "jpeg");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown fuzz target jpeg; use idx, npz, card or onnx."), r.err());
    }
}
