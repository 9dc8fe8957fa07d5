package org.orbitscope.ui.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.orbitscope.data.DatasetId;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.SelectionModel;

/** Left panel: the models found in the models directory, plus folders opened by hand. */
public final class ModelLibrary {

    /** System property naming the models directory (default {@code ./models}). */
    public static final String MODELS_DIR_PROPERTY = "orbitscope.models.dir";

    private static final Logger LOG = Logger.getLogger(ModelLibrary.class.getName());

    private final Path modelsDir;
    private final BackgroundTasks tasks;
    /** Every model found; {@link #entries} is the part the dataset and group pickers let through. */
    private final ObservableList<ModelEntry> all = FXCollections.observableArrayList();
    private final FilteredList<ModelEntry> entries = new FilteredList<>(all);
    private final ChoiceBox<String> datasetPicker = new ChoiceBox<>();
    private final ChoiceBox<String> groupPicker = new ChoiceBox<>();
    private final Set<Path> opened = new LinkedHashSet<>();
    private final ListView<ModelEntry> list = new ListView<>(entries);
    private final Label header = new Label("Models");
    private final BorderPane root = new BorderPane();
    /** Shown in the empty list: why it is empty and what to do. */
    private final Label placeholder = new Label();
    /** Shown under the list when model folders could not be read; its tooltip names each problem. */
    private final Label skipped = new Label();

    /**
     * @param modelsDir the models directory (may not exist yet)
     * @param tasks the background executor
     * @param selection the app-wide selection the list drives
     */
    public ModelLibrary(Path modelsDir, BackgroundTasks tasks, SelectionModel selection) {
        this.modelsDir = modelsDir;
        this.tasks = tasks;
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new EntryCell());
        placeholder.setWrapText(true);
        placeholder.setPadding(new Insets(8));
        list.setPlaceholder(placeholder);
        updatePlaceholder();
        list.getSelectionModel().getSelectedItems().addListener((ListChangeListener<ModelEntry>) c ->
                selection.selectModels(new ArrayList<>(list.getSelectionModel().getSelectedItems())));
        header.getStyleClass().addAll("title-4", "library-header");
        header.setPadding(new Insets(8));
        root.getStyleClass().add("model-library");
        datasetPicker.getItems().add(ALL_DATASETS);
        for (DatasetId d : DatasetId.values()) {
            datasetPicker.getItems().add(d.id());
        }
        groupPicker.getItems().add(ALL_GROUPS);
        for (Group g : Groups.all()) {
            groupPicker.getItems().add(g.id());
        }
        datasetPicker.setValue(ALL_DATASETS);
        groupPicker.setValue(ALL_GROUPS);
        datasetPicker.setTooltip(new Tooltip("List only the models of one dataset (also the default of Train new)"));
        groupPicker.setTooltip(new Tooltip("List only the models of one symmetry group "
                + "(also the default of Train new)"));
        datasetPicker.valueProperty().addListener((obs, o, n) -> applyFilter());
        groupPicker.valueProperty().addListener((obs, o, n) -> applyFilter());
        HBox pickers = new HBox(6, datasetPicker, groupPicker);
        pickers.setPadding(new Insets(0, 8, 6, 8));
        root.setTop(new VBox(header, pickers));
        root.setCenter(list);
        skipped.getStyleClass().addAll("text-small", "danger", "library-skipped");
        skipped.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignA.ALERT_OUTLINE));
        skipped.setWrapText(true);
        skipped.setPadding(new Insets(6, 8, 6, 8));
        root.setPrefWidth(300);
        root.setMinWidth(200);
    }

    /** Picker entry that lets every dataset through. */
    static final String ALL_DATASETS = "All datasets";
    /** Picker entry that lets every group through. */
    static final String ALL_GROUPS = "All groups";

    private void applyFilter() {
        String d = dataset();
        String g = group();
        entries.setPredicate(e -> (d == null || e.card().config().dataset().equals(d))
                && (g == null || e.card().config().group().equals(g)));
        updateHeader();
    }

    private void updateHeader() {
        header.setText(entries.size() == all.size() ? "Models (" + all.size() + ")"
                : "Models (" + entries.size() + " of " + all.size() + ")");
        updatePlaceholder();
    }

    /** An empty list says whether the folder has no models or the pickers leave none. */
    private void updatePlaceholder() {
        if (all.isEmpty()) {
            placeholder.setText("No models in " + modelsDir + ".\nTrain one with Train new (Ctrl+N).");
            return;
        }
        String d = dataset();
        String g = group();
        String what = (d == null ? "" : d + " ") + (g == null ? "" : g.toUpperCase(Locale.ROOT) + " ");
        String widen = d != null && g != null ? "All datasets or All groups" : d != null ? "All datasets"
                : "All groups";
        placeholder.setText("No " + what + "models among the " + all.size() + " in the library.\nChoose " + widen
                + " above, or train one with Train new (Ctrl+N).");
    }

    /** @return the picked dataset id, or null for all */
    public String dataset() {
        String v = datasetPicker.getValue();
        return v == null || v.equals(ALL_DATASETS) ? null : v;
    }

    /** @return the picked group id, or null for all */
    public String group() {
        String v = groupPicker.getValue();
        return v == null || v.equals(ALL_GROUPS) ? null : v;
    }

    /**
     * Lists only the models of a dataset and group.
     *
     * @param dataset a dataset id, or null for all
     * @param group a group id, or null for all
     */
    public void pick(String dataset, String group) {
        datasetPicker.setValue(dataset == null ? ALL_DATASETS : dataset);
        groupPicker.setValue(group == null ? ALL_GROUPS : group);
    }

    /** @return the models directory from {@link #MODELS_DIR_PROPERTY} or {@code ./models} */
    public static Path defaultModelsDir() {
        return Path.of(System.getProperty(MODELS_DIR_PROPERTY, "models")).toAbsolutePath().normalize();
    }

    /** @return the panel */
    public BorderPane node() {
        return root;
    }

    /** @return the models directory */
    public Path modelsDir() {
        return modelsDir;
    }

    /** @return the listed models (those the pickers let through) */
    public ObservableList<ModelEntry> entries() {
        return entries;
    }

    /**
     * Selects the listed models of some names.
     *
     * @param names model names
     */
    public void select(java.util.Collection<String> names) {
        list.getSelectionModel().clearSelection();
        for (int i = 0; i < entries.size(); i++) {
            if (names.contains(entries.get(i).name())) {
                list.getSelectionModel().select(i);
            }
        }
    }

    /** Selects every listed model. */
    public void selectAll() {
        list.getSelectionModel().selectAll();
    }

    /** @return the list control */
    ListView<ModelEntry> listView() {
        return list;
    }

    /**
     * Adds a model directory that is not under the models directory, after loading it in the background
     * (card, weights and checksum), so that a broken folder is reported instead of silently left out.
     *
     * @param dir a model directory
     * @return completes on the FX thread with the listed model, or exceptionally with the reason the folder
     *     cannot be opened (an {@link org.orbitscope.OrbitscopeException} naming the file and the problem)
     */
    public CompletableFuture<ModelEntry> open(Path dir) {
        Path normal = dir.toAbsolutePath().normalize();
        CompletableFuture<ModelEntry> done = new CompletableFuture<>();
        Task<ModelEntry> load = new Task<>() {
            @Override
            protected ModelEntry call() {
                return new ModelEntry(normal, ModelStore.load(normal).card());
            }
        };
        load.setOnSucceeded(e -> {
            opened.add(normal);
            refresh(() -> {
                list.getSelectionModel().clearSelection();
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).dir().equals(normal)) {
                        list.getSelectionModel().select(i);
                        list.scrollTo(i);
                    }
                }
                done.complete(load.getValue());
            });
        });
        load.setOnFailed(e -> done.completeExceptionally(load.getException()));
        tasks.executor().execute(load);
        return done;
    }

    /** Forgets a model directory opened by hand (after deletion). */
    void forget(Path dir) {
        opened.remove(dir.toAbsolutePath().normalize());
    }

    /** Rescans the models directory in the background and replaces the list, keeping the selection. */
    public void refresh() {
        refresh(() -> { });
    }

    private void refresh(Runnable then) {
        List<Path> extra = List.copyOf(opened);
        Task<Scan> scan = new Task<>() {
            @Override
            protected Scan call() {
                return scan(modelsDir, extra);
            }
        };
        scan.setOnSucceeded(e -> {
            List<Path> selected = list.getSelectionModel().getSelectedItems().stream().map(ModelEntry::dir).toList();
            Scan result = scan.getValue();
            all.setAll(result.entries());
            updateHeader();
            showProblems(result.problems());
            for (int i = 0; i < entries.size(); i++) {
                if (selected.contains(entries.get(i).dir())) {
                    list.getSelectionModel().select(i);
                }
            }
            then.run();
        });
        scan.setOnFailed(e -> LOG.log(Level.WARNING, "Model scan failed", scan.getException()));
        tasks.executor().execute(scan);
    }

    private void showProblems(List<String> problems) {
        if (problems.isEmpty()) {
            root.setBottom(null);
            return;
        }
        skipped.setText(problems.size() == 1 ? "1 folder skipped: its model cannot be read"
                : problems.size() + " folders skipped: their models cannot be read");
        skipped.setTooltip(new Tooltip(String.join("\n", problems)));
        root.setBottom(skipped);
    }

    /** @return the one-line notice of skipped folders, empty if none */
    String skippedText() {
        return root.getBottom() == null ? "" : skipped.getText() + "\n" + skipped.getTooltip().getText();
    }

    /**
     * What a scan found: the readable models and, for each unreadable one, its one-sentence problem.
     *
     * @param entries the models, sorted by name
     * @param problems one line per model folder that could not be read
     */
    record Scan(List<ModelEntry> entries, List<String> problems) {
    }

    /**
     * Reads the cards of every model directory directly under a directory.
     *
     * @param dir the models directory
     * @param extra more model directories
     * @return the models and the problems of the unreadable ones
     */
    static Scan scan(Path dir, List<Path> extra) {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).sorted().forEach(dirs::add);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot list " + dir, e);
            }
        }
        dirs.addAll(extra);
        List<ModelEntry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path d : new LinkedHashSet<>(dirs)) {
            if (!ModelStore.isModel(d)) {
                continue;
            }
            try {
                out.add(new ModelEntry(d.toAbsolutePath().normalize(), ModelStore.readCard(d)));
            } catch (RuntimeException e) {
                problems.add(e instanceof org.orbitscope.OrbitscopeException ? e.getMessage() : d + ": " + e);
            }
        }
        out.sort(Comparator.comparing(ModelEntry::name));
        return new Scan(out, problems);
    }

    /**
     * The headline metrics of a card, e.g. {@code Acc 0.971 · LI 0.012 · SI 0.96}, or empty.
     *
     * @param card a model card
     * @return the text
     */
    static String headline(ModelCard card) {
        StringBuilder sb = new StringBuilder();
        for (String key : new String[] {"Acc", "LI", "SI"}) {
            Object v = find(card.metrics(), key);
            if (v != null) {
                if (sb.length() > 0) {
                    sb.append(" · ");
                }
                sb.append(key).append(' ').append(v instanceof Number n ? fmt(n.doubleValue()) : v.toString());
            }
        }
        return sb.toString();
    }

    private static Object find(Map<String, Object> metrics, String key) {
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            String want = key.toLowerCase(Locale.ROOT);
            if (k.equals(want) || (want.equals("acc") && (k.equals("accuracy") || k.equals("test_accuracy")))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 0.001 || v == 0 ? String.format(Locale.ROOT, "%.3f", v)
                : String.format(Locale.ROOT, "%.2e", v);
    }

    /** Two-line cell: name and status, then kind/group/dataset/seed, best val acc and headline metrics. */
    private static final class EntryCell extends ListCell<ModelEntry> {
        @Override
        protected void updateItem(ModelEntry item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            ModelCard c = item.card();
            Label name = new Label(item.name());
            name.getStyleClass().add("text-bold");
            String kind = c.config().kind().name();
            Label line1 = new Label(String.format(Locale.ROOT, "%s · %s · %s · seed %d · %s", kind,
                    c.config().group(), c.config().dataset(), c.config().seed(), c.status()));
            line1.getStyleClass().addAll("text-small", "text-muted");
            Label line2 = new Label(String.format(Locale.ROOT, "best val acc %.4f (epoch %d)",
                    c.bestValidationAccuracy(), c.bestEpoch()));
            line2.getStyleClass().add("text-small");
            VBox box = new VBox(2, name, line1, line2);
            String metrics = headline(c);
            if (!metrics.isEmpty()) {
                Label line3 = new Label(metrics);
                line3.getStyleClass().addAll("text-small", "accent");
                box.getChildren().add(line3);
            }
            setText(null);
            setGraphic(box);
        }
    }
}
