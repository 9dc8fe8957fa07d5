package org.orbitscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.layers.LayerInvariance;
import org.orbitscope.analysis.layers.LayerListener;
import org.orbitscope.analysis.layers.LayerProfile;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layers}: where a model's invariance lives, one row per model and layer. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Layer-by-layer invariance on full group orbits of the first N test samples: per unit, the "
                + "variance of its activation over a sample's orbit (mean over samples) divided by its variance "
                + "over all orbit points; per layer, the mean over the units that vary (0 = invariant). One row "
                + "per model and layer: model, layer, units, invariance, then the units that never vary and the "
                + "distribution over units.")
final class LayersCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", description = "Model directories.")
    private List<Path> models;

    @Option(names = "--samples", defaultValue = "" + LayerProfile.DEFAULT_SAMPLES,
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--normalization", defaultValue = "total",
            description = "What a unit's orbit variance is divided by: total (its variance over all orbit points, "
                    + "values in [0, 1]), per-element (its variance over the samples at each group element, as "
                    + "tmeasures) or none (default: ${DEFAULT-VALUE}).")
    private String normalization;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--dataset", description = "tmnist or tfmnist (default: each model's own).")
    private String dataset;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    /** One measured model with its row label. */
    record Measured(String name, StoredModel model, LayerProfile profile) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String fmt = EvaluationSupport.format(format);
        LayerSettings settings = new LayerSettings(LayerSettings.Denominator.byId(normalization));
        List<Measured> measured = measure(EvaluationSupport.loadAll(models), new EvaluationSupport(dataDir), dataset,
                samples, settings, spec.commandLine().getErr());
        switch (fmt) {
            case "csv" -> printCsv(out, measured);
            case "json" -> printJson(out, measured);
            default -> printMarkdown(out, measured);
        }
        out.flush();
        return 0;
    }

    /**
     * Measures every model on its own dataset (or the one named), reporting progress on {@code err}.
     *
     * @param loaded the models
     * @param support dataset loading
     * @param datasetId a dataset id, or {@code null} for each model's own
     * @param requested test samples (0 = all)
     * @param settings the normalization
     * @param err where progress goes
     * @return one entry per model
     */
    static List<Measured> measure(List<StoredModel> loaded, EvaluationSupport support, String datasetId,
            int requested, LayerSettings settings, PrintWriter err) {
        List<Measured> out = new ArrayList<>();
        for (StoredModel m : loaded) {
            DatasetId id = datasetId == null ? m.card().config().datasetValue() : DatasetId.byId(datasetId);
            TransformingDataset data = support.dataset(id, m.card().config().splitSeed());
            int n = EvaluationSupport.samples(requested, data.test());
            String label = name(m);
            LayerProfile p = LayerProfile.forModel(m, data, n, settings, new LayerListener() {
                @Override
                public void onProgress(int done, int total) {
                    if (done == total) {
                        err.printf(Locale.ROOT, "%s: %d samples x %d group elements%n", label, total,
                                m.card().config().groupValue().order());
                        err.flush();
                    }
                }
            });
            out.add(new Measured(label, m, p));
        }
        return out;
    }

    /** The row label: the model directory's name (what the user typed), else the card's name. */
    static String name(StoredModel m) {
        Path dir = m.dir();
        return dir != null && dir.getFileName() != null ? dir.getFileName().toString() : EvaluationSupport.label(m);
    }

    private static void printMarkdown(PrintWriter out, List<Measured> measured) {
        if (!measured.isEmpty()) {
            LayerProfile p = measured.get(0).profile();
            out.printf(Locale.ROOT, "Layer invariance: %s, mean over the units that vary; %d test samples, full "
                    + "orbits.%n%n", p.settings().denominator().describe(), p.samples());
        }
        out.println("| Model | Layer | Units | Invariance | Constant units | 10% | Median | 90% |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Measured m : measured) {
            for (LayerInvariance l : m.profile().layers()) {
                out.printf(Locale.ROOT, "| %s | %s | %d | %s | %d | %s | %s | %s |%n", m.name().replace("|", "\\|"),
                        l.layer(), l.units(), EvaluationSupport.num(l.value()), l.constantUnits(),
                        EvaluationSupport.num(l.quantile(0.1)), EvaluationSupport.num(l.quantile(0.5)),
                        EvaluationSupport.num(l.quantile(0.9)));
            }
        }
    }

    private static void printCsv(PrintWriter out, List<Measured> measured) {
        out.println("model,layer,units,invariance,constant_units,p10,median,p90,normalization,samples");
        for (Measured m : measured) {
            for (LayerInvariance l : m.profile().layers()) {
                out.println(String.join(",", EvaluationSupport.csvCell(m.name()), EvaluationSupport.csvCell(l.layer()),
                        String.valueOf(l.units()), Double.toString(l.value()), String.valueOf(l.constantUnits()),
                        Double.toString(l.quantile(0.1)), Double.toString(l.quantile(0.5)),
                        Double.toString(l.quantile(0.9)), l.denominator().id(),
                        String.valueOf(m.profile().samples())));
            }
        }
    }

    private static void printJson(PrintWriter out, List<Measured> measured) {
        ArrayNode rows = ModelStore.json().createArrayNode();
        for (Measured m : measured) {
            ObjectNode model = rows.addObject();
            model.put("model", m.name());
            model.put("weightsSha256", m.model().card().weightsSha256());
            model.put("group", m.profile().group());
            model.put("samples", m.profile().samples());
            model.put("normalization", m.profile().settings().denominator().id());
            ArrayNode layers = model.putArray("layers");
            for (LayerInvariance l : m.profile().layers()) {
                ObjectNode o = layers.addObject();
                o.put("layer", l.layer());
                o.put("units", l.units());
                o.put("invariance", l.value());
                o.put("constantUnits", l.constantUnits());
                ArrayNode per = o.putArray("perUnit");
                for (double v : l.perUnit()) {
                    if (Double.isNaN(v)) {
                        per.addNull();
                    } else {
                        per.add(v);
                    }
                }
            }
        }
        try {
            out.println(ModelStore.json().writeValueAsString(rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
