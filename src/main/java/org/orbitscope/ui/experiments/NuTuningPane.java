package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.ui.common.ModelEntry;

/**
 * The nu-tuning curves: validation accuracy and SI against the IR weight nu, the chosen nu and target SI.
 * The curve shown follows the library: the dataset and group of the listed models, and of the current model.
 */
final class NuTuningPane implements FigurePane {

    private final Path modelsDir;
    private final ObservableList<ModelEntry> models;
    private final ComboBox<NuCurve> curve = new ComboBox<>();
    private final Label status = new Label();
    private final FigureBox figure;
    private final BorderPane root = new BorderPane();

    /**
     * @param modelsDir the models directory (its {@code nu-tuning} folder holds the curves)
     * @param models the models the library lists (their dataset and group choose the curve)
     */
    NuTuningPane(Path modelsDir, ObservableList<ModelEntry> models) {
        this.modelsDir = modelsDir;
        this.models = models;
        this.figure = new FigureBox("No nu-tuning curves in " + modelsDir.resolve(NuCurve.FOLDER)
                + ": tune-nu and reproduce-models write them.");
        curve.setCellFactory(l -> new Cell());
        curve.setButtonCell(new Cell());
        curve.valueProperty().addListener((obs, old, c) -> show(c));
        Button reload = new Button("Reload", new FontIcon(MaterialDesignR.REFRESH));
        reload.setOnAction(e -> reload());
        HBox bar = ToolRow.of(status, new Label("Curve"), curve, reload);
        root.setTop(bar);
        root.setCenter(figure.node());
        models.addListener((ListChangeListener<ModelEntry>) c -> followListed());
        reload();
    }

    private static final class Cell extends ListCell<NuCurve> {
        @Override
        protected void updateItem(NuCurve c, boolean empty) {
            super.updateItem(c, empty);
            setText(empty || c == null ? null : c.label());
        }
    }

    /** Rereads the curve files of the models directory. */
    void reload() {
        String current = curve.getValue() == null ? null : curve.getValue().file().getFileName().toString();
        List<NuCurve> all;
        try {
            all = NuCurve.readAll(modelsDir);
        } catch (OrbitscopeException e) {
            status.setText(e.getMessage());
            all = List.of();
        }
        // the paper's dataset first, so the default is one of the paper's searches
        all = all.stream().sorted(java.util.Comparator.comparing((NuCurve c) -> !c.dataset().equals(
                org.orbitscope.data.DatasetId.TMNIST.id()))).toList();
        curve.getItems().setAll(all);
        curve.setValue(all.stream().filter(c -> c.file().getFileName().toString().equals(current)).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0)));
        if (all.isEmpty()) {
            show(null);
        }
        followListed();
    }

    /** Moves to a curve of the listed models' dataset and group when the shown one is of none of them. */
    private void followListed() {
        NuCurve shown = curve.getValue();
        if (models.isEmpty() || shown != null && models.stream().anyMatch(m -> of(shown, m.card().config()))) {
            return;
        }
        for (ModelEntry m : models) {
            NuCurve c = best(m.card().config());
            if (c != null) {
                curve.setValue(c);
                return;
            }
        }
    }

    /** @return true if a curve is of a configuration's dataset and group */
    private static boolean of(NuCurve c, ModelConfig config) {
        return c.dataset().equals(config.dataset()) && c.group().equals(config.group());
    }

    /**
     * @return the curve of a configuration's dataset and group: the one of its regularizer for IR, else of
     *     the shown curve's regularizer, else the first; null if there is none
     */
    private NuCurve best(ModelConfig config) {
        NuCurve shown = curve.getValue();
        String reg = config.kind() == ModelKind.IR ? config.regularizer().id()
                : shown != null ? shown.regularizer() : "l2";
        List<NuCurve> same = curve.getItems().stream().filter(c -> of(c, config)).toList();
        return same.stream().filter(c -> c.regularizer().equals(reg)).findFirst()
                .orElse(same.isEmpty() ? null : same.get(0));
    }

    private void show(NuCurve c) {
        if (c == null) {
            figure.clear("No nu-tuning curves in " + modelsDir.resolve(NuCurve.FOLDER)
                    + ": tune-nu and reproduce-models write them.");
            status.setText("");
            return;
        }
        figure.show(c::figure);
        status.setText(String.format(Locale.ROOT, "%d values of ν tried; chosen ν = %s%s", c.points().size(),
                org.orbitscope.model.ModelConfig.trim(
                Double.parseDouble(String.format(Locale.ROOT, "%.3g", c.chosenNu()))),
                        c.reached() ? "" : " (target SI not reached)"));
    }

    /**
     * Follows the current model: an IR model shows the curve that chose its nu; another model a curve of its
     * dataset and group, unless the shown one already is.
     *
     * @param m the model, or null (the choice stays)
     */
    void showFor(ModelEntry m) {
        if (m == null) {
            return;
        }
        ModelConfig c = m.card().config();
        NuCurve shown = curve.getValue();
        boolean fits = shown != null && of(shown, c)
                && (c.kind() != ModelKind.IR || shown.regularizer().equals(c.regularizer().id()));
        NuCurve next = fits ? null : best(c);
        if (next != null) {
            curve.setValue(next);
        }
    }

    /** @return curve chooser (for tests) */
    ComboBox<NuCurve> curve() {
        return curve;
    }

    @Override
    public String title() {
        return "ν tuning";
    }

    @Override
    public FigureBox figure() {
        return figure;
    }

    @Override
    public Node node() {
        return root;
    }


    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("dataset,group,regularizer,target_si,chosen_nu,nu,epochs,accuracy,si,li,di\n");
        NuCurve c = curve.getValue();
        if (c == null) {
            return;
        }
        for (NuCurve.Point p : c.points()) {
            out.append(String.join(",", c.dataset(), c.group(), c.regularizer(), Double.toString(c.targetSi()),
                    Double.toString(c.chosenNu()), Double.toString(p.nu()), String.valueOf(p.epochs()),
                    Double.toString(p.accuracy()), Double.toString(p.si()), Double.toString(p.li()),
                    Double.toString(p.di()))).append('\n');
        }
    }
}
