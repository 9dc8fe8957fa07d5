package org.orbitscope.analysis.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import org.orbitscope.model.onnx.OnnxImport;

/**
 * Layer invariance goes through the model interface only: the shipped DA model exported to ONNX by PyTorch
 * and imported again has, layer for layer, the native model's invariance.
 */
class ImportedLayersTest {

    @TempDir
    Path tmp;

    @Test
    void anImportedMlpsReluLayersHaveTheNativeLayersInvariance() throws Exception {
        StoredModel nativeModel = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        Path onnx = Path.of(ImportedLayersTest.class.getResource("/org/orbitscope/model/onnx/mlp-tmnist-r4-da-s0.onnx")
                .toURI());
        OnnxImport.importFile(onnx, tmp.resolve("mlp"), DatasetId.TMNIST, Groups.R4,
                nativeModel.card().normalization(), null, Map.of("orbitscope", "test"));
        StoredModel imported = ModelStore.load(tmp.resolve("mlp"));
        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        LayerProfile a = LayerProfile.forModel(nativeModel, data, 60, LayerSettings.DEFAULT, LayerListener.NONE);
        LayerProfile b = LayerProfile.forModel(imported, data, 60, LayerSettings.DEFAULT, LayerListener.NONE);
        // PyTorch's nn.Sequential names its ReLU outputs /1, /3, /5, /7, /9; the Gemm outputs lie between
        List<String> relus = b.layers().stream().map(LayerInvariance::layer).filter(n -> n.contains("Relu"))
                .toList();
        assertEquals(5, relus.size(), b.layers().toString());
        for (int i = 0; i < 5; i++) {
            LayerInvariance mine = a.layer("h" + (i + 1));
            LayerInvariance theirs = b.layer(relus.get(i));
            assertEquals(mine.constantUnits(), theirs.constantUnits(), "constant units of " + relus.get(i));
            assertEquals(mine.value(), theirs.value(), 1e-5, "h" + (i + 1) + " vs " + relus.get(i));
        }
        assertEquals(a.layer("logits").value(), b.layer("logits").value(), 1e-5);
        assertTrue(a.layer("h1").value() > 0.1, "and the value is not trivially zero");
    }
}
