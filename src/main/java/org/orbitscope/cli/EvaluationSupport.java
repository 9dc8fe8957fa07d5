package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/** Shared plumbing of the evaluation commands: loading models and datasets, sample counts, formatting. */
final class EvaluationSupport {

    private final Path dataDir;
    private final Map<String, TransformingDataset> cache = new HashMap<>();

    EvaluationSupport(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Loads every model, failing on the first bad one. */
    static List<StoredModel> loadAll(List<Path> dirs) {
        List<StoredModel> models = new ArrayList<>();
        for (Path dir : dirs) {
            models.add(ModelStore.load(dir));
        }
        return models;
    }

    /** A dataset at a split seed, loaded once per command. */
    TransformingDataset dataset(DatasetId id, long splitSeed) {
        return cache.computeIfAbsent(id.id() + "/" + splitSeed, key -> dataDir == null
                ? TransformingDataset.load(id, splitSeed) : TransformingDataset.load(id, splitSeed, dataDir));
    }

    /** The sample count: {@code 0} means the whole split; more than the split is an error. */
    static int samples(int requested, Split split) {
        if (requested < 0) {
            throw new OrbitscopeException("--samples must be >= 0 (0 = the whole test split), got " + requested + ".");
        }
        if (requested > split.size()) {
            throw new OrbitscopeException("--samples " + requested + " exceeds the " + split.size()
                    + " samples of the test split.");
        }
        return requested == 0 ? split.size() : requested;
    }

    /** True if there are several models and their configurations differ only by the training seed. */
    static boolean seedsOnly(List<StoredModel> models) {
        if (models.size() < 2) {
            return false;
        }
        ModelConfig first = models.get(0).card().config().withSeed(0);
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (StoredModel m : models) {
            if (!m.card().config().withSeed(0).equals(first) || !seeds.add(m.card().config().seed())) {
                return false;
            }
        }
        return true;
    }

    /** The row label of a model: its card name, or its configuration label. */
    static String label(StoredModel m) {
        String name = m.card().name();
        return name == null || name.isBlank() ? m.card().config().label() : name;
    }

    /** The label of the mean +- std row over seeds. */
    static String aggregateLabel(List<StoredModel> models) {
        String l = models.get(0).card().config().label();
        int at = l.lastIndexOf(" seed ");
        return (at > 0 ? l.substring(0, at) : l) + " (mean ± std, " + models.size() + " seeds)";
    }

    static String format(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("md") && !f.equals("csv") && !f.equals("json")) {
            throw new OrbitscopeException("Unknown format '" + format + "': expected md, csv or json.");
        }
        return f;
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
