package org.orbitscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.metrics.StoredEvaluation;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: Table 1 of the paper (Acc, LI, DI, SI, SigmaMax on full orbits of test samples) for
 * one or more models, stored into each model card.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate models on full group orbits of the first N test samples (SPEC section 5): one "
                + "row per model (Model, Acc, LI, DI, SI, SigmaMax) and, when the models differ only by "
                + "training seed, a mean ± std row. The metrics are stored in each model card.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", description = "Model directories.")
    private List<Path> models;

    @Option(names = "--dataset", description = "tmnist or tfmnist (default: each model's own).")
    private String dataset;

    @Option(names = "--samples", defaultValue = "1000",
            description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--dump", description = "Write the inputs (x, y) to this .npz and the metrics to a .json "
            + "beside it (SPEC section 6); with several models, -1, -2, ... is added before .npz.")
    private Path dump;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String fmt = EvaluationSupport.format(format);
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        if (dump != null) {
            for (int i = 0; i < loaded.size(); i++) {
                AtomicFiles.checkWritable(dumpPath(dump, i, loaded.size()));
                AtomicFiles.checkWritable(jsonBeside(dumpPath(dump, i, loaded.size())));
            }
        }
        EvaluationSupport support = new EvaluationSupport(dataDir);
        SaliencySettings settings = SaliencySettings.DEFAULT;
        List<Evaluation> results = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            StoredModel m = loaded.get(i);
            DatasetId id = dataset == null ? m.card().config().datasetValue() : DatasetId.byId(dataset);
            TransformingDataset data = support.dataset(id, m.card().config().splitSeed());
            Split test = data.test();
            int n = EvaluationSupport.samples(samples, test);
            Normalization norm = m.card().normalization();
            Group group = m.card().config().groupValue();
            float[] x = Evaluator.inputs(test, n, norm);
            int[] y = Evaluator.labels(test, n);
            PrintWriter err = spec.commandLine().getErr();
            String label = EvaluationSupport.label(m);
            Evaluator.Listener progress = new Evaluator.Listener() {
                @Override
                public void onProgress(int done, int total) {
                    err.printf(Locale.ROOT, "%s: %d/%d samples%n", label, done, total);
                    err.flush();
                }
            };
            Evaluation e = Evaluator.evaluate(m.classifier(), x, y, n, group, norm, settings, id.id(), progress);
            results.add(e);
            try {
                StoredEvaluation.store(m, e, data);
            } catch (OrbitscopeException busy) {
                // the numbers are still printed; only caching them in the card is skipped
                err.println("Note: " + busy.getMessage() + " The metrics were not stored in the card.");
            }
            if (dump != null) {
                writeDump(dumpPath(dump, i, loaded.size()), m, e, data, x, y);
            }
        }
        print(out, fmt, loaded, results);
        return 0;
    }

    private static Path dumpPath(Path base, int i, int count) {
        if (count == 1) {
            return base;
        }
        String name = base.getFileName().toString();
        String stem = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return base.resolveSibling(stem + "-" + (i + 1) + ".npz");
    }

    static Path jsonBeside(Path npz) {
        String name = npz.getFileName().toString();
        String stem = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return npz.resolveSibling(stem + ".json");
    }

    private static void writeDump(Path file, StoredModel m, Evaluation e, TransformingDataset data, float[] x,
            int[] y) {
        int n = e.samples();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.of(x.clone(), n, x.length / n));
        arrays.put("y", NpyArray.ofInts(y.clone(), n));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "orbitscope-evaluation-dump");
        json.put("version", 1);
        json.put("model", EvaluationSupport.label(m));
        json.put("modelConfig", m.card().config());
        json.put("weightsSha256", m.card().weightsSha256());
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("mean", m.card().normalization().mean());
        norm.put("std", m.card().normalization().std());
        json.put("normalization", norm);
        json.putAll(StoredEvaluation.description(e, data));
        Group g = m.card().config().groupValue();
        json.put("groupElements", g.labels());
        json.put("inputs", "x: float32 [N,1296], the normalized identity-orientation inputs, row-major 36x36; "
                + "orbit point g of sample i is g applied to x[i]; y: int32 [N] labels");
        json.put("metrics", e.asMap());
        json.put("perSample", e.perSample());
        ObjectMapper mapper = ModelStore.json();
        byte[] text;
        try {
            text = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        } catch (IOException ex) {
            throw new IllegalStateException("the evaluation dump cannot be put into JSON", ex);
        }
        AtomicFiles.writeFile(file, out -> Npz.write(out, arrays));
        AtomicFiles.writeFile(jsonBeside(file), text);
    }

    private static final String[] COLUMNS = {Evaluation.ACC, Evaluation.LI, Evaluation.DI, Evaluation.SI,
        Evaluation.SIGMA_MAX};

    private static void print(PrintWriter out, String fmt, List<StoredModel> models, List<Evaluation> results) {
        List<String> labels = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        List<double[]> stds = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            labels.add(EvaluationSupport.label(models.get(i)));
            means.add(values(results.get(i)));
            stds.add(null);
        }
        if (EvaluationSupport.seedsOnly(models)) {
            double[] mean = new double[COLUMNS.length];
            double[] std = new double[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                double[] v = new double[results.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = values(results.get(i))[c];
                }
                mean[c] = org.orbitscope.metrics.Stats.mean(v);
                std[c] = org.orbitscope.metrics.Stats.sampleStd(v);
            }
            labels.add(EvaluationSupport.aggregateLabel(models));
            means.add(mean);
            stds.add(std);
        }
        Evaluation first = results.get(0);
        switch (fmt) {
            case "csv" -> {
                out.println("model,dataset,group,samples,seeds,Acc,Acc_std,LI,LI_std,DI,DI_std,SI,SI_std,SigmaMax,"
                        + "SigmaMax_std");
                for (int r = 0; r < labels.size(); r++) {
                    Evaluation e = r < results.size() ? results.get(r) : first;
                    StringBuilder sb = new StringBuilder(EvaluationSupport.csvCell(labels.get(r)));
                    sb.append(',').append(e.dataset()).append(',').append(e.group()).append(',').append(e.samples())
                            .append(',').append(stds.get(r) == null ? 1 : results.size());
                    for (int c = 0; c < COLUMNS.length; c++) {
                        sb.append(',').append(EvaluationSupport.num(means.get(r)[c])).append(',');
                        if (stds.get(r) != null) {
                            sb.append(EvaluationSupport.num(stds.get(r)[c]));
                        }
                    }
                    out.println(sb);
                }
            }
            case "json" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int r = 0; r < labels.size(); r++) {
                    Evaluation e = r < results.size() ? results.get(r) : first;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("model", labels.get(r));
                    row.put("dataset", e.dataset());
                    row.put("group", e.group());
                    row.put("samples", e.samples());
                    row.put("seeds", stds.get(r) == null ? 1 : results.size());
                    Map<String, Object> mm = new LinkedHashMap<>();
                    Map<String, Object> ss = new LinkedHashMap<>();
                    for (int c = 0; c < COLUMNS.length; c++) {
                        mm.put(COLUMNS[c], means.get(r)[c]);
                        if (stds.get(r) != null) {
                            ss.put(COLUMNS[c], stds.get(r)[c]);
                        }
                    }
                    row.put("metrics", mm);
                    if (stds.get(r) != null) {
                        row.put("std", ss);
                    } else {
                        row.put("IGGap", e.igGap());
                    }
                    rows.add(row);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("settings", first.settings().asMap());
                doc.put("rows", rows);
                try {
                    out.println(ModelStore.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                } catch (IOException ex) {
                    throw new OrbitscopeException("cannot format the results as JSON (" + ex.getMessage() + ").", ex);
                }
            }
            default -> {
                out.println("| Model | Acc (%) | LI | DI | SI | SigmaMax |");
                out.println("|---|---|---|---|---|---|");
                for (int r = 0; r < labels.size(); r++) {
                    double[] m = means.get(r);
                    double[] s = stds.get(r);
                    StringBuilder sb = new StringBuilder("| ").append(labels.get(r).replace("|", "\\|"));
                    for (int c = 0; c < COLUMNS.length; c++) {
                        double scale = c == 0 ? 100 : 1;
                        sb.append(" | ").append(md(m[c] * scale, c));
                        if (s != null) {
                            sb.append(" ± ").append(md(s[c] * scale, c));
                        }
                    }
                    out.println(sb.append(" |"));
                }
                out.printf(Locale.ROOT, "%n%d test samples of %s, full %s orbits; SI: %s%n", first.samples(),
                        first.dataset(), first.group(), first.settings().asMap());
            }
        }
        out.flush();
    }

    private static String md(double v, int column) {
        return switch (column) {
            case 0 -> String.format(Locale.ROOT, "%.2f", v);
            case 3 -> String.format(Locale.ROOT, "%.3f", v);
            default -> String.format(Locale.ROOT, "%.4g", v);
        };
    }

    private static double[] values(Evaluation e) {
        return new double[] {e.accuracy(), e.li(), e.di(), e.si(), e.sigmaMax()};
    }
}
