package org.orbitscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Regularizer;
import org.orbitscope.ui.FxTestSupport;

/** The train dialog: only the fields a kind uses are editable, IR starts from the tuned nu, names as shipped. */
class TrainDialogTest {

    @TempDir
    static Path models;

    @BeforeAll
    static void start() throws Exception {
        FxTestSupport.start();
        Files.createDirectories(models.resolve("nu-tuning"));
        Files.writeString(models.resolve("nu-tuning").resolve("tmnist-r4-l2.json"),
                "{\"dataset\":\"tmnist\",\"group\":\"r4\",\"regularizer\":\"l2\",\"chosenNu\":10.0,\"curve\":[]}");
        Files.createDirectories(models.resolve("tmnist-r4-ir-l2-s0"));
    }

    @Test
    void fieldsFollowTheKindAndNuComesFromTheSearch() throws Exception {
        TrainDialog d = onFx(() -> new TrainDialog(null, models, ModelConfig.defaults(ModelKind.IR, "tmnist", "r4")));
        assertEquals("10", onFx(() -> d.nuField().getText()), "the search's nu, not the paper's default 1");
        assertTrue(onFx(() -> d.nuSourceLabel().getText()).contains("tmnist-r4-l2.json"), "and says where from");
        assertFalse(onFx(() -> d.nuField().isDisabled()));
        assertTrue(onFx(() -> d.poolingField().isDisabled()), "pooling is WT's");
        assertEquals(models.resolve("tmnist-r4-ir-l2-s0-2").toString(), onFx(() -> d.outDirField().getText()),
                "named like the shipped models, without overwriting one");

        onFx(() -> {
            d.regularizerField().setValue(Regularizer.KL);
            return null;
        });
        assertTrue(onFx(() -> d.nuSourceLabel().getText()).startsWith("No nu search for tmnist r4 kl"));
        assertEquals(models.resolve("tmnist-r4-ir-kl-s0").toString(), onFx(() -> d.outDirField().getText()));

        onFx(() -> {
            d.kindField().setValue(ModelKind.DA);
            return null;
        });
        assertTrue(onFx(() -> d.nuField().isDisabled() && d.regularizerField().isDisabled()
                && d.poolingField().isDisabled()), "DA uses none of them");
        assertEquals(models.resolve("tmnist-r4-da-s0").toString(), onFx(() -> d.outDirField().getText()));
        onFx(() -> {
            d.kindField().setValue(ModelKind.WT);
            return null;
        });
        assertFalse(onFx(() -> d.poolingField().isDisabled()));

        onFx(() -> {
            d.kindField().setValue(ModelKind.IR);
            d.nuField().setText("3");
            d.regularizerField().setValue(Regularizer.L2);
            return null;
        });
        assertEquals("3", onFx(() -> d.nuField().getText()), "a nu the user typed stays");
    }
}
