package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;

/** {@code import-onnx}, then the inspection commands on the imported model; errors in one line. */
class ImportOnnxCommandTest {

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws Exception {
        return Path.of(ImportOnnxCommandTest.class.getResource("/org/orbitscope/model/onnx/" + name).toURI());
    }

    @Test
    void anImportedCnnIsEvaluatedAndDrawnLikeAnyModel() throws Exception {
        Path dir = tmp.resolve("cnn");
        CliRun r = CliRun.run("import-onnx", fixture("cnn.onnx").toString(), "--group", "r4", "--dataset", "tmnist",
                "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Softmax was dropped"), r.out());
        ModelCard card = ModelStore.readCard(dir);
        assertEquals("onnx", card.source().get("format"));
        assertEquals(13L, ((Number) card.source().get("opset")).longValue());
        assertTrue(card.source().get("producer").toString().startsWith("pytorch"), card.source().toString());
        assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));

        CliRun e = CliRun.run("evaluate", dir.toString(), "--samples", "6", "--format", "csv");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().startsWith("model,"), e.out());
        assertTrue(ModelStore.readCard(dir).metrics().containsKey("SI"), "metrics stored in the card");
        CliRun f = CliRun.run("figure", "saliency", "--model", dir.toString(), "--rows", "2", "--out",
                tmp.resolve("s.png").toString());
        assertEquals(0, f.status(), f.err());
        CliRun s = CliRun.run("spectral", dir.toString(), "--samples", "2");
        assertEquals(0, s.status(), s.err());
        CliRun x = CliRun.run("export-npz", dir.toString(), "--out", tmp.resolve("w.npz").toString());
        assertEquals(2, x.status(), "an ONNX graph has no .npz weights");
        assertTrue(x.err().contains("ONNX"), x.err());
    }

    @Test
    void whatCannotBeImportedIsOneLineAndExitTwo() throws Exception {
        CliRun r = CliRun.run("import-onnx", fixture("unsupported.onnx").toString(), "--group", "r4", "--dataset",
                "tmnist", "--out", tmp.resolve("u").toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("Hardmax") && r.err().contains("the_hardmax"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("u").resolve("model.json")), "nothing written");
        CliRun missing = CliRun.run("import-onnx", tmp.resolve("none.onnx").toString(), "--group", "r4",
                "--dataset", "tmnist", "--out", tmp.resolve("v").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("none.onnx"), missing.err());
        CliRun layout = CliRun.run("import-onnx", fixture("cnn.onnx").toString(), "--group", "r4", "--dataset",
                "tmnist", "--input-layout", "sideways", "--out", tmp.resolve("w").toString());
        assertEquals(2, layout.status());
    }
}
