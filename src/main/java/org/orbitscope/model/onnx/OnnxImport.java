package org.orbitscope.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.group.Group;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/**
 * Makes a model directory from an ONNX classifier and loads it back: the file is copied in as
 * {@code model.onnx}, and the card records the dataset and group it is inspected on, its input normalization,
 * and in {@code source} the file's SHA-256, opset, producer, operators, input layout and what the import
 * adapted.
 */
public final class OnnxImport {

    /** Name of the graph file in an imported model's directory. */
    public static final String FILE = "model.onnx";

    private OnnxImport() {
    }

    /**
     * Reads, checks and binds an ONNX file.
     *
     * @param file the .onnx file
     * @param layout the input layout, or null to take it from the file
     * @param classes the number of classes of the dataset
     * @return the graph
     * @throws OrbitscopeException if the file cannot be read or run
     */
    public static ImportedGraph parse(Path file, ImportedGraph.Layout layout, int classes) {
        return ImportedGraph.of(OnnxReader.read(bytes(file), file.toString()), layout, classes, file.toString());
    }

    private static byte[] bytes(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new OrbitscopeException(file + ": no such ONNX file.");
            }
            if (Files.size(file) > OnnxReader.MAX_BYTES) {
                throw new OrbitscopeException(file + " is larger than " + (OnnxReader.MAX_BYTES >> 20) + " MB.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OrbitscopeException(file + ": cannot read the ONNX file (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Imports an ONNX classifier into a new model directory.
     *
     * @param file the .onnx file
     * @param out the directory to create (must not hold a model)
     * @param dataset the dataset it is inspected on
     * @param group the group whose invariance is measured
     * @param norm the input normalization the model expects: {@code x_n = (x - mean) / std} on [0,1] pixels
     * @param layout the input layout, or null to take it from the file
     * @param software software versions to record
     * @return the card written
     * @throws OrbitscopeException if the file cannot be imported
     */
    public static ModelCard importFile(Path file, Path out, DatasetId dataset, Group group, Normalization norm,
            ImportedGraph.Layout layout, Map<String, String> software) {
        if (ModelStore.isModel(out)) {
            throw new OrbitscopeException(out + " already holds a model.");
        }
        byte[] bytes = bytes(file);
        ImportedGraph g = ImportedGraph.of(OnnxReader.read(bytes, file.toString()), layout,
                dataset.classNames().size(), file.toString());
        String sha = ModelStore.sha256(bytes);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("format", "onnx");
        source.put("file", file.getFileName().toString());
        source.put("sha256", sha);
        source.put("irVersion", g.model().irVersion());
        source.put("opset", g.model().opset());
        source.put("producer", g.model().producer());
        source.put("operators", g.operators());
        source.put("inputLayout", g.layout().id());
        source.put("embeddingLayer", g.embeddingLayer());
        source.put("notes", g.notes());
        ModelConfig config = new ModelConfig(ModelKind.ONNX, dataset.id(), group.id(), 0, 0, 1, 1,
                ModelConfig.DEFAULT_LR, Regularizer.L2, 0, Pooling.MAX, new int[] {ImportedGraph.PIXELS,
                    dataset.classNames().size()}, 0, 0, 0);
        String now = ModelStore.now();
        String name = out.getFileName() == null ? "imported" : out.getFileName().toString();
        ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, config, norm, FILE, sha, ModelCard.IMPORTED,
                "Imported from " + file.getFileName() + (g.model().producer().isEmpty() ? ""
                        : " (" + g.model().producer() + ")") + ".", 0, Double.NaN, List.of(), Map.of(), software,
                now, now, source);
        try {
            Files.createDirectories(out);
            AtomicFiles.write(out.resolve(FILE), bytes);
        } catch (IOException e) {
            throw new OrbitscopeException(out + ": cannot write the imported model (" + e.getMessage() + ").", e);
        }
        ModelStore.writeCard(out, card);
        return card;
    }

    /**
     * Loads an imported model whose card and file checksum the store has checked.
     *
     * @param dir the model directory
     * @param card its card
     * @param file the graph file it names
     * @return the model, whose classifiers run the graph
     */
    public static StoredModel load(Path dir, ModelCard card, Path file) {
        Object l = card.source().get("inputLayout");
        ImportedGraph.Layout layout = l instanceof String s ? ImportedGraph.Layout.byId(s) : null;
        ImportedGraph g = parse(file, layout, card.config().datasetValue().classNames().size());
        return new StoredModel(dir, card, null, g::newClassifier);
    }
}
