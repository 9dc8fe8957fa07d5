package org.orbitscope.ui.embedding;

import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;
import org.orbitscope.analysis.embedding.EmbeddingListener;
import org.orbitscope.analysis.embedding.OrbitActivations;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.OrbitEmbedding;
import org.orbitscope.analysis.embedding.OrbitPurity;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/**
 * State of the Embedding view: the current layout (PCA first, then live t-SNE), its orbit purity and the nearest
 * neighbours of its points in the activation space, and the job computing them.
 */
public final class EmbeddingModel {

    private final BackgroundTasks tasks;
    private final SelectionModel selection;
    private final DatasetCache datasets;
    private boolean showing;
    /** The model of the job last started (running or finished). */
    private ModelEntry embedded;

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    private final ReadOnlyObjectWrapper<OrbitEmbedding> embedding = new ReadOnlyObjectWrapper<>(this, "embedding");
    private final ReadOnlyObjectWrapper<Split> split = new ReadOnlyObjectWrapper<>(this, "split");
    private final ReadOnlyObjectWrapper<Group> group = new ReadOnlyObjectWrapper<>(this, "group");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            "Select a model in the library to see its orbit embedding.");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<ModelEntry> shownModel = new ReadOnlyObjectWrapper<>(this, "shownModel");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ObjectProperty<TsneSettings> settings = new SimpleObjectProperty<>(this, "settings",
            TsneSettings.DEFAULT);
    private final ObjectProperty<Integer> samples = new SimpleObjectProperty<>(this, "samples",
            OrbitEmbedder.DEFAULT_SAMPLES);
    /** The layer to embed; {@code null} for each model's embedding layer (its last hidden layer). */
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>(this, "layer");
    private final ReadOnlyStringWrapper shownLayer = new ReadOnlyStringWrapper(this, "shownLayer");
    private final ReadOnlyObjectWrapper<OrbitPurity.Result> purity = new ReadOnlyObjectWrapper<>(this, "purity");
    private final ReadOnlyObjectWrapper<OrbitPurity.Neighbours> neighbours = new ReadOnlyObjectWrapper<>(this,
            "neighbours");
    private Task<OrbitEmbedding> task;

    /**
     * @param tasks the background executor
     * @param selection the app-wide selection; the current model is embedded when it changes
     */
    public EmbeddingModel(BackgroundTasks tasks, SelectionModel selection) {
        this(tasks, selection, new DatasetCache());
    }

    /**
     * @param tasks the background executor
     * @param selection the app-wide selection; the current model is embedded when it changes
     * @param datasets where datasets are loaded from
     */
    public EmbeddingModel(BackgroundTasks tasks, SelectionModel selection, DatasetCache datasets) {
        this(tasks, selection, datasets, true);
    }

    /**
     * @param tasks the background executor
     * @param selection the app-wide selection
     * @param datasets where datasets are loaded from
     * @param showing whether the view starts visible (the main window passes false and calls
     *     {@link #setShowing} as tabs change)
     */
    public EmbeddingModel(BackgroundTasks tasks, SelectionModel selection, DatasetCache datasets, boolean showing) {
        this.showing = showing;
        this.tasks = tasks;
        this.selection = selection;
        this.datasets = datasets;
        // the field, not the constructor's parameter: the main window toggles it as tabs change
        selection.currentModelProperty().addListener((obs, old, m) -> {
            if (m != null && this.showing && !sameModel(m, embedded)) {
                compute(m);
            }
            updateStale();
        });
        shownModel.addListener((obs, old, m) -> updateStale());
        layer.addListener((obs, old, l) -> {
            ModelEntry m = selection.currentModelProperty().get();
            if (this.showing && m != null) {
                compute(m);
            } else {
                // embedded again, with the new layer, when the view comes into sight
                embedded = null;
            }
        });
    }

    /** True if an entry is the same model (same directory and weights) as another, or both are null. */
    static boolean sameModel(ModelEntry a, ModelEntry b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.dir().equals(b.dir()) && java.util.Objects.equals(a.card().weightsSha256(),
                b.card().weightsSha256());
    }

    private void updateStale() {
        ModelEntry current = selection.currentModelProperty().get();
        ModelEntry shown = shownModel.get();
        stale.set(shown != null && current != null && !sameModel(current, shown));
    }

    /**
     * An embedding takes tens of seconds of both cores, so it is computed only while the view is shown:
     * a model selected meanwhile is embedded when the view comes into sight.
     *
     * @param on true while the embedding view is visible
     */
    public void setShowing(boolean on) {
        boolean was = showing;
        showing = on;
        ModelEntry m = selection.currentModelProperty().get();
        if (on && !was && m != null && !sameModel(m, embedded)) {
            compute(m);
        }
    }

    /** @return the layout on show (PCA, a t-SNE snapshot, or the final t-SNE), or null */
    public ReadOnlyObjectProperty<OrbitEmbedding> embeddingProperty() {
        return embedding.getReadOnlyProperty();
    }

    /** @return the test split the samples come from (for images), or null */
    public ReadOnlyObjectProperty<Split> splitProperty() {
        return split.getReadOnlyProperty();
    }

    /** @return the group of the orbits, or null */
    public ReadOnlyObjectProperty<Group> groupProperty() {
        return group.getReadOnlyProperty();
    }

    /** @return the model whose layout is on show, or null (named on the plot and in every export) */
    public ReadOnlyObjectProperty<ModelEntry> shownModelProperty() {
        return shownModel.getReadOnlyProperty();
    }

    /** @return true while the layout on show belongs to another model than the current selection */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /**
     * @return the title naming what is on show: the model's directory name and configuration, or null
     */
    public String shownTitle() {
        ModelEntry m = shownModel.get();
        String l = shownLayer.get();
        return m == null ? null : title(m) + (l == null ? "" : " \u00b7 layer " + l);
    }

    /**
     * @param m a model
     * @return its directory name and, when that does not already say it, its configuration
     */
    public static String title(ModelEntry m) {
        String label = m.card().config().label();
        String name = m.card().name() == null || m.card().name().isBlank() ? m.name() : m.card().name();
        return name.equals(label) ? name : name + " \u00b7 " + label;
    }

    /** @return a one-line description of what is shown or running */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return true while a job runs */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** @return the t-SNE settings for the next run */
    public ObjectProperty<TsneSettings> settingsProperty() {
        return settings;
    }

    /** @return the number of test samples for the next run */
    public ObjectProperty<Integer> samplesProperty() {
        return samples;
    }

    /**
     * @return the layer the next embedding shows (set by the Layers view); {@code null} for each model's last
     *     hidden layer
     */
    public ObjectProperty<String> layerProperty() {
        return layer;
    }

    /** @return the layer whose activations the layout on show is of, or null if unknown */
    public ReadOnlyStringProperty shownLayerProperty() {
        return shownLayer.getReadOnlyProperty();
    }

    /**
     * @return orbit purity@k of the layout on show and of its activations, or null (not computed yet, or a
     *     layout shown without its activations)
     */
    public ReadOnlyObjectProperty<OrbitPurity.Result> purityProperty() {
        return purity.getReadOnlyProperty();
    }

    /**
     * @return the k nearest neighbours in the activation space of each point of the layout on show (same
     *     order as its points), or null
     */
    public ReadOnlyObjectProperty<OrbitPurity.Neighbours> neighboursProperty() {
        return neighbours.getReadOnlyProperty();
    }

    /**
     * @param points points of an embedding
     * @return the k of orbit purity@k and of the neighbours computed for it: {@value OrbitPurity#DEFAULT_K}, or
     *     fewer when there are not that many other points
     */
    public static int purityK(int points) {
        return Math.max(1, Math.min(OrbitPurity.DEFAULT_K, points - 1));
    }

    /** @return the shared selection */
    public SelectionModel selection() {
        return selection;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /** Recomputes the embedding of the current model with the current settings. */
    public void recompute() {
        ModelEntry m = selection.currentModelProperty().get();
        if (m != null) {
            compute(m);
        }
    }

    /** Cancels the running job, if any. */
    public void cancel() {
        if (task != null) {
            task.cancel();
        }
    }

    /**
     * Shows a ready-made embedding (used by tests and by callers that computed one elsewhere).
     *
     * @param e the embedding
     * @param testSplit the split its samples index, or null
     * @param g the group of its orbits, or null
     */
    public void show(OrbitEmbedding e, Split testSplit, Group g) {
        show(e, testSplit, g, null);
    }

    /**
     * Shows a ready-made embedding of a model.
     *
     * @param e the embedding
     * @param testSplit the split its samples index, or null
     * @param g the group of its orbits, or null
     * @param of the model it was computed from, or null if unknown
     */
    public void show(OrbitEmbedding e, Split testSplit, Group g, ModelEntry of) {
        show(e, testSplit, g, of, null);
    }

    /**
     * Shows a ready-made embedding of one layer of a model.
     *
     * @param e the embedding
     * @param testSplit the split its samples index, or null
     * @param g the group of its orbits, or null
     * @param of the model it was computed from, or null if unknown
     * @param ofLayer the layer it embeds, or null if unknown
     */
    public void show(OrbitEmbedding e, Split testSplit, Group g, ModelEntry of, String ofLayer) {
        show(e, testSplit, g, of, ofLayer, null, null);
    }

    /**
     * Shows a ready-made embedding of one layer of a model with its orbit purity and activation neighbours.
     *
     * @param e the embedding
     * @param testSplit the split its samples index, or null
     * @param g the group of its orbits, or null
     * @param of the model it was computed from, or null if unknown
     * @param ofLayer the layer it embeds, or null if unknown
     * @param p its orbit purity, or null if unknown
     * @param nb the nearest neighbours of its points in the activation space, or null if unknown
     */
    public void show(OrbitEmbedding e, Split testSplit, Group g, ModelEntry of, String ofLayer, OrbitPurity.Result p,
            OrbitPurity.Neighbours nb) {
        // the neighbours before the layout: a listener of the layout finds the neighbours of its own points
        purity.set(p);
        neighbours.set(nb);
        shownLayer.set(ofLayer);
        shownModel.set(of);
        split.set(testSplit);
        group.set(g);
        embedding.set(e);
        status.set(describe(e, settings.get().method()));
    }

    /**
     * Starts computing a model's embedding: PCA appears at once, t-SNE snapshots as it runs.
     *
     * @param entry the model
     * @return the job
     */
    public Task<OrbitEmbedding> compute(ModelEntry entry) {
        cancel();
        embedded = entry;
        int n = samples.get();
        TsneSettings s = settings.get();
        boolean umap = s.method() == TsneSettings.Method.UMAP;
        String what = umap ? "UMAP" : "t-SNE";
        OrbitEmbedding.Method kind = umap ? OrbitEmbedding.Method.UMAP : OrbitEmbedding.Method.TSNE;
        // snapshots: every 100 t-SNE iterations, every 20 UMAP epochs (of 200-500)
        int snapshotEvery = umap ? 20 : 100;
        String requested = layer.get();
        AtomicReference<String> used = new AtomicReference<>(requested);
        AtomicReference<Shown> pending = new AtomicReference<>();
        AtomicReference<Shown> last = new AtomicReference<>();
        Task<OrbitEmbedding> t = new Task<>() {
            @Override
            protected OrbitEmbedding call() {
                Task<OrbitEmbedding> self = this;
                updateTitle("Embedding " + entry.name());
                updateMessage("activations");
                StoredModel model = ModelStore.load(entry.dir());
                TransformingDataset data = datasets.get(model.card().config().datasetValue(),
                        model.card().config().splitSeed());
                EmbeddingListener listener = new EmbeddingListener() {
                    @Override
                    public void onProgress(int iteration, int total, double cost, double[][] coordinates) {
                        updateProgress(iteration, total);
                        updateMessage("t-SNE " + iteration + "/" + total);
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                };
                String l = requested;
                if (l != null && model.classifier().layers().stream().noneMatch(x -> x.name().equals(requested))) {
                    // a layer another model has: this one shows its own default
                    l = null;
                }
                used.set(l == null ? model.classifier().embeddingLayer() : l);
                OrbitEmbedder embedder = OrbitEmbedder.forModel(model, data, n, l, listener);
                Split test = data.test();
                Group g = embedder.activations().group();
                OrbitEmbedding pca = embedder.pca();
                double[] explained = embedder.explainedVariance(2);
                Platform.runLater(() -> {
                    if (!isCancelled()) {
                        show(pca, test, g, entry, used.get());
                        status.set(describe(pca, s.method()) + "; " + OrbitEmbedder.explainedText(explained)
                                + "; orbit purity and " + what + " running");
                    }
                });
                updateMessage("orbit purity: nearest neighbours in the activations");
                OrbitActivations acts = embedder.activations();
                OrbitPurity.Neighbours nb = OrbitPurity.nearest(acts.values(), acts.points(), acts.width(),
                        purityK(acts.points()), self::isCancelled);
                publish(new Shown(pca, OrbitPurity.of(nb, pca, g.order()), nb), test, g);
                updateMessage(what + ": neighbours and " + (umap ? "fuzzy graph" : "affinities"));
                OrbitEmbedding result = embedder.layout(s, new EmbeddingListener() {
                    @Override
                    public void onProgress(int iteration, int total, double cost, double[][] coordinates) {
                        updateProgress(iteration, total);
                        updateMessage(what + " " + iteration + "/" + total);
                        if (iteration % snapshotEvery == 0) {
                            OrbitEmbedding e = embedder.result(kind, coordinates, iteration, cost);
                            publish(new Shown(e, OrbitPurity.of(nb, e, g.order()), nb), test, g);
                        }
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
                updateMessage("orbit purity of the layout");
                last.set(new Shown(result, OrbitPurity.of(nb, result, g.order()), nb));
                return result;
            }

            private void publish(Shown e, Split test, Group g) {
                // Latest snapshot wins; at most one runLater in flight.
                if (pending.getAndSet(e) == null) {
                    Platform.runLater(() -> {
                        Shown latest = pending.getAndSet(null);
                        if (latest != null && !isCancelled()) {
                            show(latest.embedding(), test, g, entry, used.get(), latest.purity(),
                                    latest.neighbours());
                            status.set(describe(latest.embedding(), s.method()) + "; " + what + " running");
                        }
                    });
                }
            }
        };
        t.setOnSucceeded(ev -> {
            pending.set(null);
            if (task != t) {
                return;
            }
            Shown done = last.get();
            show(done.embedding(), split.get(), group.get(), entry, used.get(), done.purity(), done.neighbours());
            running.set(false);
        });
        t.setOnFailed(ev -> {
            if (task != t) {
                return;
            }
            running.set(false);
            embedded = shownModel.get();
            Throwable ex = t.getException();
            status.set("Embedding of " + entry.name() + " failed: "
                    + (ex == null ? "unknown error" : ex.getMessage()));
        });
        t.setOnCancelled(ev -> {
            if (task != t) {
                // replaced by a newer job, which owns the status line now
                return;
            }
            running.set(false);
            if (!sameModel(shownModel.get(), entry)) {
                embedded = shownModel.get();
            }
            OrbitEmbedding e = embedding.get();
            status.set(e == null ? "Embedding cancelled." : describe(e, settings.get().method()) + "; " + what
                    + " cancelled");
        });
        task = t;
        running.set(true);
        status.set("Computing activations of " + entry.name() + (requested == null ? "" : ", layer " + requested)
                + "...");
        tasks.submit(t);
        return t;
    }

    /**
     * @param e an embedding
     * @param method how its t-SNE (if any) was computed
     * @return its method and orbit/class distance ratios in one line
     */
    public static String describe(OrbitEmbedding e, TsneSettings.Method method) {
        String m = switch (e.method()) {
            case PCA -> "PCA";
            case TSNE -> String.format(java.util.Locale.ROOT, "t-SNE (%s, %d it., KL %.3f)",
                    method.resolve(e.points().size()), e.iterations(), e.cost());
            case UMAP -> String.format(java.util.Locale.ROOT, "UMAP (%d epochs)", e.iterations());
        };
        return String.format(java.util.Locale.ROOT, "%s of %d points. Orbit/class distance ratio: %.3f in 2-D, "
                + "%.3f in activation space", m, e.points().size(), e.layoutRatio().ratio(),
                e.activationRatio().ratio());
    }

    /** A layout to show with its orbit purity and the activation neighbours of its points. */
    private record Shown(OrbitEmbedding embedding, OrbitPurity.Result purity, OrbitPurity.Neighbours neighbours) {
    }
}
