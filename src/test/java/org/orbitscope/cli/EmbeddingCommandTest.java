package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitPurity;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/**
 * {@code embedding}: bad settings and missing models fail with a one-line message and exit code 2; the orbit
 * purity line follows the distance ratio.
 */
class EmbeddingCommandTest {

    private static final Path MODEL = Path.of("models", "tmnist-r4-da-s0");

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
        assertTrue(err.toString().contains("exact, barnes-hut, fft, auto or umap"), err.toString());
    }

    @Test
    void refusesAMissingModel() {
        StringWriter err = new StringWriter();
        int code = run(err, "embedding", tmp.resolve("nope").toString(), "--out", tmp.resolve("e.csv").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().startsWith("orbitscope: "), err.toString());
    }

    @Test
    void printsOrbitPurityAfterTheDistanceRatio() {
        CliRun r = CliRun.run("embedding", MODEL.toString(), "--samples", "30", "--pca", "--purity-k", "5", "--out",
                tmp.resolve("e.csv").toString());
        assertEquals(0, r.status(), r.err());
        String[] all = r.out().split("\\R");
        assertEquals(3, all.length, r.out());
        assertTrue(all[0].matches("PCA: PC1 [0-9.]+%, PC2 [0-9.]+% of the variance"), all[0]);
        String[] lines = java.util.Arrays.copyOfRange(all, 1, 3);
        assertTrue(lines[0].startsWith("orbit/class distance ratio: "), lines[0]);
        StoredModel m = ModelStore.load(MODEL);
        TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                m.card().config().splitSeed());
        OrbitEmbedder e = OrbitEmbedder.forModel(m, data, 30, EmbeddingListener.NONE);
        OrbitPurity.Result expected = OrbitPurity.of(e.activations(), e.pca(), 5);
        assertEquals(expected.summary(), lines[1]);
        assertTrue(lines[1].startsWith("orbit purity@5: activations ") && lines[1].endsWith(
                "best possible orbit share 0.600"), lines[1]);
    }

    @Test
    void refusesAPurityKAsLargeAsThePointCount() {
        StringWriter err = new StringWriter();
        int code = run(err, "embedding", MODEL.toString(), "--samples", "3", "--pca", "--purity-k", "12", "--out",
                tmp.resolve("e.csv").toString());
        assertEquals(Cli.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().contains("--purity-k must be between 1 and the number of points - 1 = 11"),
                err.toString());
    }

    /** UMAP: the layout of the API (same seed, same CSV), no KL line, the ratio named after it; pca as a method. */
    @Test
    void umapWritesTheSameLayoutAsTheApiAndNoKl() throws Exception {
        Path csv = tmp.resolve("u.csv");
        CliRun r = CliRun.run("embedding", MODEL.toString(), "--samples", "40", "--method", "umap", "--epochs", "30",
                "--seed", "4", "--out", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(!r.out().contains("KL"), r.out());
        assertTrue(r.out().contains("in the UMAP layout"), r.out());
        assertTrue(r.err().contains("UMAP of 160 points, 30 epochs"), r.err());
        StoredModel m = ModelStore.load(MODEL);
        TransformingDataset data = TransformingDataset.load(m.card().config().datasetValue(),
                m.card().config().splitSeed());
        OrbitEmbedder e = OrbitEmbedder.forModel(m, data, 40, EmbeddingListener.NONE);
        org.orbitscope.analysis.embedding.OrbitEmbedding u = e.umap(
                new org.orbitscope.analysis.embedding.umap.UmapSettings(15, 0.1, 1, 30, 5, 4), EmbeddingListener.NONE);
        java.util.List<String> rows = java.nio.file.Files.readAllLines(csv);
        assertEquals(161, rows.size());
        String[] first = rows.get(1).split(",");
        assertEquals(u.points().get(0).x(), Double.parseDouble(first[first.length - 2]), 1e-9);
        assertEquals(u.points().get(0).y(), Double.parseDouble(first[first.length - 1]), 1e-9);
        CliRun p = CliRun.run("embedding", MODEL.toString(), "--samples", "10", "--method", "pca", "--out",
                tmp.resolve("p.csv").toString());
        assertEquals(0, p.status(), p.err());
        assertTrue(p.out().contains("in the PCA layout"), p.out());
    }
}
