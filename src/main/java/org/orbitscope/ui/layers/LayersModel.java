package org.orbitscope.ui.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import org.orbitscope.analysis.layers.LayerListener;
import org.orbitscope.analysis.layers.LayerProfile;
import org.orbitscope.analysis.layers.LayerSettings;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.LayersFigure;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/**
 * State of the Layers view: the layer invariance of every selected model, computed in the background (with
 * progress and cancel) while the view is shown, and the layer chosen for the Embedding view.
 */
public final class LayersModel {

    /** Profiles kept in memory, least recently used dropped first. */
    static final int CACHE_SIZE = 64;

    private final BackgroundTasks tasks;
    private final SelectionModel selection;
    private final DatasetCache datasets;
    private final Consumer<String> embedLayer;
    private boolean showing;
    /** The selection and settings the rows on show (or being computed) are of. */
    private Object computedFor;
    private Task<List<LayersFigure.Row>> task;
    private final Map<String, LayerProfile> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LayerProfile> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    private final ReadOnlyObjectWrapper<List<LayersFigure.Row>> rows = new ReadOnlyObjectWrapper<>(this, "rows",
            List.of());
    private final ReadOnlyObjectWrapper<List<ModelEntry>> rowModels = new ReadOnlyObjectWrapper<>(this,
            "rowModels", List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            "Select models in the library to see where their invariance lives.");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<Double> progress = new ReadOnlyObjectWrapper<>(this, "progress", 0.0);
    private final ReadOnlyStringWrapper chosenLayer = new ReadOnlyStringWrapper(this, "chosenLayer");
    private final ObjectProperty<Integer> samples = new SimpleObjectProperty<>(this, "samples",
            LayerProfile.DEFAULT_SAMPLES);
    private final ObjectProperty<LayerSettings> settings = new SimpleObjectProperty<>(this, "settings",
            LayerSettings.DEFAULT);

    /**
     * @param tasks the background executor
     * @param selection the app-wide selection; its models are measured
     * @param datasets where datasets are loaded from
     * @param showing whether the view starts visible (the main window calls {@link #setShowing})
     * @param embedLayer receives the layer a click on the panel chooses (the Embedding view's layer)
     */
    public LayersModel(BackgroundTasks tasks, SelectionModel selection, DatasetCache datasets, boolean showing,
            Consumer<String> embedLayer) {
        this.tasks = tasks;
        this.selection = selection;
        this.datasets = datasets;
        this.showing = showing;
        this.embedLayer = embedLayer;
        selection.models().addListener((ListChangeListener<ModelEntry>) c -> refreshIfShowing());
        samples.addListener((obs, old, n) -> refreshIfShowing());
        settings.addListener((obs, old, s) -> refreshIfShowing());
    }

    /** @return one row per measured model, in selection order (empty until computed) */
    public ReadOnlyObjectProperty<List<LayersFigure.Row>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** @return the model of each row */
    public ReadOnlyObjectProperty<List<ModelEntry>> rowModelsProperty() {
        return rowModels.getReadOnlyProperty();
    }

    /** @return a one-line description of what is shown or running */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return true while a computation runs */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** @return progress of the running computation, 0 to 1 */
    public ReadOnlyObjectProperty<Double> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** @return the layer last sent to the Embedding view, or null */
    public ReadOnlyStringProperty chosenLayerProperty() {
        return chosenLayer.getReadOnlyProperty();
    }

    /** @return test samples per model for the next computation */
    public ObjectProperty<Integer> samplesProperty() {
        return samples;
    }

    /** @return the normalization for the next computation */
    public ObjectProperty<LayerSettings> settingsProperty() {
        return settings;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /**
     * Computing waits until the view is shown: a selection made meanwhile is measured when it comes into sight.
     *
     * @param on true while the view is visible
     */
    public void setShowing(boolean on) {
        showing = on;
        refreshIfShowing();
    }

    private void refreshIfShowing() {
        if (showing && !key().equals(computedFor)) {
            recompute();
        }
    }

    private Object key() {
        List<Object> k = new ArrayList<>();
        for (ModelEntry m : selection.models()) {
            k.add(m.dir() + "|" + m.card().weightsSha256());
        }
        k.add(samples.get());
        k.add(settings.get());
        return List.copyOf(k);
    }

    /** Cancels the running computation, if any; what was shown stays. */
    public void cancel() {
        if (task != null) {
            task.cancel();
        }
    }

    /**
     * Measures the selected models now (from the cache where they were measured with these settings).
     *
     * @return the job, or null if no model is selected
     */
    public Task<List<LayersFigure.Row>> recompute() {
        cancel();
        List<ModelEntry> models = List.copyOf(selection.models());
        computedFor = key();
        if (models.isEmpty()) {
            rows.set(List.of());
            rowModels.set(List.of());
            status.set("Select models in the library to see where their invariance lives.");
            return null;
        }
        int n = samples.get();
        LayerSettings s = settings.get();
        Task<List<LayersFigure.Row>> t = new Task<>() {
            @Override
            protected List<LayersFigure.Row> call() {
                Task<?> self = this;
                updateTitle("Layer invariance of " + models.size() + " model" + (models.size() == 1 ? "" : "s"));
                List<LayersFigure.Row> out = new ArrayList<>();
                for (int i = 0; i < models.size(); i++) {
                    ModelEntry m = models.get(i);
                    int index = i;
                    updateMessage(m.name());
                    StoredModel model = ModelStore.load(m.dir());
                    TransformingDataset data = datasets.get(model.card().config().datasetValue(),
                            model.card().config().splitSeed());
                    String key = m.dir() + "|" + model.card().weightsSha256() + "|"
                            + data.fingerprint().contentSha256() + "|" + n + "|" + s.denominator();
                    LayerProfile p;
                    synchronized (cache) {
                        p = cache.get(key);
                    }
                    if (p == null) {
                        p = LayerProfile.forModel(model, data, Math.min(n, data.test().size()), s,
                                new LayerListener() {
                                    @Override
                                    public void onProgress(int done, int total) {
                                        updateProgress(index + done / (double) total, models.size());
                                    }

                                    @Override
                                    public boolean isCancelled() {
                                        return self.isCancelled();
                                    }
                                });
                        synchronized (cache) {
                            cache.put(key, p);
                        }
                    }
                    updateProgress(index + 1, models.size());
                    out.add(new LayersFigure.Row(m.name(), p, model.card().history()));
                }
                return out;
            }
        };
        t.progressProperty().addListener((obs, old, v) -> progress.set(Math.max(0, v.doubleValue())));
        t.setOnSucceeded(e -> {
            if (task != t) {
                return;
            }
            running.set(false);
            rows.set(t.getValue());
            rowModels.set(models);
            status.set(describe(t.getValue(), s, n));
        });
        t.setOnFailed(e -> {
            if (task != t) {
                return;
            }
            running.set(false);
            computedFor = null;
            Throwable ex = t.getException();
            status.set("Layer invariance failed: " + (ex == null ? "unknown error" : ex.getMessage()));
        });
        t.setOnCancelled(e -> {
            if (task != t) {
                return;
            }
            running.set(false);
            computedFor = null;
            status.set("Cancelled; " + (rows.get().isEmpty() ? "nothing measured yet." : "the values shown are of "
                    + "the previous selection or settings."));
        });
        task = t;
        running.set(true);
        progress.set(0.0);
        status.set("Measuring " + models.size() + " model" + (models.size() == 1 ? "" : "s") + " on " + n
                + " test samples…");
        tasks.submit(t);
        return t;
    }

    private static String describe(List<LayersFigure.Row> rows, LayerSettings s, int n) {
        return rows.size() + " model" + (rows.size() == 1 ? "" : "s") + ", " + n + " test samples each, full orbits; "
                + s.denominator().describe() + ". Click a layer to embed it in the Embedding view.";
    }

    /**
     * Sends a layer to the Embedding view and makes the row's model the current one, so that the embedding
     * shows that layer of that model.
     *
     * @param row the row (model) clicked
     * @param layer the index of the layer clicked in that row
     */
    public void chooseLayer(int row, int layer) {
        List<LayersFigure.Row> r = rows.get();
        if (row < 0 || row >= r.size() || layer < 0 || layer >= r.get(row).profile().layers().size()) {
            return;
        }
        String name = r.get(row).profile().layers().get(layer).layer();
        ModelEntry m = rowModels.get().get(row);
        if (selection.models().contains(m)) {
            selection.currentModelProperty().set(m);
        }
        chosenLayer.set(name);
        embedLayer.accept(name);
        status.set("The Embedding view shows layer " + name + " of " + m.name() + ".");
    }

}
