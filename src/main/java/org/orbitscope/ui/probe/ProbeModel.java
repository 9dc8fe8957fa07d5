package org.orbitscope.ui.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.probe.DigitGeometry;
import org.orbitscope.analysis.probe.ImageImport;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Probe;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.analysis.probe.TransformGrid;
import org.orbitscope.analysis.probe.WorstCases;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.train.DatasetCache;

/**
 * State of the Probe view: the input (the selected test sample, a drawing or an image file), the
 * transformation of the slider, every selected model's answer to both (computed off the FX thread, only the
 * latest request, stale answers dropped), the invariance profiles and the worst-case ranking. Models are used
 * only through {@link Classifier}, so imported ONNX models are probed like native ones. FX thread only, except
 * where noted.
 */
public final class ProbeModel {

    /** Models probed side by side at most. */
    static final int MAX_MODELS = 4;
    /** Default angle step of a profile, degrees. */
    static final int DEFAULT_ANGLE_STEP = 5;
    /** Default test samples of a profile. */
    static final int DEFAULT_PROFILE_SAMPLES = 200;
    /** Default test samples ranked for the worst cases. */
    static final int DEFAULT_POOL = 1000;
    /** Default rows of the worst-case table. */
    static final int DEFAULT_TOP = 50;

    /** Where the input comes from. */
    public enum Source {
        /** The selected test sample (follows the shared selection). */
        SAMPLE,
        /** A drawing made with the mouse. */
        DRAWING,
        /** An image file. */
        FILE
    }

    /**
     * What the networks are shown.
     *
     * @param source where it comes from
     * @param image 36 x 36 values in [0, 1], the network's input before normalization
     * @param label the true class of a test sample, or -1
     * @param sample the test-sample index, or -1
     * @param description one line naming the input
     */
    public record Input(Source source, float[] image, int label, int sample, String description) {
    }

    /**
     * One model's answer to the input and its transformed copy.
     *
     * @param model the model
     * @param classNames its dataset's class names
     * @param image the input {@code x} in [0, 1]
     * @param result the probe's numbers and maps, or null if it failed
     * @param error why it failed, or null
     */
    public record Answer(ModelEntry model, List<String> classNames, float[] image, Probe.Result result,
            String error) {
    }

    /**
     * One model's invariance profile.
     *
     * @param model the model
     * @param samples test samples averaged
     * @param points one per transformation
     */
    public record Curve(ModelEntry model, int samples, List<InvarianceProfile.Point> points) {
    }

    /** What the background probe computes: one generation of the inputs. */
    private record Request(long generation, List<ModelEntry> models, float[] image, int label, Transform transform,
            SaliencySettings settings) {
    }

    private final BackgroundTasks tasks;
    private final SelectionModel selection;
    private final DatasetCache datasets;
    /** Loaded models by directory and weights checksum (any thread). */
    /** What the slider moves for each group, by group id (found once per group). */
    private static final Map<String, Transform.Kind> KINDS = new ConcurrentHashMap<>();
    private final Map<String, StoredModel> loaded = new ConcurrentHashMap<>();
    /** The probe worker's classifiers (only the one running worker touches them). */
    private final Map<String, Classifier> probeNets = new ConcurrentHashMap<>();
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicBoolean workerRunning = new AtomicBoolean();
    private long generation;
    /** Whether the view is on screen: computing waits until it is (true for a view shown on its own). */
    private boolean showing = true;
    /** True when the input or the models changed while the view was hidden. */
    private boolean stale;
    private long sampleGeneration;
    private Task<List<Curve>> profileTask;
    private Task<List<WorstCases.Row>> worstTask;

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(this, "source", Source.SAMPLE);
    private final ReadOnlyObjectWrapper<Input> input = new ReadOnlyObjectWrapper<>(this, "input");
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper(this, "inputError", "");
    private final ObjectProperty<Transform> transform = new SimpleObjectProperty<>(this, "transform",
            Transform.IDENTITY);
    private final ReadOnlyObjectWrapper<List<Answer>> answers = new ReadOnlyObjectWrapper<>(this, "answers",
            List.of());
    private final ReadOnlyBooleanWrapper probing = new ReadOnlyBooleanWrapper(this, "probing");
    private final ReadOnlyObjectWrapper<List<Curve>> curves = new ReadOnlyObjectWrapper<>(this, "curves", List.of());
    private final ReadOnlyBooleanWrapper profileRunning = new ReadOnlyBooleanWrapper(this, "profileRunning");
    private final ReadOnlyDoubleWrapper profileProgress = new ReadOnlyDoubleWrapper(this, "profileProgress");
    private final ReadOnlyStringWrapper profileStatus = new ReadOnlyStringWrapper(this, "profileStatus",
            "Run computes LI, DI and accuracy of the selected models over the whole range of the slider.");
    private final ObjectProperty<Integer> profileStep = new SimpleObjectProperty<>(this, "profileStep",
            DEFAULT_ANGLE_STEP);
    private final ObjectProperty<Integer> profileSamples = new SimpleObjectProperty<>(this, "profileSamples",
            DEFAULT_PROFILE_SAMPLES);
    private final ReadOnlyObjectWrapper<List<WorstCases.Row>> worst = new ReadOnlyObjectWrapper<>(this, "worst",
            List.of());
    private final ReadOnlyObjectWrapper<ModelEntry> worstModel = new ReadOnlyObjectWrapper<>(this, "worstModel");
    private final ReadOnlyBooleanWrapper worstRunning = new ReadOnlyBooleanWrapper(this, "worstRunning");
    private final ReadOnlyDoubleWrapper worstProgress = new ReadOnlyDoubleWrapper(this, "worstProgress");
    private final ReadOnlyStringWrapper worstStatus = new ReadOnlyStringWrapper(this, "worstStatus",
            "Rank computes, for the current model, how far from invariant it is on each test sample.");
    private final ObjectProperty<WorstCases.By> worstBy = new SimpleObjectProperty<>(this, "worstBy",
            WorstCases.By.LI);
    private final ObjectProperty<Integer> worstLabel = new SimpleObjectProperty<>(this, "worstLabel", -1);
    private final ObjectProperty<Integer> worstPool = new SimpleObjectProperty<>(this, "worstPool", DEFAULT_POOL);
    private final ObjectProperty<Integer> worstTop = new SimpleObjectProperty<>(this, "worstTop", DEFAULT_TOP);
    private final ObjectProperty<SaliencySettings> settings = new SimpleObjectProperty<>(this, "settings",
            SaliencySettings.DEFAULT);

    /**
     * @param tasks the shared executor
     * @param selection the app-wide selection: its models are probed, its sample is the default input
     * @param datasets loaded datasets
     */
    public ProbeModel(BackgroundTasks tasks, SelectionModel selection, DatasetCache datasets) {
        this.tasks = tasks;
        this.selection = selection;
        this.datasets = datasets;
        selection.sampleIndexProperty().addListener((obs, old, i) -> {
            if (source.get() == Source.SAMPLE) {
                loadSample();
            }
        });
        selection.models().addListener((ListChangeListener<ModelEntry>) c -> {
            transform.set(snap(transform.get()));
            if (source.get() == Source.SAMPLE) {
                loadSample();
            } else {
                probe();
            }
        });
        transform.addListener((obs, old, t) -> probe());
        settings.addListener((obs, old, s) -> probe());
        loadSample();
    }

    /** @return where the input comes from */
    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** @return the input shown to the networks, or null before the first one is ready */
    public ReadOnlyObjectProperty<Input> inputProperty() {
        return input.getReadOnlyProperty();
    }

    /** @return one sentence on why the last image or sample could not be used, or empty */
    public ReadOnlyStringProperty inputErrorProperty() {
        return inputError.getReadOnlyProperty();
    }

    /** @return the transformation applied to the input (set by the slider) */
    public ObjectProperty<Transform> transformProperty() {
        return transform;
    }

    /** @return the models' answers to the latest input and transformation, in selection order */
    public ReadOnlyObjectProperty<List<Answer>> answersProperty() {
        return answers.getReadOnlyProperty();
    }

    /** @return true while a probe computation is under way */
    public ReadOnlyBooleanProperty probingProperty() {
        return probing.getReadOnlyProperty();
    }

    /** @return the computed invariance profiles */
    public ReadOnlyObjectProperty<List<Curve>> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    /** @return true while the profiles are computed */
    public ReadOnlyBooleanProperty profileRunningProperty() {
        return profileRunning.getReadOnlyProperty();
    }

    /** @return progress of the profiles, 0..1 */
    public ReadOnlyDoubleProperty profileProgressProperty() {
        return profileProgress.getReadOnlyProperty();
    }

    /** @return one sentence on the profiles */
    public ReadOnlyStringProperty profileStatusProperty() {
        return profileStatus.getReadOnlyProperty();
    }

    /** @return the profile's step: degrees for rotations, pixels for shifts */
    public ObjectProperty<Integer> profileStepProperty() {
        return profileStep;
    }

    /** @return test samples per profile */
    public ObjectProperty<Integer> profileSamplesProperty() {
        return profileSamples;
    }

    /** @return the ranked worst cases of {@link #worstModelProperty()} */
    public ReadOnlyObjectProperty<List<WorstCases.Row>> worstProperty() {
        return worst.getReadOnlyProperty();
    }

    /** @return the model the worst cases are of */
    public ReadOnlyObjectProperty<ModelEntry> worstModelProperty() {
        return worstModel.getReadOnlyProperty();
    }

    /** @return true while the ranking is computed */
    public ReadOnlyBooleanProperty worstRunningProperty() {
        return worstRunning.getReadOnlyProperty();
    }

    /** @return progress of the ranking, 0..1 */
    public ReadOnlyDoubleProperty worstProgressProperty() {
        return worstProgress.getReadOnlyProperty();
    }

    /** @return one sentence on the ranking */
    public ReadOnlyStringProperty worstStatusProperty() {
        return worstStatus.getReadOnlyProperty();
    }

    /** @return the ranking criterion */
    public ObjectProperty<WorstCases.By> worstByProperty() {
        return worstBy;
    }

    /** @return the class the ranking keeps, or -1 for all */
    public ObjectProperty<Integer> worstLabelProperty() {
        return worstLabel;
    }

    /** @return leading test samples ranked */
    public ObjectProperty<Integer> worstPoolProperty() {
        return worstPool;
    }

    /** @return rows kept */
    public ObjectProperty<Integer> worstTopProperty() {
        return worstTop;
    }

    /** @return the saliency settings of the probe */
    public ObjectProperty<SaliencySettings> settingsProperty() {
        return settings;
    }

    /** @return the shared selection */
    SelectionModel selection() {
        return selection;
    }

    // ---------------------------------------------------------------------
    // Geometry of the slider and the input
    // ---------------------------------------------------------------------

    /** @return the probed models: the first {@link #MAX_MODELS} selected */
    public List<ModelEntry> models() {
        List<ModelEntry> ms = selection.models();
        return List.copyOf(ms.subList(0, Math.min(MAX_MODELS, ms.size())));
    }

    /** @return the group of the first probed model, or null without models */
    public Group group() {
        List<ModelEntry> ms = models();
        return ms.isEmpty() ? null : ms.get(0).card().config().groupValue();
    }

    /**
     * @return what the slider moves: shifts for a group of translations (T3), rotations otherwise (R4, D4 and
     *     without a model)
     */
    public Transform.Kind kind() {
        Group g = group();
        return g == null ? Transform.Kind.ROTATION : KINDS.computeIfAbsent(g.id(), id -> kindOf(g));
    }

    /** @return shifts if some element of the group other than the identity is a cyclic shift, else rotations */
    private static Transform.Kind kindOf(Group g) {
        for (int s = 1; s < g.side(); s++) {
            int e = Transform.shift(s).elementIn(g);
            if (e >= 0 && e != g.identity()) {
                return Transform.Kind.SHIFT;
            }
        }
        return Transform.Kind.ROTATION;
    }

    /** @return the slider's range: 360 degrees, or the image side in pixels for shifts */
    public int range() {
        Group g = group();
        return kind() == Transform.Kind.SHIFT ? (g == null ? 36 : g.side()) : 360;
    }

    /**
     * @return the slider positions of the group's elements the slider can reach (degrees or pixels), in order
     */
    public List<Integer> elementPositions() {
        Group g = group();
        List<Integer> out = new ArrayList<>();
        if (g == null) {
            return out;
        }
        Transform.Kind k = kind();
        int range = range();
        for (int v = 0; v < range; v++) {
            Transform t = k == Transform.Kind.SHIFT ? Transform.shift(v) : Transform.rotation(v);
            if (t.elementIn(g) >= 0) {
                out.add(v);
            }
        }
        return out;
    }

    /** @return the geometry drawings and imported images are framed with (the first model's dataset's) */
    public DigitGeometry geometry() {
        List<ModelEntry> ms = models();
        return ms.isEmpty() ? DigitGeometry.MNIST : DigitGeometry.of(ms.get(0).card().config().datasetValue());
    }

    /** @return the class names of the first model's dataset (of T-MNIST without models) */
    public List<String> classNames() {
        List<ModelEntry> ms = models();
        return (ms.isEmpty() ? DatasetId.TMNIST : ms.get(0).card().config().datasetValue()).classNames();
    }

    /** @return the transformation as it is, or the identity of the other kind when the slider's kind changed */
    private Transform snap(Transform t) {
        Transform.Kind k = kind();
        if (t.kind() == k) {
            return t.amount() >= range() ? new Transform(k, 0) : t;
        }
        return new Transform(k, 0);
    }

    // ---------------------------------------------------------------------
    // Commands: input
    // ---------------------------------------------------------------------

    /** Follows the shared selection's sample again. */
    public void useSample() {
        source.set(Source.SAMPLE);
        inputError.set("");
        loadSample();
    }

    /**
     * Uses a drawing, framed at the dataset's geometry.
     *
     * @param grey the drawing, strokes bright on black
     */
    public void useDrawing(ImageImport.Grey grey) {
        float[] image = ImageImport.prepare(grey, geometry());
        source.set(Source.DRAWING);
        inputError.set("");
        setInput(new Input(Source.DRAWING, image, -1, -1, ImageImport.isBlank(image)
                ? "Drawing (blank: draw with the mouse)" : "Drawing, framed like the dataset's images"));
    }

    /**
     * Loads an image file in the background, framed at the dataset's geometry; a file that cannot be read is
     * reported in {@link #inputErrorProperty()} and the input stays as it was.
     *
     * @param file a PNG or JPEG file
     * @return the job
     */
    public Task<float[]> loadFile(Path file) {
        DigitGeometry geometry = geometry();
        Task<float[]> t = new Task<>() {
            @Override
            protected float[] call() {
                updateTitle("Reading " + file.getFileName());
                return ImageImport.load(file, geometry);
            }
        };
        t.setOnSucceeded(e -> {
            source.set(Source.FILE);
            inputError.set("");
            float[] image = t.getValue();
            setInput(new Input(Source.FILE, image, -1, -1, file.getFileName() + (ImageImport.isBlank(image)
                    ? " (blank: nothing stands out from the background)" : "")));
        });
        t.setOnFailed(e -> inputError.set(message(t.getException(), "Could not read " + file.getFileName())));
        tasks.submit(t);
        return t;
    }

    /**
     * Computing waits until the view is shown: what changed meanwhile is probed when it comes into sight.
     *
     * @param on true while the view is visible
     */
    public void setShowing(boolean on) {
        showing = on;
        if (on && stale) {
            stale = false;
            if (source.get() == Source.SAMPLE) {
                loadSample();
            } else {
                probe();
            }
        }
    }

    private void loadSample() {
        if (!showing) {
            stale = true;
            return;
        }
        List<ModelEntry> ms = models();
        if (ms.isEmpty()) {
            setInput(null);
            return;
        }
        ModelConfig c = ms.get(0).card().config();
        int selected = selection.sampleIndexProperty().get();
        int index = Math.max(0, selected);
        long gen = ++sampleGeneration;
        tasks.executor().execute(() -> {
            try {
                Split test = datasets.get(c.datasetValue(), c.splitSeed()).test();
                if (index >= test.size()) {
                    throw new OrbitscopeException("Sample " + index + " is outside the test split (0.."
                            + (test.size() - 1) + ").");
                }
                float[] image = test.image(index);
                int label = test.label(index);
                String name = c.datasetValue().classNames().get(label);
                String text = "Test sample " + index + " (" + name + ")" + (selected < 0
                        ? "; select a sample in another view to probe it" : "");
                Platform.runLater(() -> {
                    if (gen == sampleGeneration && source.get() == Source.SAMPLE) {
                        inputError.set("");
                        setInput(new Input(Source.SAMPLE, image, label, index, text));
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> {
                    if (gen == sampleGeneration) {
                        inputError.set(message(e, "Could not load test sample " + index));
                    }
                });
            }
        });
    }

    private void setInput(Input in) {
        input.set(in);
        probe();
    }

    // ---------------------------------------------------------------------
    // Commands: the probe
    // ---------------------------------------------------------------------

    /**
     * Asks for the models' answers to the current input and transformation. Only the latest request is
     * computed: one that arrives while another is computed replaces any waiting one, and answers of an older
     * request are dropped.
     */
    void probe() {
        assert Platform.isFxApplicationThread();
        if (!showing) {
            stale = true;
            return;
        }
        Input in = input.get();
        List<ModelEntry> ms = models();
        long gen = ++generation;
        if (in == null || ms.isEmpty()) {
            pending.set(null);
            answers.set(List.of());
            probing.set(false);
            return;
        }
        pending.set(new Request(gen, ms, in.image(), in.label(), transform.get(), settings.get()));
        probing.set(true);
        if (workerRunning.compareAndSet(false, true)) {
            tasks.executor().execute(this::drain);
        }
    }

    /** Computes waiting requests until none is left (on the executor). */
    private void drain() {
        try {
            Request r;
            while ((r = pending.getAndSet(null)) != null) {
                List<Answer> out = compute(r);
                Request done = r;
                Platform.runLater(() -> {
                    if (done.generation() == generation) {
                        answers.set(out);
                        probing.set(false);
                    }
                });
            }
        } finally {
            workerRunning.set(false);
            // a request made between the last look and now still gets computed
            if (pending.get() != null && workerRunning.compareAndSet(false, true)) {
                tasks.executor().execute(this::drain);
            }
        }
    }

    private List<Answer> compute(Request r) {
        List<Answer> out = new ArrayList<>();
        for (ModelEntry m : r.models()) {
            ModelConfig c = m.card().config();
            List<String> names = c.datasetValue().classNames();
            try {
                StoredModel sm = load(m);
                Classifier net = probeNets.computeIfAbsent(key(m), k -> sm.classifier());
                Probe.Result result = Probe.run(net, sm.card().normalization(), c.groupValue(), r.image(), r.label(),
                        r.transform(), r.settings());
                out.add(new Answer(m, names, r.image(), result, null));
            } catch (RuntimeException e) {
                out.add(new Answer(m, names, r.image(), null, message(e, "Could not probe " + m.name())));
            }
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------------
    // Commands: invariance profile
    // ---------------------------------------------------------------------

    /**
     * Computes the invariance profile of every probed model over the slider's range (each on its own
     * dataset's first test samples) in the background.
     *
     * @return the job, or null without models
     */
    public Task<List<Curve>> runProfile() {
        cancelProfile();
        List<ModelEntry> ms = models();
        if (ms.isEmpty()) {
            profileStatus.set("Select models in the library first.");
            return null;
        }
        Transform.Kind kind = kind();
        int step = profileStep.get();
        int n = profileSamples.get();
        List<Transform> grid;
        try {
            grid = TransformGrid.parse("0:" + range() + ":" + step, kind);
        } catch (OrbitscopeException e) {
            profileStatus.set(e.getMessage());
            return null;
        }
        Task<List<Curve>> t = new Task<>() {
            @Override
            protected List<Curve> call() {
                updateTitle("Invariance profile of " + ms.size() + " model" + (ms.size() == 1 ? "" : "s"));
                Task<?> self = this;
                List<Curve> out = new ArrayList<>();
                for (int i = 0; i < ms.size(); i++) {
                    ModelEntry m = ms.get(i);
                    int index = i;
                    ModelConfig c = m.card().config();
                    StoredModel sm = load(m);
                    Split test = datasets.get(c.datasetValue(), c.splitSeed()).test();
                    int count = Math.min(n, test.size());
                    float[] images = InvarianceProfile.images(test, count);
                    List<InvarianceProfile.Point> points = InvarianceProfile.compute(sm.classifier(),
                            sm.card().normalization(), c.groupValue(), images, test.labels(), count, grid,
                            new Evaluator.Listener() {
                                @Override
                                public void onProgress(int done, int total) {
                                    updateProgress(index + done / (double) total, ms.size());
                                }

                                @Override
                                public boolean isCancelled() {
                                    return self.isCancelled();
                                }
                            });
                    out.add(new Curve(m, count, points));
                }
                return List.copyOf(out);
            }
        };
        t.progressProperty().addListener((obs, old, v) -> {
            if (profileTask == t) {
                profileProgress.set(Math.max(0, v.doubleValue()));
            }
        });
        t.setOnSucceeded(e -> {
            if (profileTask == t) {
                profileRunning.set(false);
                curves.set(t.getValue());
                profileStatus.set(ms.size() + " model" + (ms.size() == 1 ? "" : "s") + ", " + grid.size()
                        + (kind == Transform.Kind.SHIFT ? " shifts" : " angles") + ", the first " + n
                        + " test samples each; the group's elements are marked.");
            }
        });
        t.setOnFailed(e -> {
            if (profileTask == t) {
                profileRunning.set(false);
                profileStatus.set(message(t.getException(), "The profile failed"));
            }
        });
        t.setOnCancelled(e -> {
            if (profileTask == t) {
                profileRunning.set(false);
                profileStatus.set("Cancelled; the curves shown (if any) are of the previous run.");
            }
        });
        profileTask = t;
        profileRunning.set(true);
        profileProgress.set(0);
        profileStatus.set("Computing " + grid.size() + (kind == Transform.Kind.SHIFT ? " shifts" : " angles")
                + " × " + n + " samples for " + ms.size() + " model" + (ms.size() == 1 ? "" : "s") + "…");
        tasks.submit(t);
        return t;
    }

    /** Stops the profile computation, if any. */
    public void cancelProfile() {
        if (profileTask != null && !profileTask.isDone()) {
            profileTask.cancel();
        }
    }

    // ---------------------------------------------------------------------
    // Commands: worst cases
    // ---------------------------------------------------------------------

    /**
     * Ranks the leading test samples of the current model by the chosen criterion, in the background.
     *
     * @return the job, or null without a model
     */
    public Task<List<WorstCases.Row>> runWorst() {
        cancelWorst();
        ModelEntry m = selection.currentModelProperty().get() != null ? selection.currentModelProperty().get()
                : models().stream().findFirst().orElse(null);
        if (m == null) {
            worstStatus.set("Select a model in the library first.");
            return null;
        }
        WorstCases.By by = worstBy.get();
        int label = worstLabel.get();
        int pool = worstPool.get();
        int top = worstTop.get();
        SaliencySettings s = settings.get();
        Task<List<WorstCases.Row>> t = new Task<>() {
            @Override
            protected List<WorstCases.Row> call() {
                updateTitle("Worst cases of " + m.name() + " by " + by);
                Task<?> self = this;
                ModelConfig c = m.card().config();
                StoredModel sm = load(m);
                Split test = datasets.get(c.datasetValue(), c.splitSeed()).test();
                int n = Math.min(pool, test.size());
                float[] x = Evaluator.inputs(test, n, sm.card().normalization());
                int[] y = Evaluator.labels(test, n);
                List<WorstCases.Row> rows = WorstCases.perSample(sm.classifier(), sm.card().normalization(),
                        c.groupValue(), x, y, n, s, by == WorstCases.By.SI, new Evaluator.Listener() {
                            @Override
                            public void onProgress(int done, int total) {
                                updateProgress(done, total);
                            }

                            @Override
                            public boolean isCancelled() {
                                return self.isCancelled();
                            }
                        });
                return WorstCases.rank(rows, by, label, top);
            }
        };
        t.progressProperty().addListener((obs, old, v) -> {
            if (worstTask == t) {
                worstProgress.set(Math.max(0, v.doubleValue()));
            }
        });
        t.setOnSucceeded(e -> {
            if (worstTask == t) {
                worstRunning.set(false);
                worst.set(t.getValue());
                worstModel.set(m);
                worstStatus.set(t.getValue().isEmpty() ? "No sample matches (flip keeps only samples misclassified "
                        + "under some group element)." : t.getValue().size() + " worst of the first " + pool
                        + " test samples of " + m.name() + " by " + by + ". Choose a row to select that sample.");
            }
        });
        t.setOnFailed(e -> {
            if (worstTask == t) {
                worstRunning.set(false);
                worstStatus.set(message(t.getException(), "The ranking failed"));
            }
        });
        t.setOnCancelled(e -> {
            if (worstTask == t) {
                worstRunning.set(false);
                worstStatus.set("Cancelled.");
            }
        });
        worstTask = t;
        worstRunning.set(true);
        worstProgress.set(0);
        worstStatus.set("Ranking the first " + pool + " test samples of " + m.name() + " by " + by + "…");
        tasks.submit(t);
        return t;
    }

    /** Stops the ranking, if any. */
    public void cancelWorst() {
        if (worstTask != null && !worstTask.isDone()) {
            worstTask.cancel();
        }
    }

    /**
     * Selects a ranked sample everywhere (the shared selection), and probes it.
     *
     * @param row a row of the table
     */
    public void chooseWorst(WorstCases.Row row) {
        if (row == null) {
            return;
        }
        ModelEntry m = worstModel.get();
        if (m != null && selection.models().contains(m)) {
            selection.currentModelProperty().set(m);
        }
        boolean same = selection.sampleIndexProperty().get() == row.sample();
        selection.sampleIndexProperty().set(row.sample());
        if (source.get() != Source.SAMPLE || same) {
            useSample();
        }
    }

    // ---------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------

    private static String key(ModelEntry m) {
        return m.dir() + "|" + m.card().weightsSha256();
    }

    /** Loads a library entry's model once (any thread). */
    private StoredModel load(ModelEntry m) {
        return loaded.computeIfAbsent(key(m), k -> {
            StoredModel sm = ModelStore.load(m.dir());
            if (!Objects.equals(sm.card().weightsSha256(), m.card().weightsSha256())) {
                throw new OrbitscopeException(m.name() + " was saved again since the library read it: refresh the "
                        + "library to see its new weights.");
            }
            return sm;
        });
    }

    /** @return one sentence for the user: the message of the first error in the user's words, else a summary */
    static String message(Throwable e, String what) {
        Throwable c = e;
        while (c != null && !(c instanceof OrbitscopeException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof OrbitscopeException) {
            return firstLine(c.getMessage());
        }
        String m = e == null ? null : e.getMessage();
        return what + (m == null || m.isBlank() ? "." : ": " + firstLine(m));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
