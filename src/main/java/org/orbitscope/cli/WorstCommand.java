package org.orbitscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.probe.WorstCases;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code worst}: the test samples on which a model is furthest from invariant. */
@Command(name = "worst", mixinStandardHelpOptions = true,
        description = "The first N test samples ranked by how far from invariant the model is on each, over the "
                + "sample's full group orbit: by per-sample LI or DI (largest first), by per-sample SI (smallest "
                + "first; integrated gradients of every orbit point, the slowest), or by flip (only the samples "
                + "misclassified under some group element, most such elements first, then the lowest probability "
                + "of the true class on the orbit).")
final class WorstCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model directory.")
    private Path model;

    @Option(names = "--by", required = true, paramLabel = "li|di|si|flip", description = "Ranking: li, di, si or flip.")
    private String by;

    @Option(names = "--top", defaultValue = "20", description = "Rows to show, >= 1 (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--samples", defaultValue = "1000",
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--class", paramLabel = "C", description = "Only samples whose true class is C (0..8).")
    private Integer label;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @Override
    public Integer call() {
        String fmt = EvaluationSupport.format(format);
        WorstCases.By criterion = WorstCases.By.parse(by);
        if (top < 1) {
            throw new OrbitscopeException("--top must be >= 1, got " + top + ".");
        }
        StoredModel m = ModelStore.load(model);
        int classes = m.classifier().outputs();
        if (label != null && (label < 0 || label >= classes)) {
            throw new OrbitscopeException("--class must be between 0 and " + (classes - 1) + ", got " + label + ".");
        }
        DatasetId id = m.card().config().datasetValue();
        TransformingDataset data = new EvaluationSupport(dataDir).dataset(id, m.card().config().splitSeed());
        Split test = data.test();
        int n = EvaluationSupport.samples(samples, test);
        Group group = m.card().config().groupValue();
        String name = ProfileCommand.name(m);
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        List<WorstCases.Row> rows = WorstCases.perSample(m.classifier(), m.card().normalization(), group,
                Evaluator.inputs(test, n, m.card().normalization()), Evaluator.labels(test, n), n,
                SaliencySettings.DEFAULT, criterion == WorstCases.By.SI, Evaluator.SILENT);
        err.printf(Locale.ROOT, "%s: %d samples x %d group elements in %.1fs%n", name, n, group.order(),
                (System.nanoTime() - t0) / 1e9);
        err.flush();
        List<WorstCases.Row> ranked = WorstCases.rank(rows, criterion, label == null ? -1 : label, top);
        PrintWriter out = spec.commandLine().getOut();
        switch (fmt) {
            case "csv" -> printCsv(out, ranked, group);
            case "json" -> printJson(out, name, m, group, n, criterion, label, ranked);
            default -> printMarkdown(out, name, group, n, criterion, label, ranked);
        }
        out.flush();
        return 0;
    }

    private static String si(WorstCases.Row r) {
        return Double.isNaN(r.si()) ? "" : Double.toString(r.si());
    }

    private static void printCsv(PrintWriter out, List<WorstCases.Row> ranked, Group group) {
        out.println("rank,sample,label,predicted,LI,DI,SI,misclassified,orbit,min_p_true,worst_element");
        for (int i = 0; i < ranked.size(); i++) {
            WorstCases.Row r = ranked.get(i);
            out.println(String.join(",", String.valueOf(i + 1), String.valueOf(r.sample()), String.valueOf(r.label()),
                    String.valueOf(r.predicted()), Double.toString(r.li()), Double.toString(r.di()), si(r),
                    String.valueOf(r.misclassified()), String.valueOf(r.order()),
                    Double.toString(r.minTrueProbability()), EvaluationSupport.csvCell(group.label(r.worstElement()))));
        }
    }

    private static String what(WorstCases.By by) {
        return switch (by) {
            case LI -> "largest per-sample LI first";
            case DI -> "largest per-sample DI first";
            case SI -> "smallest per-sample SI first";
            case FLIP -> "samples misclassified under some group element, most such elements first";
        };
    }

    private static void printMarkdown(PrintWriter out, String name, Group group, int n, WorstCases.By by,
            Integer label, List<WorstCases.Row> ranked) {
        out.printf(Locale.ROOT, "%s, %s over their full %s orbits: %s.%n%n", name,
                label == null ? "the first " + n + " test samples" : "the samples of class " + label
                        + " among the first " + n + " test samples", group.id().toUpperCase(Locale.ROOT), what(by));
        if (ranked.isEmpty()) {
            out.println(by == WorstCases.By.FLIP ? "No sample is misclassified under any group element."
                    : "No sample.");
            return;
        }
        out.println("| Rank | Sample | Label | Predicted | LI | DI | SI | Misclassified | Min p(true) | at |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < ranked.size(); i++) {
            WorstCases.Row r = ranked.get(i);
            out.printf(Locale.ROOT, "| %d | %d | %d | %d | %s | %s | %s | %d / %d | %.3g | %s |%n", i + 1, r.sample(),
                    r.label(), r.predicted(), EvaluationSupport.num(r.li()), EvaluationSupport.num(r.di()),
                    Double.isNaN(r.si()) ? "–" : String.format(Locale.ROOT, "%.4f", r.si()), r.misclassified(),
                    r.order(), r.minTrueProbability(), group.label(r.worstElement()));
        }
    }

    private static void printJson(PrintWriter out, String name, StoredModel m, Group group, int n, WorstCases.By by,
            Integer label, List<WorstCases.Row> ranked) {
        ObjectNode doc = ModelStore.json().createObjectNode();
        doc.put("model", name);
        doc.put("weightsSha256", m.card().weightsSha256());
        doc.put("dataset", m.card().config().datasetValue().id());
        doc.put("group", group.id());
        doc.put("samples", n);
        doc.put("by", by.toString());
        if (label == null) {
            doc.putNull("class");
        } else {
            doc.put("class", label.intValue());
        }
        ArrayNode rows = doc.putArray("rows");
        for (int i = 0; i < ranked.size(); i++) {
            WorstCases.Row r = ranked.get(i);
            ObjectNode o = rows.addObject();
            o.put("rank", i + 1);
            o.put("sample", r.sample());
            o.put("label", r.label());
            o.put("predicted", r.predicted());
            o.put("LI", r.li());
            o.put("DI", r.di());
            if (Double.isNaN(r.si())) {
                o.putNull("SI");
            } else {
                o.put("SI", r.si());
            }
            o.put("misclassified", r.misclassified());
            o.put("orbit", r.order());
            o.put("minTrueProbability", r.minTrueProbability());
            o.put("worstElement", group.label(r.worstElement()));
        }
        try {
            out.println(ModelStore.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
