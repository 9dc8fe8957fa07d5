package org.orbitscope.ui.saliency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.Colormap;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.ModelLabels;
import org.orbitscope.figure.SaliencyGridFigure;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/**
 * State of the saliency grid: which models and samples are shown, with which saliency settings, and the
 * computed orbits. Orbits are computed on the shared executor and kept in a bounded cache, so revisiting a
 * sample is instant. FX thread only, except where noted.
 */
final class SaliencyModel {

    /** Models shown side by side at most. */
    static final int MAX_MODELS = 3;
    /** Rows the cache keeps (one D4 orbit is about 80 KB, so at most about 20 MB). */
    static final int CACHE_ROWS = 256;

    /**
     * One sample of the grid: its orbit under every shown model.
     *
     * @param sample test-sample index
     * @param label true class
     * @param names model display names, in selection order
     * @param dirs model directories, in the same order
     * @param rows the orbit per model, in the same order
     * @param cards the models' cards, in the same order (for their figure labels)
     */
    record Block(int sample, int label, List<String> names, List<Path> dirs, List<OrbitSaliency.Row> rows,
            List<ModelCard> cards) {
    }

    private final BackgroundTasks tasks;
    private final DatasetCache datasets;
    private final SelectionModel selection;
    private final OrbitCache cache = new OrbitCache(CACHE_ROWS);
    /** Loaded weights by directory and weights checksum: a model re-saved in its folder is loaded again. */
    private final Map<String, StoredModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, double[]> rankings = new ConcurrentHashMap<>();
    private Task<List<Block>> computing;
    private Task<?> choosing;

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    private final ReadOnlyObjectWrapper<List<Integer>> samples = new ReadOnlyObjectWrapper<>(this, "samples",
            List.of(0, 1, 2, 3));
    private final ReadOnlyObjectWrapper<List<Block>> blocks = new ReadOnlyObjectWrapper<>(this, "blocks", List.of());
    private final ReadOnlyObjectWrapper<Group> group = new ReadOnlyObjectWrapper<>(this, "group");
    private final ReadOnlyObjectWrapper<List<String>> classNames = new ReadOnlyObjectWrapper<>(this, "classNames",
            List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObjectProperty<SaliencySettings> settings = new SimpleObjectProperty<>(this, "settings",
            SaliencySettings.DEFAULT);
    private final BooleanProperty aligned = new SimpleBooleanProperty(this, "aligned", true);
    private final DoubleProperty blend = new SimpleDoubleProperty(this, "blend", 0.9);
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(this, "colormap", Colormap.INFERNO);
    private final ObjectProperty<SaliencyGridFigure.Arrangement> arrangement = new SimpleObjectProperty<>(this,
            "arrangement", SaliencyGridFigure.Options.defaults().arrangement());
    private final IntegerProperty columns = new SimpleIntegerProperty(this, "columns",
            SaliencyGridFigure.Options.defaults().columns());
    private final ObjectProperty<ModelLabels.Style> labels = new SimpleObjectProperty<>(this, "labels",
            ModelLabels.Style.SHORT);

    /**
     * @param tasks the shared executor
     * @param datasets loaded datasets
     * @param selection the app-wide selection (models and current sample)
     */
    SaliencyModel(BackgroundTasks tasks, DatasetCache datasets, SelectionModel selection) {
        this.tasks = tasks;
        this.datasets = datasets;
        this.selection = selection;
        selection.models().addListener((ListChangeListener<ModelEntry>) c -> refresh());
        settings.addListener((obs, old, s) -> refresh());
        selection.sampleIndexProperty().addListener((obs, old, i) -> {
            int s = i.intValue();
            if (s >= 0 && !samples.get().contains(s)) {
                showSamples(List.of(s));
            }
        });
        int current = selection.sampleIndexProperty().get();
        if (current >= 0) {
            samples.set(List.of(current));
        }
        refresh();
    }

    /** @return the shown test-sample indices, in row order */
    ReadOnlyObjectProperty<List<Integer>> samplesProperty() {
        return samples.getReadOnlyProperty();
    }

    /** @return the computed rows, one block per sample (empty while nothing is shown) */
    ReadOnlyObjectProperty<List<Block>> blocksProperty() {
        return blocks.getReadOnlyProperty();
    }

    /** @return the group of the columns (the first model's), or null without models */
    ReadOnlyObjectProperty<Group> groupProperty() {
        return group.getReadOnlyProperty();
    }

    /** @return class names of the shown dataset */
    ReadOnlyObjectProperty<List<String>> classNamesProperty() {
        return classNames.getReadOnlyProperty();
    }

    /** @return one sentence on what is shown or going on */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return true while orbits or a ranking are being computed */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** @return the saliency method and post-processing (changing it recomputes) */
    ObjectProperty<SaliencySettings> settingsProperty() {
        return settings;
    }

    /** @return true to show maps realigned by {@code g^-1}, false as computed on {@code g x} */
    BooleanProperty alignedProperty() {
        return aligned;
    }

    /** @return opacity of the saliency over the image, 0..1 */
    DoubleProperty blendProperty() {
        return blend;
    }

    /** @return the saliency colours */
    ObjectProperty<Colormap> colormapProperty() {
        return colormap;
    }

    /** @return how the models of a sample are placed in the figure */
    ObjectProperty<SaliencyGridFigure.Arrangement> arrangementProperty() {
        return arrangement;
    }

    /** @return columns of sample blocks in the figure, 1..{@link SaliencyGridFigure#MAX_COLUMNS} */
    IntegerProperty columnsProperty() {
        return columns;
    }

    /** @return the model labels of the figure: short (DA, IR, WT) or the cards' names */
    ObjectProperty<ModelLabels.Style> labelsProperty() {
        return labels;
    }

    /** @return the shared selection */
    SelectionModel selection() {
        return selection;
    }

    /** @return the orbit cache (for tests) */
    OrbitCache cache() {
        return cache;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /**
     * Shows these test samples, one row group each.
     *
     * @param indices test-sample indices (1..64, each &gt;= 0)
     */
    void showSamples(List<Integer> indices) {
        if (indices.isEmpty() || indices.size() > 64) {
            throw new OrbitscopeException("Choose between 1 and 64 samples, got " + indices.size() + ".");
        }
        for (int i : indices) {
            if (i < 0) {
                throw new OrbitscopeException("Sample indices must not be negative, got " + i + ".");
            }
        }
        samples.set(List.copyOf(indices));
        refresh();
    }

    /**
     * Shows the first test samples of one class.
     *
     * @param label the class
     * @param count how many samples
     */
    void showClass(int label, int count) {
        choose("Finding samples of class " + label, test -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < test.size() && out.size() < count; i++) {
                if (test.label(i) == label) {
                    out.add(i);
                }
            }
            return out;
        });
    }

    /**
     * Shows random test samples.
     *
     * @param seed the random seed (the same seed gives the same samples)
     * @param count how many samples
     */
    void showRandom(long seed, int count) {
        choose("Drawing random samples", test -> {
            Random r = new Random(seed);
            List<Integer> out = new ArrayList<>();
            while (out.size() < Math.min(count, test.size())) {
                int i = r.nextInt(test.size());
                if (!out.contains(i)) {
                    out.add(i);
                }
            }
            return out;
        });
    }

    /**
     * Shows the least or most invariant samples (lowest or highest per-sample SI) among the first test
     * samples, for the first selected model. The ranking is computed once per model, pool and settings.
     *
     * @param least true for the lowest SI first, false for the highest
     * @param pool how many leading test samples are ranked
     * @param count how many samples to show
     */
    void showRanked(boolean least, int pool, int count) {
        List<ModelEntry> ms = shownModels();
        if (ms.isEmpty()) {
            status.set("Select a model in the library first.");
            return;
        }
        ModelEntry m = ms.get(0);
        SaliencySettings s = settings.get();
        String key = m.dir() + "|" + m.card().weightsSha256() + "|" + pool + "|" + s;
        String what = (least ? "Least" : "Most") + " invariant samples of " + m.name();
        Task<List<Integer>> task = new Task<>() {
            @Override
            protected List<Integer> call() {
                updateTitle("Ranking samples by SI (" + m.name() + ")");
                double[] si = rankings.get(key);
                if (si == null) {
                    StoredModel sm = load(m);
                    ModelConfig c = sm.card().config();
                    Split test = datasets.get(c.datasetValue(), c.splitSeed()).test();
                    int n = Math.min(pool, test.size());
                    float[] x = Evaluator.inputs(test, n, sm.card().normalization());
                    int[] y = Evaluator.labels(test, n);
                    Task<?> self = this;
                    Evaluation e = Evaluator.evaluate(sm.classifier(), x, y, n, c.groupValue(),
                            sm.card().normalization(), s, c.dataset(), new Evaluator.Listener() {
                                @Override
                                public void onProgress(int done, int total) {
                                    updateProgress(done, total);
                                }

                                @Override
                                public boolean isCancelled() {
                                    return self.isCancelled();
                                }
                            });
                    si = e.perSample().get(Evaluation.SI);
                    rankings.put(key, si);
                }
                Integer[] order = new Integer[si.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                double[] v = si;
                Arrays.sort(order, (a, b) -> least ? Double.compare(v[a], v[b]) : Double.compare(v[b], v[a]));
                return List.of(Arrays.copyOf(order, Math.min(count, order.length)));
            }
        };
        startChoice(task, what);
    }

    /** Recomputes (or takes from the cache) the orbits of the shown samples under the shown models. */
    void refresh() {
        assert Platform.isFxApplicationThread();
        if (computing != null) {
            computing.cancel();
            computing = null;
        }
        List<ModelEntry> all = shownModels();
        if (all.isEmpty()) {
            blocks.set(List.of());
            group.set(null);
            status.set("Select one to three models in the library.");
            updateBusy();
            return;
        }
        ModelConfig first = all.get(0).card().config();
        List<ModelEntry> ms = new ArrayList<>();
        for (ModelEntry m : all) {
            ModelConfig c = m.card().config();
            if (c.dataset().equals(first.dataset()) && c.splitSeed() == first.splitSeed()) {
                ms.add(m);
            }
        }
        Group g = first.groupValue();
        group.set(g);
        classNames.set(first.datasetValue().classNames());
        List<Integer> idx = samples.get();
        SaliencySettings s = settings.get();
        String skipped = ms.size() < all.size() ? " Models on another dataset or split are left out." : "";
        List<Block> ready = assemble(ms, g, idx, s);
        if (ready != null) {
            publish(ready, skipped);
            return;
        }
        Task<List<Block>> task = new Task<>() {
            @Override
            protected List<Block> call() {
                updateTitle("Orbit saliency of " + idx.size() + " samples");
                int step = 0;
                for (ModelEntry m : ms) {
                    if (isCancelled()) {
                        throw new CancellationException();
                    }
                    computeMissing(m, g, idx, s);
                    updateProgress(++step, ms.size());
                }
                return assemble(ms, g, idx, s);
            }
        };
        computing = task;
        task.setOnSucceeded(e -> {
            if (computing == task) {
                computing = null;
                publish(task.getValue(), skipped);
            }
        });
        task.setOnFailed(e -> {
            if (computing == task) {
                computing = null;
                blocks.set(List.of());
                status.set(message(task.getException()));
                updateBusy();
            }
        });
        status.set("Computing saliency…");
        tasks.submit(task);
        updateBusy();
    }

    /**
     * Renders the grid figure of what is shown (the same figure as the {@code figure saliency} command).
     *
     * @param scale resolution multiplier, 1..4
     * @return the figure, or null when nothing is shown
     */
    Figure figure(double scale) {
        return figure(blocks.get(), scale);
    }

    /**
     * Renders some blocks as a grid figure.
     *
     * @param shown the blocks
     * @param scale resolution multiplier
     * @return the figure, or null when there is nothing to draw
     */
    Figure figure(List<Block> shown, double scale) {
        Group g = group.get();
        if (shown.isEmpty() || g == null) {
            return null;
        }
        List<SaliencyGridFigure.Panel> panels = new ArrayList<>();
        List<String> names = ModelLabels.of(shown.get(0).cards(), shown.get(0).names(), labels.get());
        for (int m = 0; m < shown.get(0).rows().size(); m++) {
            List<OrbitSaliency.Row> rows = new ArrayList<>();
            for (Block b : shown) {
                rows.add(b.rows().get(m));
            }
            panels.add(new SaliencyGridFigure.Panel(names.get(m), rows));
        }
        return SaliencyGridFigure.figure(panels, g, options(scale));
    }

    /** @return the figure's labels of the shown models, in selection order (empty when nothing is shown) */
    List<String> labels() {
        List<Block> shown = blocks.get();
        return shown.isEmpty() ? List.of() : ModelLabels.of(shown.get(0).cards(), shown.get(0).names(),
                labels.get());
    }

    private SaliencyGridFigure.Options options(double scale) {
        return new SaliencyGridFigure.Options(aligned.get(), 72, scale, blend.get(), colormap.get(),
                classNames.get(), arrangement.get(), columns.get());
    }

    /**
     * Writes the shown maps as CSV, one line per map: the model, sample, group element, whether the map is
     * realigned, prediction, SI, IG gap, then the 1296 values row by row.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeCsv(Appendable out) throws IOException {
        Group g = group.get();
        int d = g == null ? 0 : g.pixels();
        out.append("model,sample,label,g,map,predicted,probability,cosine,si,ig_gap");
        for (int p = 0; p < d; p++) {
            out.append(",p").append(Integer.toString(p));
        }
        out.append('\n');
        for (Block b : blocks.get()) {
            for (int m = 0; m < b.rows().size(); m++) {
                OrbitSaliency.Row r = b.rows().get(m);
                for (int e = 0; e < g.order(); e++) {
                    for (String kind : List.of("aligned", "raw")) {
                        float[] map = kind.equals("aligned") ? r.aligned()[e] : r.maps()[e];
                        out.append(csv(b.names().get(m))).append(',').append(Integer.toString(r.sample()))
                                .append(',').append(Integer.toString(r.label())).append(',').append(csv(g.label(e)))
                                .append(',').append(kind).append(',').append(Integer.toString(r.predicted()[e]))
                                .append(',').append(Float.toString(r.probability()[e])).append(',')
                                .append(Double.toString(r.cosine()[e])).append(',').append(Double.toString(r.si()))
                                .append(',').append(Double.toString(r.gap()[e]));
                        for (float v : map) {
                            out.append(',').append(Float.toString(v));
                        }
                        out.append('\n');
                    }
                }
            }
        }
    }

    /**
     * The shown maps as arrays, laid out as the {@code figure saliency --maps} command writes them.
     *
     * @return arrays by name: aligned and raw {@code [models, samples, |G|, 1296]}, samples, labels, si
     *     {@code [models, samples]}, predicted and probability {@code [models, samples, |G|]}
     */
    Map<String, NpyArray> arrays() {
        List<Block> shown = blocks.get();
        Group g = group.get();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        if (shown.isEmpty() || g == null) {
            return arrays;
        }
        int models = shown.get(0).rows().size();
        int n = shown.size();
        int order = g.order();
        int d = g.pixels();
        float[] al = new float[models * n * order * d];
        float[] raw = new float[al.length];
        float[] si = new float[models * n];
        int[] pred = new int[models * n * order];
        float[] prob = new float[pred.length];
        int[] idx = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Block b = shown.get(i);
            idx[i] = b.sample();
            labels[i] = b.label();
            for (int m = 0; m < models; m++) {
                OrbitSaliency.Row r = b.rows().get(m);
                si[m * n + i] = (float) r.si();
                for (int e = 0; e < order; e++) {
                    int cell = (m * n + i) * order + e;
                    System.arraycopy(r.aligned()[e], 0, al, cell * d, d);
                    System.arraycopy(r.maps()[e], 0, raw, cell * d, d);
                    pred[cell] = r.predicted()[e];
                    prob[cell] = r.probability()[e];
                }
            }
        }
        arrays.put("aligned", NpyArray.of(al, models, n, order, d));
        arrays.put("raw", NpyArray.of(raw, models, n, order, d));
        arrays.put("samples", NpyArray.ofInts(idx, n));
        arrays.put("labels", NpyArray.ofInts(labels, n));
        arrays.put("si", NpyArray.of(si, models, n));
        arrays.put("predicted", NpyArray.ofInts(pred, models, n, order));
        arrays.put("probability", NpyArray.of(prob, models, n, order));
        return arrays;
    }

    /**
     * Writes {@link #arrays()} as .npz (any thread).
     *
     * @param arrays the arrays
     * @param file the .npz file
     * @throws IOException if writing fails
     */
    static void writeNpz(Map<String, NpyArray> arrays, Path file) throws IOException {
        Npz.write(file, arrays);
    }

    // ---------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------

    private List<ModelEntry> shownModels() {
        List<ModelEntry> ms = selection.models();
        return List.copyOf(ms.subList(0, Math.min(MAX_MODELS, ms.size())));
    }

    private void publish(List<Block> ready, String note) {
        blocks.set(ready);
        if (ready.isEmpty()) {
            status.set("Nothing to show.");
        } else {
            int n = ready.size();
            int m = ready.get(0).rows().size();
            status.set(String.format(Locale.ROOT, "%d %s × %d %s, %s.%s", n, n == 1 ? "sample" : "samples", m,
                    m == 1 ? "model" : "models", settings.get().method().name().toLowerCase(Locale.ROOT)
                            .replace('_', ' '), note));
        }
        updateBusy();
    }

    private void updateBusy() {
        busy.set(computing != null || choosing != null);
    }

    private void choose(String what, Function<Split, List<Integer>> pick) {
        List<ModelEntry> ms = shownModels();
        if (ms.isEmpty()) {
            status.set("Select a model in the library first.");
            return;
        }
        ModelConfig c = ms.get(0).card().config();
        Task<List<Integer>> task = new Task<>() {
            @Override
            protected List<Integer> call() {
                updateTitle(what);
                return pick.apply(datasets.get(c.datasetValue(), c.splitSeed()).test());
            }
        };
        startChoice(task, what);
    }

    private void startChoice(Task<List<Integer>> task, String what) {
        if (choosing != null) {
            choosing.cancel();
        }
        choosing = task;
        task.setOnSucceeded(e -> {
            if (choosing == task) {
                choosing = null;
                if (task.getValue().isEmpty()) {
                    status.set(what + ": no sample found.");
                    updateBusy();
                } else {
                    showSamples(task.getValue());
                }
            }
        });
        task.setOnFailed(e -> {
            if (choosing == task) {
                choosing = null;
                status.set(message(task.getException()));
                updateBusy();
            }
        });
        task.setOnCancelled(e -> {
            if (choosing == task) {
                choosing = null;
                updateBusy();
            }
        });
        status.set(what + "…");
        tasks.submit(task);
        updateBusy();
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    private static String message(Throwable e) {
        Throwable c = e;
        while (!(c instanceof OrbitscopeException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof OrbitscopeException ? c.getMessage() : "Could not compute saliency: " + e;
    }

    /**
     * Loads the weights a library entry describes, once (any thread).
     *
     * @throws OrbitscopeException if the folder now holds other weights than the entry's card says
     */
    private StoredModel load(ModelEntry m) {
        return loaded.computeIfAbsent(m.dir() + "|" + m.card().weightsSha256(), k -> {
            StoredModel sm = ModelStore.load(m.dir());
            if (!java.util.Objects.equals(sm.card().weightsSha256(), m.card().weightsSha256())) {
                throw new OrbitscopeException(m.name() + " was saved again since the library read it: refresh the "
                        + "library to see its new weights.");
            }
            return sm;
        });
    }

    /** The cache key of one orbit. */
    private static OrbitCache.Key key(ModelEntry m, TransformingDataset data, Group g, int sample,
            SaliencySettings s) {
        return new OrbitCache.Key(m.dir(), m.card().weightsSha256(), data.fingerprint(), g.id(), sample, s);
    }

    /** Computes the orbits of the samples not yet cached, all in one batch (off the FX thread). */
    private void computeMissing(ModelEntry m, Group g, List<Integer> idx, SaliencySettings s) {
        ModelConfig mc = m.card().config();
        TransformingDataset data = datasets.get(mc.datasetValue(), mc.splitSeed());
        List<Integer> missing = new ArrayList<>();
        for (int i : idx) {
            if (cache.get(key(m, data, g, i, s)) == null && !missing.contains(i)) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        StoredModel sm = load(m);
        Split test = data.test();
        int[] which = missing.stream().mapToInt(Integer::intValue).toArray();
        int[] labels = new int[which.length];
        for (int k = 0; k < which.length; k++) {
            if (which[k] >= test.size()) {
                throw new OrbitscopeException("Sample " + which[k] + " is outside the test split (0.."
                        + (test.size() - 1) + ").");
            }
            labels[k] = test.label(which[k]);
        }
        float[] x = new float[which.length * g.pixels()];
        test.fill(which, null, null, sm.card().normalization(), x);
        List<OrbitSaliency.Row> rows = OrbitSaliency.compute(sm.classifier(), g, sm.card().normalization(), x, labels,
                which, s);
        for (OrbitSaliency.Row r : rows) {
            cache.put(key(m, data, g, r.sample(), s), r);
        }
    }

    /** @return the blocks from the cache, or null if some orbit is not cached (any thread) */
    private List<Block> assemble(List<ModelEntry> ms, Group g, List<Integer> idx, SaliencySettings s) {
        List<Block> out = new ArrayList<>();
        List<String> names = ms.stream().map(ModelEntry::name).toList();
        List<Path> dirs = ms.stream().map(ModelEntry::dir).toList();
        List<ModelCard> cards = ms.stream().map(ModelEntry::card).toList();
        for (int i : idx) {
            List<OrbitSaliency.Row> rows = new ArrayList<>();
            for (ModelEntry m : ms) {
                ModelConfig mc = m.card().config();
                // the data is only looked at here, never loaded: without it nothing counts as cached
                TransformingDataset data = datasets.peek(mc.datasetValue(), mc.splitSeed());
                OrbitSaliency.Row r = data == null ? null : cache.get(key(m, data, g, i, s));
                if (r == null) {
                    return null;
                }
                rows.add(r);
            }
            out.add(new Block(i, rows.get(0).label(), names, dirs, List.copyOf(rows), cards));
        }
        return List.copyOf(out);
    }
}
