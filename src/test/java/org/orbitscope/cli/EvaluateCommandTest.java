package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.metrics.StoredEvaluation;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Network;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;

/** The evaluation commands on tiny models trained for one epoch. */
class EvaluateCommandTest {

    @TempDir
    static Path tmp;

    private static TransformingDataset data;
    private static Path seed1;
    private static Path seed2;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private static ModelConfig tiny(long seed) {
        return new ModelConfig(ModelKind.DA, "tmnist", "r4", 0, seed, 1, 64, 2e-3, Regularizer.L2, 1.0, Pooling.MAX,
                new int[] {1296, 16, 9}, 8, 1, 300);
    }

    @BeforeAll
    static void train() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
        seed1 = tmp.resolve("da-1");
        seed2 = tmp.resolve("da-2");
        new Trainer(tiny(1), data).train(seed1, new TrainingListener() { });
        new Trainer(tiny(2), data).train(seed2, new TrainingListener() { });
    }

    @Test
    void markdownHasOneRowPerModelAndASeedAggregate() {
        CliRun r = run("evaluate", seed1.toString(), seed2.toString(), "--samples", "5");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("| Model | Acc (%) | LI | DI | SI | SigmaMax |", lines[0]);
        assertTrue(lines[4].contains("mean ± std, 2 seeds"), lines[4]);
        assertTrue(lines[4].contains(" ± "), lines[4]);
        StoredModel m = ModelStore.load(seed1);
        assertTrue(m.card().metrics().containsKey("SI"), "metrics stored in the card");
        assertTrue(m.card().metrics().containsKey("evaluation"));
    }

    @Test
    void csvAndJsonCarryTheSameNumbersAsTheEvaluator() throws Exception {
        CliRun csv = run("evaluate", seed1.toString(), "--samples", "4", "--format", "csv");
        assertEquals(0, csv.status(), csv.err());
        String[] lines = csv.out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("model,dataset,group,samples,seeds,Acc,"));

        CliRun json = run("evaluate", seed1.toString(), "--samples", "4", "--format", "json");
        assertEquals(0, json.status(), json.err());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        JsonNode metrics = doc.get("rows").get(0).get("metrics");

        StoredModel m = ModelStore.load(seed1);
        float[] x = Evaluator.inputs(data.test(), 4, m.card().normalization());
        Evaluation e = Evaluator.evaluate(m.network(), x, Evaluator.labels(data.test(), 4), 4, m.card().config()
                .groupValue(), m.card().normalization(), SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        assertEquals(e.si(), metrics.get("SI").asDouble(), 0.0);
        assertEquals(e.li(), metrics.get("LI").asDouble(), 0.0);
        assertEquals(4, doc.get("rows").get(0).get("samples").asInt());
        String[] cells = lines[1].split(",");
        assertEquals(e.accuracy(), Double.parseDouble(cells[5]), 1e-5);
    }

    @Test
    void dumpHoldsTheInputsAndTheMetrics() throws Exception {
        Path dump = tmp.resolve("eval.npz");
        CliRun r = run("evaluate", seed1.toString(), "--samples", "3", "--format", "json", "--dump", dump.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, NpyArray> arrays = Npz.read(dump);
        assertArrayEquals(new int[] {3, 1296}, arrays.get("x").shape());
        assertArrayEquals(new int[] {3}, arrays.get("y").shape());
        StoredModel m = ModelStore.load(seed1);
        assertArrayEquals(Evaluator.inputs(data.test(), 3, m.card().normalization()), arrays.get("x").floats());
        assertArrayEquals(Evaluator.labels(data.test(), 3), arrays.get("y").ints());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("eval.json").toFile());
        assertEquals("r4", json.get("group").asText());
        assertEquals(3, json.get("perSample").get("SI").size());
        assertEquals(50, json.get("settings").get("steps").asInt());
        JsonNode printed = new ObjectMapper().readTree(r.out()).get("rows").get(0).get("metrics");
        assertEquals(printed.get("SI").asDouble(), json.get("metrics").get("SI").asDouble(), 0.0);
    }

    @Test
    void exportedAndReimportedWeightsGiveIdenticalMetrics() {
        StoredModel m = ModelStore.load(seed1);
        Path npz = tmp.resolve("export.npz");
        ModelStore.exportNpz(m, npz);
        Parameters back = ModelStore.fromArrays(Npz.read(npz), m.card().config().sizes(), npz.toString());
        float[] x = Evaluator.inputs(data.test(), 3, m.card().normalization());
        int[] y = Evaluator.labels(data.test(), 3);
        Evaluation a = Evaluator.evaluate(m.network(), x, y, 3, m.card().config().groupValue(),
                m.card().normalization(), SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        Evaluation b = Evaluator.evaluate(new Network(m.architecture(), back), x, y, 3,
                m.card().config().groupValue(), m.card().normalization(), SaliencySettings.DEFAULT, "tmnist",
                Evaluator.SILENT);
        assertEquals(a.asMap(), b.asMap());
        assertArrayEquals(a.perSample(Evaluation.SI), b.perSample(Evaluation.SI));
    }

    @Test
    void driftAndSpectralRun() {
        CliRun d = run("drift", seed1.toString(), "--samples", "3", "--betas", "0,0.5,1", "--format", "csv");
        assertEquals(0, d.status(), d.err());
        String[] lines = d.out().split("\n");
        assertEquals(4, lines.length);
        String[] first = lines[1].split(",");
        assertEquals(0.0, Double.parseDouble(first[1]));
        assertEquals(1.0, Double.parseDouble(first[3]), 0.0, "the accuracy ratio at beta 0 is 1");
        CliRun s = run("spectral", seed1.toString(), "--samples", "2");
        assertEquals(0, s.status(), s.err());
        assertTrue(s.out().contains("SigmaMax"));
    }

    @Test
    void driftReadsEachDatasetOfTheBlendFromItsOwnFolder() throws Exception {
        // a data root laid out like the shipped data/: mnist/ and fashion-mnist/
        Path root = tmp.resolve("data-root");
        java.nio.file.Files.createDirectories(root);
        for (DatasetId id : DatasetId.values()) {
            java.nio.file.Files.createSymbolicLink(root.resolve(id.directoryName()),
                    TransformingDataset.defaultDataDir(id));
        }
        String[] args = {"drift", seed1.toString(), "--samples", "20", "--betas", "0,1", "--format", "csv"};
        CliRun shipped = run(args);
        assertEquals(0, shipped.status(), shipped.err());
        String[] withRoot = java.util.Arrays.copyOf(args, args.length + 2);
        withRoot[args.length] = "--data-dir";
        withRoot[args.length + 1] = root.toString();
        CliRun r = run(withRoot);
        assertEquals(0, r.status(), r.err());
        assertEquals(shipped.out(), r.out(), "the same files give the same table");
        double ratioAtOne = Double.parseDouble(r.out().split("\n")[2].split(",")[3]);
        assertTrue(ratioAtOne < 0.9, "T-MNIST blended with T-FMNIST, not with itself: ratio " + ratioAtOne);

        // one dataset's folder given for both: refused in one line, not a ratio of 1 at every beta
        String[] same = java.util.Arrays.copyOf(args, args.length + 4);
        same[args.length] = "--mnist-dir";
        same[args.length + 1] = TransformingDataset.defaultDataDir(DatasetId.TMNIST).toString();
        same[args.length + 2] = "--fmnist-dir";
        same[args.length + 3] = TransformingDataset.defaultDataDir(DatasetId.TMNIST).toString();
        CliRun bad = run(same);
        assertEquals(2, bad.status(), bad.out());
        assertTrue(bad.err().contains("same content"), bad.err());
    }

    @Test
    void storedMetricsAreReusedOnlyForTheSameWeightsDataSamplesAndSettings() throws Exception {
        Path m = tmp.resolve("keyed");
        new Trainer(tiny(3), data).train(m, new TrainingListener() { });
        assertEquals(0, run("evaluate", m.toString(), "--samples", "4").status());
        org.orbitscope.model.ModelCard card = ModelStore.readCard(m);
        SaliencySettings s = SaliencySettings.DEFAULT;
        assertTrue(StoredEvaluation.evaluatedOn(card, data, 4, s));
        assertTrue(!StoredEvaluation.evaluatedOn(card, data, 5, s), "other samples");
        assertTrue(!StoredEvaluation.evaluatedOn(card, data, 4, s.withBoundary(SaliencySettings.Boundary.ZERO)),
                "other settings");
        TransformingDataset altered = TransformingDataset.load(DatasetId.TMNIST, 0,
                org.orbitscope.data.DataCopies.copy(DatasetId.TMNIST, tmp.resolve("altered-mnist"), true));
        assertTrue(!StoredEvaluation.evaluatedOn(card, altered, 4, s), "other data");
        assertTrue(!StoredEvaluation.evaluatedOn(card.withWeights("w.npz", "0".repeat(64)), data, 4, s),
                "other weights");
    }

    @Test
    void badInputExitsWithTwo() {
        assertEquals(2, run("evaluate", tmp.resolve("missing").toString()).status());
        assertEquals(2, run("evaluate", seed1.toString(), "--format", "xml").status());
        assertEquals(2, run("evaluate", seed1.toString(), "--samples", "999999").status());
        assertEquals(2, run("drift", seed1.toString(), "--betas", "1.5").status());
    }
}
