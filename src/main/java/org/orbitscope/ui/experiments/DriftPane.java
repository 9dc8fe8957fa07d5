package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.DriftStudy;
import org.orbitscope.analysis.Table1;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.figure.DriftFigure;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.train.DatasetCache;

/** Paper Fig. 4: DI and accuracy ratio of the T-MNIST models of one group under drift towards T-FMNIST. */
final class DriftPane implements FigurePane {

    /** Kinds of models the figure compares. */
    static final List<String> KINDS = List.of("DA", "IR-l2", "WT");

    private final ObservableList<ModelEntry> models;
    private final BackgroundTasks tasks;
    private final DatasetCache datasets;
    private final Map<String, List<DriftStudy.Point>> cache = new ConcurrentHashMap<>();
    private final ComboBox<String> group = new ComboBox<>();
    private final TextField betas = new TextField("0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1");
    private final Spinner<Integer> samples = new Spinner<>(1, 10_000, 1000, 100);
    private final Button compute = new Button("Compute", new FontIcon(MaterialDesignP.PLAY));
    private final Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP));
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final FigureBox figure = new FigureBox("Choose a group and press Compute: DA, IR-l2 and WT models "
            + "(every seed) are evaluated on the T-MNIST to T-FMNIST blend.");
    private final BorderPane root = new BorderPane();
    private List<DriftFigure.Curve> shown = List.of();
    private Task<List<DriftFigure.Curve>> running;

    DriftPane(ObservableList<ModelEntry> models, BackgroundTasks tasks, DatasetCache datasets) {
        this.models = models;
        this.tasks = tasks;
        this.datasets = datasets;
        group.setTooltip(new Tooltip("Group of the T-MNIST models to compare"));
        betas.setPrefColumnCount(20);
        betas.setTooltip(new Tooltip("Blend weights β in [0, 1]: D(β) = (1 − β)·T-MNIST + β·T-FMNIST"));
        samples.setEditable(true);
        samples.setPrefWidth(100);
        samples.setTooltip(new Tooltip("First N test samples, each over its full orbit"));
        compute.setOnAction(e -> compute());
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        cancel.setDisable(true);
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setPrefWidth(140);
        // the status sentence on a line of its own: beside the controls it was cut off
        root.setTop(ToolRow.twoLines(status, new Label("Group"), group, new Label("β"), betas, new Label("Samples"),
                samples, compute, cancel, progress));
        root.setCenter(figure.node());
        models.addListener((ListChangeListener<ModelEntry>) c -> refreshGroups());
        group.valueProperty().addListener((obs, old, g) -> showCached());
        betas.textProperty().addListener((obs, old, t) -> showCached());
        samples.valueProperty().addListener((obs, old, v) -> showCached());
        refreshGroups();
    }

    /** The DA, IR-l2 and WT models of a group, in that order. */
    private List<ModelEntry> chosen(String g) {
        return models.stream().filter(DriftPane::usable)
                .filter(m -> m.card().config().group().equals(g))
                .sorted((x, y) -> Integer.compare(KINDS.indexOf(Table1.kind(x.card().config())),
                        KINDS.indexOf(Table1.kind(y.card().config()))))
                .toList();
    }

    /**
     * Shows the figure at once when every model of the group has its points for these settings in its
     * model card (the shipped models do, for the default settings); otherwise leaves the figure to Compute.
     */
    private void showCached() {
        if (running != null || group.getValue() == null) {
            return;
        }
        double[] b;
        try {
            b = parseBetas(betas.getText());
        } catch (OrbitscopeException e) {
            return;
        }
        int n = samples.getValue();
        List<ModelEntry> chosen = chosen(group.getValue());
        List<DriftFigure.Curve> curves = new ArrayList<>();
        int missing = 0;
        for (ModelEntry m : chosen) {
            long split = m.card().config().splitSeed();
            TransformingDataset mnist = datasets.peek(DatasetId.TMNIST, split);
            TransformingDataset fmnist = datasets.peek(DatasetId.TFMNIST, split);
            if (mnist == null || fmnist == null) {
                // cached points are keyed by the data's checksums: load the data first, then look again
                loadThenShowCached(split);
                return;
            }
            Optional<List<DriftStudy.Point>> points = DriftStudy.fromCard(m.card(),
                    driftKey(m, mnist, fmnist, n), b);
            if (points.isEmpty()) {
                missing++;
            } else {
                curves.add(new DriftFigure.Curve(m.name(), Table1.kind(m.card().config()), points.get()));
            }
        }
        if (missing > 0 || curves.isEmpty()) {
            status.setText(missing == 0 ? "" : missing + " of " + chosen.size() + " models have no points for "
                    + "these settings in their cards yet: press Compute.");
            return;
        }
        display(group.getValue().toUpperCase(Locale.ROOT), curves, n, b.length, ", from the cards");
    }

    /** The key of a model's drift points: its weights and both datasets as loaded (see DriftStudy.Key). */
    private static DriftStudy.Key driftKey(ModelEntry m, TransformingDataset mnist, TransformingDataset fmnist,
            int n) {
        return DriftStudy.Key.of(m.card(), mnist, fmnist, n);
    }

    private boolean loading;

    /** Loads both datasets of a split seed in the background, then shows the cached points. */
    private void loadThenShowCached(long split) {
        if (loading) {
            return;
        }
        loading = true;
        status.setText("Reading the datasets to look up cached points...");
        Task<Void> load = new Task<>() {
            @Override
            protected Void call() {
                updateTitle("Loading T-MNIST and T-FMNIST");
                datasets.get(DatasetId.TMNIST, split);
                datasets.get(DatasetId.TFMNIST, split);
                return null;
            }
        };
        load.setOnSucceeded(e -> {
            loading = false;
            status.setText("");
            showCached();
        });
        load.setOnFailed(e -> {
            loading = false;
            status.setText("Cannot read the datasets: " + load.getException().getMessage());
        });
        tasks.submit(load);
    }

    /** Shows a finished study: its figure, and in the status line its size and where it came from. */
    private void display(String title, List<DriftFigure.Curve> curves, int n, int levels, String source) {
        List<DriftFigure.Curve> show = List.copyOf(curves);
        shown = show;
        status.setText(show.size() + " models, " + n + " samples, " + levels + " drift levels" + source);
        figure.show(s -> DriftFigure.figure(title, show, s));
    }

    private void refreshGroups() {
        String current = group.getValue();
        List<String> groups = models.stream().filter(DriftPane::usable).map(m -> m.card().config().group())
                .distinct().sorted().toList();
        group.getItems().setAll(groups);
        String next = groups.contains(current) ? current : groups.isEmpty() ? null : groups.get(0);
        if (java.util.Objects.equals(next, group.getValue())) {
            showCached(); // same group, maybe other models
        } else {
            group.setValue(next); // its listener shows the cached points
        }
    }

    private static boolean usable(ModelEntry m) {
        return m.card().config().dataset().equals(DatasetId.TMNIST.id())
                && KINDS.contains(Table1.kind(m.card().config()));
    }

    /**
     * Parses a list of blend weights.
     *
     * @param text e.g. "0,0.5,1"
     * @return the weights
     */
    static double[] parseBetas(String text) {
        try {
            double[] v = Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank())
                    .mapToDouble(Double::parseDouble).toArray();
            for (double b : v) {
                if (!(b >= 0 && b <= 1)) {
                    throw new OrbitscopeException("Each β must lie in [0, 1], got " + b + ".");
                }
            }
            if (v.length == 0) {
                throw new OrbitscopeException("Give at least one β, e.g. 0,0.5,1.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new OrbitscopeException("β must be numbers separated by commas, e.g. 0,0.5,1.");
        }
    }

    /** Starts the study for the chosen group (models already computed with these settings come from memory). */
    void compute() {
        String g = group.getValue();
        double[] b;
        try {
            b = parseBetas(betas.getText());
        } catch (OrbitscopeException e) {
            status.setText(e.getMessage());
            return;
        }
        if (g == null) {
            status.setText("No T-MNIST DA, IR-l2 or WT models in the library.");
            return;
        }
        if (running != null) {
            running.cancel();
        }
        List<ModelEntry> chosen = chosen(g);
        int n = samples.getValue();
        String title = g.toUpperCase(Locale.ROOT);
        Task<List<DriftFigure.Curve>> task = new Task<>() {
            @Override
            protected List<DriftFigure.Curve> call() {
                updateTitle("Drift study " + title);
                List<DriftFigure.Curve> curves = new ArrayList<>();
                for (int i = 0; i < chosen.size() && !isCancelled(); i++) {
                    ModelEntry m = chosen.get(i);
                    updateMessage("Drift " + m.name() + " (" + (i + 1) + "/" + chosen.size() + ")");
                    updateProgress(i, chosen.size());
                    long split = m.card().config().splitSeed();
                    TransformingDataset mnist = datasets.get(DatasetId.TMNIST, split);
                    TransformingDataset fmnist = datasets.get(DatasetId.TFMNIST, split);
                    // in memory for models whose card cannot take the points; keyed like the card's entries
                    String key = driftKey(m, mnist, fmnist, n).asMap() + "|" + Arrays.toString(b);
                    List<DriftStudy.Point> points = cache.get(key);
                    if (points == null) {
                        points = DriftStudy.runCached(ModelStore.load(m.dir()), mnist, fmnist, b, n);
                        cache.put(key, points);
                    }
                    curves.add(new DriftFigure.Curve(m.name(), Table1.kind(m.card().config()), points));
                }
                updateProgress(chosen.size(), chosen.size());
                return curves;
            }
        };
        running = task;
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        progress.setVisible(true);
        cancel.setDisable(false);
        task.setOnSucceeded(e -> {
            finished(task);
            display(title, task.getValue(), n, b.length, "");
        });
        task.setOnFailed(e -> {
            finished(task);
            Throwable t = task.getException();
            status.setText("Drift study failed: " + (t instanceof OrbitscopeException ? t.getMessage() : t));
        });
        task.setOnCancelled(e -> {
            finished(task);
            status.setText("Cancelled; finished models are kept in their model cards.");
        });
        tasks.submit(task);
    }

    private void finished(Task<?> task) {
        if (running == task) {
            running = null;
        }
        status.textProperty().unbind();
        progress.progressProperty().unbind();
        progress.setVisible(false);
        cancel.setDisable(running == null);
    }

    /** @return the status line (for tests) */
    Label status() {
        return status;
    }

    /** @return group chooser (for tests) */
    ComboBox<String> group() {
        return group;
    }

    /** @return β field (for tests) */
    TextField betas() {
        return betas;
    }

    /** @return samples spinner (for tests) */
    Spinner<Integer> samples() {
        return samples;
    }

    /** @return the figure (for tests) */
    @Override
    public FigureBox figure() {
        return figure;
    }

    /** @return the curves on screen */
    List<DriftFigure.Curve> shown() {
        return shown;
    }

    @Override
    public String title() {
        return "Drift (Fig. 4)";
    }

    @Override
    public Node node() {
        return root;
    }


    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("model,kind,beta,accuracy,accuracy_ratio,di,li\n");
        for (DriftFigure.Curve c : shown) {
            for (DriftStudy.Point p : c.points()) {
                out.append(c.name()).append(',').append(c.kind()).append(',').append(Double.toString(p.beta()))
                        .append(',').append(Double.toString(p.accuracy())).append(',')
                        .append(Double.toString(p.accuracyRatio())).append(',').append(Double.toString(p.di()))
                        .append(',').append(Double.toString(p.li())).append('\n');
            }
        }
    }
}
