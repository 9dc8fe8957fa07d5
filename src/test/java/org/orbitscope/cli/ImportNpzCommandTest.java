package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.Normalization;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;

/** {@code import-npz} of damaged inputs: exit 2, one line naming the file at fault, no model directory made. */
class ImportNpzCommandTest {

    @TempDir
    Path tmp;

    private Path npz;
    private Path card;
    private String cardText;
    private Parameters params;

    @BeforeEach
    void exportSmallModel() throws Exception {
        ModelConfig cfg = new ModelConfig(ModelKind.DA, "tmnist", "r4", 0, 1, 3, 512, 8e-4, Regularizer.L2, 1,
                Pooling.MAX, new int[] {1296, 8, 9}, 16, 2, 0);
        ModelCard c = new ModelCard(ModelCard.SCHEMA_VERSION, "m", cfg, new Normalization(0.1f, 0.3f),
                "weights.npz", "", ModelCard.COMPLETE, null, 1, 0.5,
                List.of(new EpochRecord(1, 1, 1, 0, 0.4, 0.5, 2, 0.1, 1, 0.2)), Map.of(), Map.of(),
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        params = Parameters.initialize(cfg.sizes(), 3);
        Path model = tmp.resolve("model");
        ModelStore.save(model, c, params);
        npz = tmp.resolve("m.npz");
        CliRun export = CliRun.run("export-npz", model.toString(), "--out", npz.toString());
        assertEquals(0, export.status(), export.err());
        card = tmp.resolve("m.json");
        cardText = Files.readString(card);
    }

    /** Runs import-npz into a fresh directory and checks the rule for a rejected input. */
    private String rejected(String... args) {
        Path out = tmp.resolve("imported");
        List<String> all = new java.util.ArrayList<>(List.of("import-npz"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        CliRun r = CliRun.run(all.toArray(String[]::new));
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("`"), r.err());
        assertFalse(Files.exists(out), "no model directory is made");
        return r.err().strip();
    }

    @Test
    void aCardThatIsCutShortOrNotJsonIsNamedWithWhatIsWrong() throws Exception {
        Files.writeString(card, cardText.substring(0, 300));
        String err = rejected(npz.toString());
        assertTrue(err.startsWith("orbitscope: " + card + ": model card is unreadable: the JSON ends early at line "),
                err);
        Files.writeString(card, "this is not JSON");
        err = rejected(npz.toString());
        assertTrue(err.startsWith("orbitscope: " + card + ": model card is unreadable: it is not valid JSON"), err);
        Files.writeString(card, "{\"name\": \"m\"}");
        err = rejected(npz.toString());
        assertTrue(err.startsWith("orbitscope: " + card + ": the model card has no \"config\""), err);
        Files.writeString(card, cardText.replace("\"epochs\" : 3", "\"epochs\" : \"3 or so\""));
        err = rejected(npz.toString());
        assertTrue(err.contains(card + ": the model card's config is invalid: the field \"epochs\" has the value "
                + "\"3 or so\", but must be a whole number."), err);
    }

    @Test
    void normalizationThatIsNotAPositiveNumberIsRefused() throws Exception {
        for (float std : new float[] {Float.NaN, 0f, -0.5f}) {
            Map<String, NpyArray> arrays = ModelStore.toArrays(params, new Normalization(0.1f, 0.3f));
            arrays.put(ModelStore.NORM_STD, NpyArray.scalar(std));
            Npz.write(npz, arrays);
            String err = rejected(npz.toString());
            assertEquals("orbitscope: " + npz + ": norm_std is " + std + "; the standard deviation of the training "
                    + "pixels the inputs are divided by must be a finite number above 0.", err);
        }
        Map<String, NpyArray> arrays = ModelStore.toArrays(params, new Normalization(0.1f, 0.3f));
        arrays.put(ModelStore.NORM_MEAN, NpyArray.scalar(Float.POSITIVE_INFINITY));
        Npz.write(npz, arrays);
        assertTrue(rejected(npz.toString()).contains(npz + ": norm_mean is Infinity;"));
    }

    @Test
    void aMissingArchiveIsNamedRatherThanItsCard() throws Exception {
        Path none = tmp.resolve("none.npz");
        assertEquals("orbitscope: " + none + ": no such file.", rejected(none.toString()));
        assertEquals("orbitscope: " + none + ": no such file.", rejected(none.toString(), "--card", card.toString()));
        Files.delete(card);
        assertEquals("orbitscope: " + card + ": no model card JSON for m.npz (pass one with --card).",
                rejected(npz.toString()));
    }
}
