package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;

class DataInfoCommandTest {

    /** Exit status, standard output and standard error of one command line. */
    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void printsTheDatasetAsJson() throws Exception {
        CliRun r = run("data", "info", "--dataset", "tmnist", "--split-seed", "4");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        TransformingDataset expected = TransformingDataset.load(DatasetId.TMNIST, 4);
        assertEquals("tmnist", json.get("dataset").asText());
        assertEquals("T-MNIST", json.get("name").asText());
        assertEquals(9, json.get("classes").asInt());
        assertEquals(9, json.get("classNames").size());
        assertEquals(4, json.get("splitSeed").asLong());
        assertEquals(Path.of("data", "mnist").toAbsolutePath().toString(), json.get("dataDirectory").asText());
        int[] sizes = {10_000, 2_000, 50_000};
        String[] names = {"train", "validation", "test"};
        for (int k = 0; k < 3; k++) {
            JsonNode split = json.get("splits").get(names[k]);
            assertEquals(sizes[k], split.get("samples").asInt());
            int sum = 0;
            for (int c = 0; c < 9; c++) {
                sum += split.get("classCounts").get(c).asInt();
            }
            assertEquals(sizes[k], sum);
            assertEquals(9, split.get("classCounts").size());
        }
        JsonNode trainCounts = json.get("splits").get("train").get("classCounts");
        assertEquals(expected.train().classCounts()[3], trainCounts.get(3).asInt());
        assertEquals(expected.normalization().mean(), json.get("normalization").get("mean").floatValue());
        assertEquals(expected.normalization().std(), json.get("normalization").get("std").floatValue());
    }

    @Test
    void readsAnotherDirectory() throws Exception {
        CliRun r = run("data", "info", "--dataset", "TFMNIST", "--dir", "data/fashion-mnist");
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("tfmnist", json.get("dataset").asText());
        assertEquals(0, json.get("splitSeed").asLong());
        assertTrue(json.get("normalization").get("mean").asDouble() > 0.1);
    }

    @Test
    void badInputExitsWithTwoAndOneLine(@TempDir Path empty) {
        for (String[] args : new String[][] {
            {"data", "info", "--dataset", "cifar10"},
            {"data", "info", "--dataset", "tmnist", "--dir", empty.toString()},
            {"data", "info", "--dataset", "tmnist", "--dir", empty.resolve("missing").toString()},
            {"data", "info", "--dataset", "tmnist", "--split-seed", "zero"},
            {"data", "info"},
            {"data"},
        }) {
            CliRun r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("orbitscope: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
