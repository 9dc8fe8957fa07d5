package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embedding}: bad settings and missing models fail with a one-line message and exit code 2. */
class EmbeddingCommandTest {

    @TempDir
    Path tmp;

    private int run(StringWriter err, String... args) {
        return Cli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void refusesAPerplexityOutOfRange() {
        StringWriter err = new StringWriter();
        int code = run(err, "embedding", tmp.toString(), "--perplexity", "500", "--out",
                tmp.resolve("e.csv").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().contains("perplexity"), err.toString());
    }

    @Test
    void refusesAnUnknownMethod() {
        StringWriter err = new StringWriter();
        int code = run(err, "embedding", tmp.toString(), "--method", "fast", "--out", tmp.resolve("e.csv").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().contains("exact, barnes-hut, fft or auto"), err.toString());
    }

    @Test
    void refusesAMissingModel() {
        StringWriter err = new StringWriter();
        int code = run(err, "embedding", tmp.resolve("nope").toString(), "--out", tmp.resolve("e.csv").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().startsWith("orbitscope: "), err.toString());
    }
}
