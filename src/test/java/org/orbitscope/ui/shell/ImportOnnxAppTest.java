package org.orbitscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.group.Groups;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.onnx.ImportOnnxDialog;

/** The app imports a PyTorch CNN exported to ONNX, lists it, and its orbit saliency appears like any model's. */
class ImportOnnxAppTest {

    @TempDir
    Path tmp;

    @Test
    void anImportedCnnIsListedAndItsSaliencyGridAppears() throws Exception {
        Path cnn = Path.of(getClass().getResource("/org/orbitscope/model/onnx/cnn.onnx").toURI());
        Path models = tmp.resolve("models");
        java.nio.file.Files.createDirectories(models);
        try (WindowFixture f = new WindowFixture(models, 1200, 800)) {
            onFx(() -> f.window.importOnnx(new ImportOnnxDialog.Request(cnn, DatasetId.TMNIST, Groups.R4, null,
                    models.resolve("cnn-onnx")))).get(60, TimeUnit.SECONDS);
            waitFor("the imported model listed", Duration.ofSeconds(20),
                    () -> f.window.library().entries().stream().anyMatch(e -> e.name().equals("cnn-onnx")));
            ModelEntry e = onFx(() -> f.window.library().entries().stream()
                    .filter(m -> m.name().equals("cnn-onnx")).findFirst().orElseThrow());
            assertTrue(e.card().isOnnx());
            // opening the imported folder selects it: the saliency view shows its orbits
            onFx(() -> f.window.showView("Saliency"));
            org.orbitscope.ui.saliency.SaliencyGridView grid = onFx(() ->
                    (org.orbitscope.ui.saliency.SaliencyGridView) f.window.view("Saliency"));
            waitFor("the imported model's orbit saliency", Duration.ofSeconds(60), () -> {
                StringBuilder csv = new StringBuilder();
                try {
                    grid.writeCsv(csv);
                } catch (java.io.IOException ex) {
                    return false;
                }
                return csv.toString().lines().count() > 1;
            });
            assertEquals(true, onFx(() -> grid.figure(1).isPresent()));
        }
    }
}
