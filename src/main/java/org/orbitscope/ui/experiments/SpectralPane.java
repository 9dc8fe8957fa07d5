package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.SpectralStudy;
import org.orbitscope.analysis.Table1;
import org.orbitscope.figure.BarPlot;
import org.orbitscope.figure.DriftFigure;
import org.orbitscope.figure.SpectralFigure;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.train.DatasetCache;

/** Paper Fig. 5: SigmaMax(J) per kind of model from the cards, beside the Proposition 3.1 curve. */
final class SpectralPane implements FigurePane {

    private final ObservableList<ModelEntry> models;
    private final BackgroundTasks tasks;
    private final DatasetCache datasets;
    private final Map<String, SpectralStudy.Curve> curves = new ConcurrentHashMap<>();
    private final ComboBox<String> group = new ComboBox<>();
    private final Label status = new Label();
    private final FigureBox figure = new FigureBox("No evaluated models: SigmaMax comes from evaluate.");
    private final BorderPane root = new BorderPane();
    private Map<String, List<Double>> shown = Map.of();

    SpectralPane(ObservableList<ModelEntry> models, BackgroundTasks tasks, DatasetCache datasets) {
        this.models = models;
        this.tasks = tasks;
        this.datasets = datasets;
        HBox bar = ToolRow.of(status, new Label("Dataset and group"), group);
        root.setTop(bar);
        root.setCenter(figure.node());
        group.valueProperty().addListener((obs, old, g) -> show());
        models.addListener((ListChangeListener<ModelEntry>) c -> refreshGroups());
        refreshGroups();
    }

    private static String key(ModelConfig c) {
        return c.dataset() + " " + c.group().toUpperCase(Locale.ROOT);
    }

    private static boolean evaluated(ModelEntry m) {
        return m.card().metrics().get("SigmaMax") instanceof Number;
    }

    private void refreshGroups() {
        String current = group.getValue();
        // the paper's dataset first, so the default is the paper's figure
        List<String> keys = models.stream().filter(SpectralPane::evaluated).map(m -> key(m.card().config()))
                .distinct().sorted(java.util.Comparator.comparing((String k) -> !k.startsWith(
                        org.orbitscope.data.DatasetId.TMNIST.id() + " ")).thenComparing(k -> k)).toList();
        group.getItems().setAll(keys);
        String next = keys.contains(current) ? current : keys.isEmpty() ? null : keys.get(0);
        if (next != null && next.equals(group.getValue())) {
            show();
        } else {
            group.setValue(next);
        }
    }

    /**
     * @param entries models of one dataset and group
     * @return their SigmaMax by kind, in {@link SpectralStudy#KINDS} order, then any other kind
     */
    static Map<String, List<Double>> byKind(List<ModelEntry> entries) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        SpectralStudy.KINDS.forEach(k -> out.put(k, new ArrayList<>()));
        for (ModelEntry m : entries) {
            if (m.card().metrics().get("SigmaMax") instanceof Number v) {
                out.computeIfAbsent(Table1.kind(m.card().config()), k -> new ArrayList<>()).add(v.doubleValue());
            }
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private void show() {
        String g = group.getValue();
        if (g == null) {
            shown = Map.of();
            figure.clear("No evaluated models: SigmaMax comes from evaluate.");
            return;
        }
        List<ModelEntry> chosen = models.stream().filter(SpectralPane::evaluated)
                .filter(m -> key(m.card().config()).equals(g)).toList();
        Map<String, List<Double>> values = byKind(chosen);
        ModelConfig first = chosen.get(0).card().config();
        String curveKey = g + "|" + first.splitSeed();
        SpectralStudy.Curve curve = curves.get(curveKey);
        if (curve != null) {
            draw(g, values, curve, chosen.size());
            return;
        }
        status.setText("Computing the Proposition 3.1 curve…");
        var norm = chosen.get(0).card().normalization();
        Task<SpectralStudy.Curve> task = new Task<>() {
            @Override
            protected SpectralStudy.Curve call() {
                updateTitle("Spectral decay " + g);
                return SpectralStudy.proposition31(first.groupValue(),
                        datasets.get(first.datasetValue(), first.splitSeed()).test(), norm);
            }
        };
        task.setOnSucceeded(e -> {
            curves.put(curveKey, task.getValue());
            if (g.equals(group.getValue())) {
                draw(g, values, task.getValue(), chosen.size());
            }
        });
        task.setOnFailed(e -> {
            Throwable t = task.getException();
            status.setText("Proposition 3.1 curve failed: " + (t instanceof OrbitscopeException ? t.getMessage() : t));
        });
        tasks.submit(task);
    }

    private void draw(String g, Map<String, List<Double>> values, SpectralStudy.Curve curve, int count) {
        shown = values;
        List<BarPlot.Bar> bars = new ArrayList<>();
        values.forEach((k, v) -> bars.add(new BarPlot.Bar(k, v.stream().mapToDouble(Double::doubleValue).toArray(),
                DriftFigure.color(k))));
        String title = g.substring(g.indexOf(' ') + 1) + ": sensitivity per kind of model";
        figure.show(s -> SpectralFigure.figure(title, bars, curve.steps(), curve.sigma(), s));
        status.setText(count + " evaluated models; bars: mean, std and every seed");
    }

    /** @return group chooser (for tests) */
    ComboBox<String> group() {
        return group;
    }

    /** @return the figure (for tests) */
    @Override
    public FigureBox figure() {
        return figure;
    }

    @Override
    public String title() {
        return "Spectral (Fig. 5)";
    }

    @Override
    public Node node() {
        return root;
    }


    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("kind,seed_index,sigma_max\n");
        for (Map.Entry<String, List<Double>> e : shown.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                out.append(e.getKey()).append(',').append(String.valueOf(i)).append(',')
                        .append(Double.toString(e.getValue().get(i))).append('\n');
            }
        }
    }
}
