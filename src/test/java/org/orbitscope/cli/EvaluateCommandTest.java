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
    void badInputExitsWithTwo() {
        assertEquals(2, run("evaluate", tmp.resolve("missing").toString()).status());
        assertEquals(2, run("evaluate", seed1.toString(), "--format", "xml").status());
        assertEquals(2, run("evaluate", seed1.toString(), "--samples", "999999").status());
        assertEquals(2, run("drift", seed1.toString(), "--betas", "1.5").status());
    }
}
