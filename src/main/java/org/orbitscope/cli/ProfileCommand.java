package org.orbitscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.analysis.probe.TransformGrid;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code profile}: LI, DI and accuracy against the angle of a rotation or the pixels of a shift. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Invariance profile beyond the group's elements: for every angle (or shift) T of a grid, LI = "
                + "mean 0.5 ||f(x) - f(T x)||^2, DI = mean KL(softmax f(x) || softmax f(T x)) and Acc = accuracy on "
                + "T x over the first N test samples. Rotations are bilinear about the image centre (zero outside), "
                + "shifts cyclic; at the group's own elements the exact pixel permutation is used. One row per "
                + "model and angle: model, angle (or shift), LI, DI, Acc.")
final class ProfileCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "Model directories.")
    private List<Path> models;

    @picocli.CommandLine.Mixin
    private GridOptions grid;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--out", description = "Write the table to this file instead of standard output.")
    private Path out;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    /** The grid and sample options {@code profile} and {@code figure profile} share. */
    static final class GridOptions {

        @Option(names = "--angles", paramLabel = "SPEC", description = "Rotation angles in degrees, start:end:step "
                + "(end excluded) or a list a,b,c (default for R4 and D4 models: " + TransformGrid.DEFAULT_ANGLES
                + ").")
        String angles;

        @Option(names = "--shifts", paramLabel = "SPEC", description = "Cyclic column shifts in pixels, start:end:step "
                + "or a list (default for T3 models: " + TransformGrid.DEFAULT_SHIFTS + ").")
        String shifts;

        @Option(names = "--samples", defaultValue = "200",
                description = "First N test samples (0 = all; default: ${DEFAULT-VALUE}).")
        int samples = 200;
    }

    /**
     * One profiled model.
     *
     * @param name the row label (the directory's name)
     * @param model the model
     * @param group its group
     * @param dataset the dataset its samples came from
     * @param samples how many test samples
     * @param points one point per transformation, in grid order
     */
    record Measured(String name, StoredModel model, Group group, DatasetId dataset, int samples,
            List<InvarianceProfile.Point> points) {
    }

    @Override
    public Integer call() {
        String fmt = EvaluationSupport.format(format);
        if (out != null) {
            // before the work, not after: a read-only folder or a file in the way fails now
            AtomicFiles.checkWritable(out);
        }
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        List<Transform> transforms = transforms(loaded, grid);
        List<Measured> measured = measure(loaded, new EvaluationSupport(dataDir), transforms, grid.samples,
                spec.commandLine().getErr());
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        switch (fmt) {
            case "csv" -> printCsv(w, measured);
            case "json" -> printJson(w, measured);
            default -> printMarkdown(w, measured);
        }
        w.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(text);
        } else {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.writeFile(out, bytes);
            stdout.printf(Locale.ROOT, "Wrote %s (%d rows).%n", out, measured.stream()
                    .mapToInt(m -> m.points().size()).sum());
        }
        stdout.flush();
        return 0;
    }

    /**
     * The kind of transformation that fits a group: rotations for groups of rotations (R4, D4), shifts for
     * groups of translations (T3).
     *
     * @param group a group
     * @return its kind
     */
    static Transform.Kind naturalKind(Group group) {
        for (int k = 1; k < group.side(); k++) {
            if (Transform.shift(k).elementIn(group) >= 0) {
                return Transform.Kind.SHIFT;
            }
        }
        return Transform.Kind.ROTATION;
    }

    /**
     * The grid the options ask for, or the one that fits every model's group.
     *
     * @param loaded the models
     * @param options the grid options
     * @return the transformations, in order
     * @throws OrbitscopeException if both grids are given, or none is and the models' groups call for different
     *     kinds
     */
    static List<Transform> transforms(List<StoredModel> loaded, GridOptions options) {
        if (options.angles != null && options.shifts != null) {
            throw new OrbitscopeException("Give --angles or --shifts, not both: a profile runs over one kind of "
                    + "transformation.");
        }
        if (options.angles != null) {
            return TransformGrid.parse(options.angles, Transform.Kind.ROTATION);
        }
        if (options.shifts != null) {
            return TransformGrid.parse(options.shifts, Transform.Kind.SHIFT);
        }
        StoredModel first = loaded.get(0);
        Transform.Kind kind = naturalKind(first.card().config().groupValue());
        for (StoredModel m : loaded) {
            Group g = m.card().config().groupValue();
            if (naturalKind(g) != kind) {
                Group g0 = first.card().config().groupValue();
                throw new OrbitscopeException(name(first) + " is " + describe(g0) + " and " + name(m) + " "
                        + describe(g) + "; profile them separately, or give --angles or --shifts to profile all "
                        + "of them over the same grid.");
            }
        }
        return TransformGrid.parse(kind == Transform.Kind.ROTATION ? TransformGrid.DEFAULT_ANGLES
                : TransformGrid.DEFAULT_SHIFTS, kind);
    }

    private static String describe(Group g) {
        String id = g.id().toUpperCase(Locale.ROOT);
        return (id.startsWith("R") ? "an " : "a ") + id + " model (profiled over "
                + (naturalKind(g) == Transform.Kind.ROTATION ? "angles" : "shifts") + ")";
    }

    /**
     * Profiles every model on the first test samples of its own dataset, reporting progress on {@code err}.
     *
     * @param loaded the models
     * @param support dataset loading
     * @param transforms the grid
     * @param requested test samples (0 = all)
     * @param err where progress goes
     * @return one entry per model
     */
    static List<Measured> measure(List<StoredModel> loaded, EvaluationSupport support, List<Transform> transforms,
            int requested, PrintWriter err) {
        List<Measured> out = new ArrayList<>();
        for (StoredModel m : loaded) {
            DatasetId id = m.card().config().datasetValue();
            TransformingDataset data = support.dataset(id, m.card().config().splitSeed());
            Split test = data.test();
            int n = EvaluationSupport.samples(requested, test);
            Group group = m.card().config().groupValue();
            String label = name(m);
            long t0 = System.nanoTime();
            List<InvarianceProfile.Point> points = InvarianceProfile.compute(m.classifier(), m.card().normalization(),
                    group, InvarianceProfile.images(test, n), Evaluator.labels(test, n), n, transforms,
                    Evaluator.SILENT);
            err.printf(Locale.ROOT, "%s: %d samples x %d %s in %.1fs%n", label, n, transforms.size(),
                    transforms.get(0).kind() == Transform.Kind.ROTATION ? "angles" : "shifts",
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
            out.add(new Measured(label, m, group, id, n, points));
        }
        return out;
    }

    /** The row label: the model directory's name (what the user typed), else the card's name. */
    static String name(StoredModel m) {
        return LayersCommand.name(m);
    }

    /**
     * @param t a transformation
     * @return its amount as written in the tables: {@code 45}, {@code 2.5}, {@code -12}
     */
    static String amount(Transform t) {
        double a = t.amount();
        if (a == Math.rint(a) && Math.abs(a) < 1e15) {
            return Long.toString((long) a);
        }
        return String.format(Locale.ROOT, "%.9g", a).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String column(List<Measured> measured) {
        return measured.get(0).points().get(0).transform().kind() == Transform.Kind.ROTATION ? "angle" : "shift";
    }

    private static void printMarkdown(PrintWriter out, List<Measured> measured) {
        boolean rotation = column(measured).equals("angle");
        out.printf(Locale.ROOT, "Invariance profile over %s: the first %d test samples of each model's dataset; "
                + "%s; (exact): a group element, applied as its exact pixel permutation.%n%n",
                rotation ? "rotations" : "cyclic shifts", measured.get(0).samples(),
                rotation ? "T x bilinear about the image centre, zero outside"
                        : "T x shifts the columns to the right, cyclically");
        out.println("| Model | " + (rotation ? "Angle (°)" : "Shift (px)") + " | LI | DI | Acc (%) |");
        out.println("|---|---|---|---|---|");
        for (Measured m : measured) {
            for (InvarianceProfile.Point p : m.points()) {
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f |%n", m.name().replace("|", "\\|"),
                        amount(p.transform()) + (p.element() >= 0 ? " (exact)" : ""),
                        EvaluationSupport.num(p.li()), EvaluationSupport.num(p.di()), 100 * p.accuracy());
            }
        }
    }

    private static void printCsv(PrintWriter out, List<Measured> measured) {
        out.println("model," + column(measured) + ",LI,DI,Acc");
        for (Measured m : measured) {
            for (InvarianceProfile.Point p : m.points()) {
                out.println(String.join(",", EvaluationSupport.csvCell(m.name()), amount(p.transform()),
                        Double.toString(p.li()), Double.toString(p.di()), Double.toString(p.accuracy())));
            }
        }
    }

    private static void printJson(PrintWriter out, List<Measured> measured) {
        String column = column(measured);
        ArrayNode rows = ModelStore.json().createArrayNode();
        for (Measured m : measured) {
            ObjectNode model = rows.addObject();
            model.put("model", m.name());
            model.put("weightsSha256", m.model().card().weightsSha256());
            model.put("dataset", m.dataset().id());
            model.put("group", m.group().id());
            model.put("samples", m.samples());
            model.put("transformation", column.equals("angle") ? "rotation" : "shift");
            ArrayNode points = model.putArray("points");
            for (InvarianceProfile.Point p : m.points()) {
                ObjectNode o = points.addObject();
                o.put(column, p.transform().amount());
                if (p.element() >= 0) {
                    o.put("element", m.group().label(p.element()));
                } else {
                    o.putNull("element");
                }
                o.put("LI", p.li());
                o.put("DI", p.di());
                o.put("Acc", p.accuracy());
            }
        }
        try {
            out.println(ModelStore.json().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
