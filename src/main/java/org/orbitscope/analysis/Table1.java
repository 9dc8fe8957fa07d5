package org.orbitscope.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orbitscope.metrics.Stats;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;

/**
 * The paper's Table 1 from evaluated model cards: one row per (dataset, group, kind) with the mean and
 * sample standard deviation over training seeds of Acc, LI, DI, SI and SigmaMax, exactly the values
 * {@code evaluate} stored in the cards (nothing is recomputed).
 */
public final class Table1 {

    /** Metric keys in column order (as stored by evaluate). */
    public static final List<String> METRICS = List.of("Acc", "LI", "DI", "SI", "SigmaMax");

    /**
     * One row.
     *
     * @param dataset dataset id
     * @param group group id
     * @param kind DA, WT or IR-reg
     * @param seeds training seeds aggregated
     * @param nu IR weight (NaN otherwise; the first model's if they differ)
     * @param mean mean per metric
     * @param std sample standard deviation per metric (0 for one seed)
     * @param samples test samples of the evaluation (the smallest among the models)
     */
    public record Row(String dataset, String group, String kind, List<Long> seeds, double nu,
            Map<String, Double> mean, Map<String, Double> std, int samples) {
    }

    private Table1() {
    }

    /**
     * @param config a model's configuration
     * @return its kind label: {@code DA}, {@code WT} or {@code IR-l2} etc.
     */
    public static String kind(ModelConfig config) {
        return switch (config.kind()) {
            case IR -> "IR-" + config.regularizer().id();
            default -> config.kind().name();
        };
    }

    /**
     * Groups evaluated cards into rows; cards without metrics are skipped.
     *
     * @param cards model cards
     * @return rows ordered by dataset, group, then DA, IR-l2, IR-kl, IR-l2norm, WT
     */
    public static List<Row> of(List<ModelCard> cards) {
        Map<String, List<ModelCard>> groups = new LinkedHashMap<>();
        for (ModelCard c : cards) {
            if (!(c.metrics().get("SI") instanceof Number)) {
                continue;
            }
            ModelConfig cfg = c.config();
            groups.computeIfAbsent(cfg.dataset() + "|" + cfg.group() + "|" + kind(cfg), k -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        for (List<ModelCard> g : groups.values()) {
            ModelConfig cfg = g.get(0).config();
            Map<String, Double> mean = new LinkedHashMap<>();
            Map<String, Double> std = new LinkedHashMap<>();
            for (String m : METRICS) {
                double[] v = g.stream().mapToDouble(c -> c.metrics().get(m) instanceof Number n ? n.doubleValue()
                        : Double.NaN).toArray();
                mean.put(m, Stats.mean(v));
                std.put(m, Stats.sampleStd(v));
            }
            int samples = g.stream().mapToInt(Table1::samples).min().orElse(0);
            rows.add(new Row(cfg.dataset(), cfg.group(), kind(cfg), g.stream().map(c -> c.config().seed()).sorted()
                    .toList(), cfg.kind() == org.orbitscope.model.ModelKind.IR ? cfg.nu() : Double.NaN, mean, std,
                    samples));
        }
        rows.sort((a, b) -> {
            // datasets in their declared order (T-MNIST, the paper's, first)
            int c = Integer.compare(datasetOrder(a.dataset()), datasetOrder(b.dataset()));
            if (c == 0) {
                c = a.group().compareTo(b.group());
            }
            return c != 0 ? c : Integer.compare(order(a.kind()), order(b.kind()));
        });
        return rows;
    }

    private static int datasetOrder(String id) {
        for (org.orbitscope.data.DatasetId d : org.orbitscope.data.DatasetId.values()) {
            if (d.id().equals(id)) {
                return d.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int samples(ModelCard c) {
        return c.metrics().get("evaluation") instanceof Map<?, ?> ev && ev.get("samples") instanceof Number n
                ? n.intValue() : 0;
    }

    private static int order(String kind) {
        return switch (kind) {
            case "WT" -> 0;
            case "DA" -> 1;
            case "IR-l2" -> 2;
            case "IR-kl" -> 3;
            case "IR-l2norm" -> 4;
            default -> 5;
        };
    }

    /**
     * @param rows rows
     * @param latex LaTeX (tabular) instead of Markdown
     * @return the table as text, metrics formatted as in the paper (Acc in %)
     */
    public static String format(List<Row> rows, boolean latex) {
        StringBuilder sb = new StringBuilder();
        if (latex) {
            sb.append("\\begin{tabular}{lllrrrrr}\n\\hline\nDataset & $G$ & Model & Acc (\\%) & LI & DI & SI & "
                    + "$\\sigma_{\\max}(J)$ \\\\\n\\hline\n");
        } else {
            sb.append("| Dataset | G | Model | seeds | Acc (%) | LI | DI | SI | SigmaMax |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|\n");
        }
        Map<String, String> formats = new LinkedHashMap<>();
        for (String m : METRICS) {
            formats.put(m, columnFormat(rows, m));
        }
        for (Row r : rows) {
            String kind = r.kind() + (Double.isNaN(r.nu()) ? "" : " (ν=" + trim(r.nu()) + ")");
            String[] cells = new String[METRICS.size()];
            for (int i = 0; i < cells.length; i++) {
                String m = METRICS.get(i);
                double scale = m.equals("Acc") ? 100 : 1;
                cells[i] = pm(r.mean().get(m) * scale, r.std().get(m) * scale, formats.get(m), latex,
                        r.seeds().size() > 1);
            }
            if (latex) {
                sb.append(r.dataset()).append(" & ").append(r.group().toUpperCase(Locale.ROOT)).append(" & ")
                        .append(kind.replace("ν", "$\\nu$")).append(" & ").append(String.join(" & ", cells))
                        .append(" \\\\\n");
            } else {
                sb.append("| ").append(r.dataset()).append(" | ").append(r.group().toUpperCase(Locale.ROOT))
                        .append(" | ").append(kind).append(" | ").append(r.seeds().size()).append(" | ")
                        .append(String.join(" | ", cells)).append(" |\n");
            }
        }
        if (latex) {
            sb.append("\\hline\n\\end{tabular}\n");
        }
        return sb.toString();
    }

    /**
     * One cell as the tables show it: {@code mean ± std} (Acc in %), or the value alone for one seed, in
     * the number format of its whole column (see {@link #columnFormat}).
     *
     * @param column every row of the table (they decide the column's format)
     * @param r a row of it
     * @param metric a key of {@link #METRICS}
     * @return the text
     */
    public static String cell(List<Row> column, Row r, String metric) {
        double scale = metric.equals("Acc") ? 100 : 1;
        return pm(r.mean().get(metric) * scale, r.std().get(metric) * scale, columnFormat(column, metric), false,
                r.seeds().size() > 1);
    }

    /** Format of a column written in scientific notation, e.g. {@code 1.3e-11}. */
    static final String SCIENTIFIC = "sci";

    /**
     * The one number format of a metric's column, so that the numbers of a column line up and compare at a
     * glance: Acc (in %) with one decimal, SI with three, SigmaMax with two; LI and DI with two decimals if
     * every mean and spread of the column lies in [0.01, 10000) (or is 0), otherwise all in scientific
     * notation with two significant digits.
     *
     * @param rows every row of the table
     * @param metric a key of {@link #METRICS}
     * @return a {@link String#format} pattern, or {@link #SCIENTIFIC}
     */
    static String columnFormat(List<Row> rows, String metric) {
        return switch (metric) {
            case "Acc" -> "%.1f";
            case "SI" -> "%.3f";
            case "SigmaMax" -> "%.2f";
            default -> {
                boolean fixed = true;
                for (Row r : rows) {
                    for (double v : new double[] {r.mean().get(metric), r.seeds().size() > 1 ? r.std().get(metric)
                            : 0}) {
                        double a = Math.abs(v);
                        fixed &= a == 0 || !Double.isFinite(a) || (a >= 0.01 && a < 1e4);
                    }
                }
                yield fixed ? "%.2f" : SCIENTIFIC;
            }
        };
    }

    private static String pm(double mean, double std, String format, boolean latex, boolean spread) {
        String m = number(mean, format, latex);
        if (!spread) {
            // one seed has no spread to show
            return latex ? "$" + m + "$" : m;
        }
        String s = std == 0 ? "0" : number(std, format, latex);
        return latex ? "$" + m + " \\pm " + s + "$" : m + " ± " + s;
    }

    /** A number in a column format; scientific as {@code 1.3e-11} (LaTeX: {@code 1.3 \times 10^{-11}}). */
    private static String number(double v, String format, boolean latex) {
        if (!format.equals(SCIENTIFIC) || v == 0 || !Double.isFinite(v)) {
            return String.format(Locale.ROOT, format.equals(SCIENTIFIC) ? "%.1f" : format, v);
        }
        String[] parts = String.format(Locale.ROOT, "%.1e", v).split("e");
        int exponent = Integer.parseInt(parts[1]);
        return latex ? parts[0] + " \\times 10^{" + exponent + "}" : parts[0] + "e" + exponent;
    }

    private static String trim(double v) {
        return ModelConfig.trim(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v)));
    }
}
