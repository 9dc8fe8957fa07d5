package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code fuzz}: a report line per parser, exit 0 without failures, 2 on a bad option. */
class FuzzCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void reportsEachParser() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "fuzz", "--target", "idx,npz", "--cases", "300", "--seconds", "20"),
                err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("IDX: 300 cases, ") && lines[0].contains(" 0 failures"), lines[0]);
        assertTrue(lines[1].startsWith("NPZ: 300 cases, ") && lines[1].contains(" 0 failures"), lines[1]);
    }

    @Test
    void unknownTargetExitsWithTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "fuzz", "--target", "jpeg"));
        assertTrue(err.toString().contains("Unknown fuzz target jpeg; use idx, npz or card."), err.toString());
    }
}
