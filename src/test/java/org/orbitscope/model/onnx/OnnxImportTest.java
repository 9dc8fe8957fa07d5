package org.orbitscope.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.StoredModel;

/**
 * ONNX models exported by PyTorch (fixtures made by make_fixtures.py beside them): logits and input gradients
 * equal PyTorch's, an imported MLP's metrics equal the native model's, and what cannot be run says why.
 */
class OnnxImportTest {

    private static final float MEAN = 0.08011180907487869f;
    private static final float STD = 0.24975299835205078f;
    private static final int N = 100;

    @TempDir
    static Path tmp;

    private static Map<String, NpyArray> expected;
    private static float[] x;
    private static int[] y;

    static Path fixture(String name) throws Exception {
        return Path.of(OnnxImportTest.class.getResource(name).toURI());
    }

    /** The first 100 MNIST test images in file order, padded and normalized as make_fixtures.py does. */
    @BeforeAll
    static void inputs() throws Exception {
        expected = Npz.read(fixture("expected.npz"));
        Path dir = TransformingDataset.defaultDataDir(DatasetId.TMNIST);
        byte[] img;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("t10k-images-idx3-ubyte.gz")))) {
            img = in.readNBytes(16 + N * 784);
        }
        byte[] lab;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("t10k-labels-idx1-ubyte.gz")))) {
            lab = in.readNBytes(8 + N);
        }
        x = new float[N * 1296];
        y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = lab[8 + i] & 0xff;
            for (int r = 0; r < 36; r++) {
                for (int c = 0; c < 36; c++) {
                    float v = 0f;
                    if (r >= 4 && r < 32 && c >= 4 && c < 32) {
                        v = (img[16 + i * 784 + (r - 4) * 28 + (c - 4)] & 0xff) / 255f;
                    }
                    x[i * 1296 + r * 36 + c] = (v - MEAN) / STD;
                }
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void aPyTorchCnnGivesPyTorchsLogitsAndGradients() throws Exception {
        ImportedGraph g = OnnxImport.parse(fixture("cnn.onnx"), null, 9);
        assertEquals(ImportedGraph.Layout.NCHW, g.layout());
        assertTrue(g.operators().containsAll(java.util.List.of("Conv", "BatchNormalization", "MaxPool",
                "AveragePool", "GlobalAveragePool", "Gemm", "Concat", "Reshape", "Pad")), g.operators().toString());
        assertTrue(g.notes().stream().anyMatch(s -> s.contains("Softmax was dropped")), g.notes().toString());
        Classifier c = g.newClassifier();
        float[] logits = c.logits(x, N);
        float[] want = expected.get("cnn_logits").floats();
        assertTrue(maxAbsDiff(logits, want, N * 9) < 1e-4, "max |diff| " + maxAbsDiff(logits, want, N * 9));

        // input gradient of the true-class logit, against PyTorch's autograd
        int m = 4;
        c.forward(x, m);
        float[] seed = new float[m * 9];
        for (int i = 0; i < m; i++) {
            seed[i * 9 + y[i]] = 1f;
        }
        float[] grad = new float[m * 1296];
        c.inputGradient(seed, grad);
        float[] torchGrad = expected.get("cnn_grad").floats();
        double scale = 0;
        for (float v : torchGrad) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(maxAbsDiff(grad, torchGrad, m * 1296) < 1e-4 * Math.max(1, scale),
                "gradient max |diff| " + maxAbsDiff(grad, torchGrad, m * 1296) + " (max |g| " + scale + ")");

        // and against central finite differences, in double-checked float arithmetic
        float h = 1e-2f;
        for (int p : new int[] {300, 630, 651, 900}) {
            float[] xp = Arrays.copyOf(x, 1296);
            float[] xm = Arrays.copyOf(x, 1296);
            xp[p] += h;
            xm[p] -= h;
            double fd = (c.logits(xp, 1)[y[0]] - c.logits(xm, 1)[y[0]]) / (2.0 * h);
            assertEquals(fd, grad[p], 2e-3 + 2e-2 * Math.abs(fd), "pixel " + p);
        }
    }

    @Test
    void chunksAndLayersOfACnn() throws Exception {
        ImportedGraph g = OnnxImport.parse(fixture("cnn.onnx"), null, 9);
        Classifier c = g.newClassifier();
        // more rows than one chunk: the same logits as row by row
        int n = ImportedGraph.CHUNK_ROWS + 3;
        float[] big = new float[n * 1296];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, (i % N) * 1296, big, i * 1296, 1296);
        }
        float[] all = c.logits(big, n);
        float[] last = c.logits(Arrays.copyOfRange(big, (n - 1) * 1296, n * 1296), 1);
        assertEquals(0, maxAbsDiff(Arrays.copyOfRange(all, (n - 1) * 9, n * 9), last, 9), 1e-6);
        assertEquals("/Tanh_output_0", c.embeddingLayer(), "the input of the last Gemm");
        assertEquals(16, c.layer("/Tanh_output_0").width());
        assertEquals(Classifier.LOGITS, c.layers().get(c.layers().size() - 1).name());
        c.forward(x, 2);
        float[] conv = c.activations("/conv1/Conv_output_0");
        assertEquals(2 * 4 * 36 * 36, conv.length);
        assertEquals(2 * 9, Arrays.copyOf(c.activations(Classifier.LOGITS), 18).length);
    }

    @Test
    void anImportedMlpHasTheNativeModelsMetrics() throws Exception {
        StoredModel nativeModel = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        Normalization norm = nativeModel.card().normalization();
        Path dir = tmp.resolve("mlp");
        ModelCard card = OnnxImport.importFile(fixture("mlp-tmnist-r4-da-s0.onnx"), dir, DatasetId.TMNIST,
                Groups.R4, norm, null, Map.of("orbitscope", "test"));
        assertEquals("flat", card.source().get("inputLayout"));
        assertEquals(ModelStore.sha256(fixture("mlp-tmnist-r4-da-s0.onnx")), card.source().get("sha256"));
        StoredModel imported = ModelStore.load(dir);
        assertTrue(imported.card().isOnnx());
        float[] want = expected.get("mlp_logits").floats();
        float[] got = imported.classifier().logits(x, N);
        assertTrue(maxAbsDiff(got, want, N * 9) < 1e-4, "vs PyTorch: " + maxAbsDiff(got, want, N * 9));

        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        int n = 40;
        float[] xs = Evaluator.inputs(data.test(), n, norm);
        int[] ys = Evaluator.labels(data.test(), n);
        Evaluation a = Evaluator.evaluate(nativeModel.classifier(), xs, ys, n, Groups.R4, norm,
                SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        Evaluation b = Evaluator.evaluate(imported.classifier(), xs, ys, n, Groups.R4, norm,
                SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
        for (String k : new String[] {Evaluation.ACC, Evaluation.LI, Evaluation.DI, Evaluation.SI,
            Evaluation.SIGMA_MAX}) {
            double va = a.asMap().get(k);
            double vb = b.asMap().get(k);
            assertEquals(va, vb, 1e-5 * Math.max(1, Math.abs(va)), k);
        }
        // an imported graph has no MLP weights to train or export
        assertThrows(org.orbitscope.OrbitscopeException.class, imported::network);
    }

    @Test
    void whatCannotBeRunIsSaidInOneSentence() throws Exception {
        OnnxException e = assertThrows(OnnxException.class,
                () -> OnnxImport.parse(fixture("unsupported.onnx"), null, 9));
        assertTrue(e.getMessage().contains("'the_hardmax'") && e.getMessage().contains("Hardmax"), e.getMessage());
        byte[] good = Files.readAllBytes(fixture("cnn.onnx"));
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        OnnxException t = assertThrows(OnnxException.class, () -> OnnxImport.parse(cut, null, 9));
        assertTrue(t.getMessage().startsWith(cut.toString()), t.getMessage());
        Path text = tmp.resolve("text.onnx");
        Files.writeString(text, "this is not a model");
        assertThrows(OnnxException.class, () -> OnnxImport.parse(text, null, 9));
        OnnxException classes = assertThrows(OnnxException.class, () -> OnnxImport.parse(fixture("cnn.onnx"), null,
                10));
        assertTrue(classes.getMessage().contains("10 classes"), classes.getMessage());
        OnnxException layout = assertThrows(OnnxException.class, () -> OnnxImport.parse(fixture("cnn.onnx"),
                ImportedGraph.Layout.FLAT, 9));
        assertTrue(layout.getMessage().contains("flat"), layout.getMessage());
    }
}
