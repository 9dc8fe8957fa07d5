package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.Version;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.onnx.ImportedGraph;
import org.orbitscope.model.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code import-onnx}: makes a model directory from an ONNX classifier, to inspect it like any other model. */
@Command(name = "import-onnx", mixinStandardHelpOptions = true,
        description = "Create a model directory from an ONNX classifier (e.g. torch.onnx.export of a PyTorch model) "
                + "taking 36x36 greyscale images as [N,1,36,36], [N,36,36] or [N,1296] and returning logits.")
final class ImportOnnxCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", description = "The .onnx file (self-contained, weights inside).")
    private Path file;

    @Option(names = "--group", required = true, description = "Group whose invariance is measured: r4, t3 or d4.")
    private String group;

    @Option(names = "--dataset", required = true, description = "Dataset the model classifies: tmnist or tfmnist.")
    private String dataset;

    @Option(names = "--out", required = true, description = "Model directory to create.")
    private Path out;

    @Option(names = "--norm-mean", description = "Mean the model's inputs are normalized with, x_n = (x - mean) / std "
            + "on [0,1] pixels (default: the dataset's training statistics, as Orbitscope's own models).")
    private Float mean;

    @Option(names = "--norm-std", description = "Standard deviation of that normalization (default: the dataset's).")
    private Float std;

    @Option(names = "--input-layout", description = "nchw, nhw or flat (default: read from the model's input shape).")
    private String layout;

    @Override
    public Integer call() {
        DatasetId id = DatasetId.byId(dataset);
        if ((mean == null) != (std == null)) {
            throw new OrbitscopeException("Give both --norm-mean and --norm-std, or neither.");
        }
        if (std != null && !(std > 0 && Float.isFinite(std) && Float.isFinite(mean))) {
            throw new OrbitscopeException("--norm-std must be a positive number and --norm-mean finite.");
        }
        Normalization norm = mean != null ? new Normalization(mean, std)
                : TransformingDataset.load(id, 0).normalization();
        ModelCard card = OnnxImport.importFile(file, out, id, Groups.byId(group), norm,
                layout == null ? null : ImportedGraph.Layout.byId(layout), Map.of("orbitscope", Version.current()));
        var o = spec.commandLine().getOut();
        o.println("Imported " + file.getFileName() + " into " + out + ": " + card.source().get("operators")
                + ", input " + card.source().get("inputLayout") + ", embedding layer "
                + card.source().get("embeddingLayer") + ".");
        if (card.source().get("notes") instanceof java.util.List<?> notes) {
            for (Object n : notes) {
                o.println("Note: " + n);
            }
        }
        o.println(String.format(java.util.Locale.ROOT, "Inputs are normalized with mean %.6g and std %.6g.",
                norm.mean(), norm.std()));
        return 0;
    }
}
