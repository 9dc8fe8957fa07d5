package org.orbitscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orbitscope data info}: loads a dataset and prints its splits, class counts and training
 * statistics as one JSON object.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a dataset's splits, class counts and normalization as JSON.")
public final class DataInfoCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "ID", description = "tmnist or tfmnist.")
    private String dataset;

    @Option(names = "--split-seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the train/validation/test split (default: ${DEFAULT-VALUE}).")
    private long splitSeed;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder holding the four IDX files (default: the shipped data).")
    private Path dir;

    @Override
    public void run() {
        DatasetId id = DatasetId.byId(dataset);
        TransformingDataset data = dir == null ? TransformingDataset.load(id, splitSeed)
                : TransformingDataset.load(id, splitSeed, dir);
        spec.commandLine().getOut().println(describe(data).toPrettyString());
    }

    /**
     * @param data a loaded dataset
     * @return its description: id, name, classes, split seed, directory, splits and normalization
     */
    static ObjectNode describe(TransformingDataset data) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("dataset", data.id().id());
        root.put("name", data.id().displayName());
        root.put("classes", TransformingDataset.NUM_CLASSES);
        ArrayNode names = root.putArray("classNames");
        data.id().classNames().forEach(names::add);
        root.put("splitSeed", data.splitSeed());
        root.put("dataDirectory", data.directory().toAbsolutePath().normalize().toString());
        ObjectNode splits = root.putObject("splits");
        for (Split split : List.of(data.train(), data.validation(), data.test())) {
            ObjectNode s = splits.putObject(split.name());
            s.put("samples", split.size());
            ArrayNode counts = s.putArray("classCounts");
            for (int c : split.classCounts()) {
                counts.add(c);
            }
        }
        ObjectNode norm = root.putObject("normalization");
        norm.put("mean", data.normalization().mean());
        norm.put("std", data.normalization().std());
        return root;
    }
}
