package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.StoredModel;

/** train, export-npz, import-npz and bench through the real command line. */
class EngineCommandsTest {

    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void trainExportImportRoundTrip() {
        Path model = tmp.resolve("wt");
        CliRun train = run("train", "--method", "wt", "--group", "t3", "--epochs", "2", "--batch", "64",
                "--train-subset", "256", "--monitor-samples", "8", "--sigma-samples", "1", "--out", model.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.err().contains("epoch 1/2"), train.err());
        assertTrue(train.err().contains("epoch 2/2"), train.err());
        StoredModel m = ModelStore.load(model);
        assertEquals(ModelCard.COMPLETE, m.card().status());
        assertEquals(2, m.card().history().size());
        assertTrue(m.card().history().get(1).li() < 1e-9, "WT is invariant");

        Path npz = tmp.resolve("wt.npz");
        CliRun export = run("export-npz", model.toString(), "--out", npz.toString());
        assertEquals(0, export.status(), export.err());
        Map<String, NpyArray> arrays = Npz.read(npz);
        assertEquals(14, arrays.size());
        assertTrue(Files.exists(tmp.resolve("wt.json")));

        Path copy = tmp.resolve("copy");
        CliRun imp = run("import-npz", npz.toString(), "--out", copy.toString());
        assertEquals(0, imp.status(), imp.err());
        StoredModel c = ModelStore.load(copy);
        assertTrue(c.parameters().sameValues(m.parameters()));
        assertEquals(m.card().config(), c.card().config());
        assertEquals(m.card().normalization(), c.card().normalization());
        assertEquals(ModelCard.IMPORTED, c.card().status());
    }

    @Test
    void reproduceModelsRetrainsWithTheNuChosenInAnotherDirectoryAndRecordsEveryLayer() throws Exception {
        Path searches = tmp.resolve("searches");
        Files.createDirectories(searches);
        Files.writeString(searches.resolve("tmnist-r4-l2.json"), "{\"chosenNu\": 3.5}");
        Path out = tmp.resolve("retrained");
        CliRun r = run("reproduce-models", "--out", out.toString(), "--nu-dir", searches.toString(), "--groups", "r4",
                "--seeds", "0", "--regularizers", "l2", "--epochs", "1", "--eval-samples", "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("nu 3.5 for tmnist-r4-l2 (from " + searches.resolve("tmnist-r4-l2.json")), r.err());
        assertFalse(Files.exists(out.resolve("nu-tuning")), "no search of its own");
        for (String name : new String[] {"tmnist-r4-da-s0", "tmnist-r4-wt-s0", "tmnist-r4-ir-l2-s0"}) {
            ModelCard card = ModelStore.readCard(out.resolve(name));
            assertEquals(ModelCard.COMPLETE, card.status(), name);
            assertEquals(java.util.List.of("h1", "h2", "h3", "h4", "h5", "logits"),
                    java.util.List.copyOf(card.history().get(0).layerInvariance().keySet()), name);
        }
        assertEquals(3.5, ModelStore.readCard(out.resolve("tmnist-r4-ir-l2-s0")).config().nu());
    }

    @Test
    void badInputExitsWithTwoAndOneLine() {
        CliRun r = run("train", "--method", "xx", "--out", tmp.resolve("a").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unknown method 'xx'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = run("train", "--method", "da", "--epochs", "0", "--out", tmp.resolve("b").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("epochs must be"), r.err());

        r = run("export-npz", tmp.resolve("missing").toString(), "--out", tmp.resolve("x.npz").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not a model directory"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        r = run("import-npz", tmp.resolve("none.npz").toString(), "--out", tmp.resolve("c").toString());
        assertEquals(2, r.status());
    }

    @Test
    void benchRejectsARenderPointCountThatIsNotWholeOrbits() {
        CliRun r = run("bench", "--steps", "0", "--si-samples", "0", "--no-probe", "--tsne-points", "0",
                "--render-points", "402");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--render-points must be"), r.err());
    }

    @Test
    void benchPrintsNameValueUnitLines() {
        CliRun r = run("bench", "--batch", "32", "--steps", "3", "--warmup", "1", "--si-samples", "2",
                "--tsne-points", "120", "--render-points", "400");
        assertEquals(0, r.status(), r.err());
        for (String name : new String[] {"da-step", "ir-l2-step", "wt-step", "wt-step-over-gemm", "fill-batch",
            "si-2-samples-r4", "tsne-exact-120pts", "tsne-barnes-hut-120pts", "tsne-exact-over-barnes-hut-120pts",
            "render-embedding-400pts-x1", "render-embedding-400pts-x2"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(name + " [0-9.e+-]+ \\S+")), name + " in\n" + r.out());
        }
    }
}
