package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

/** The nu-tuning curves: validation accuracy and SI against the IR weight nu, the chosen nu and target SI. */
final class NuTuningPane implements FigurePane {

    private final Path modelsDir;
    private final ComboBox<NuCurve> curve = new ComboBox<>();
    private final Label status = new Label();
    private final FigureBox figure;
    private final BorderPane root = new BorderPane();

    NuTuningPane(Path modelsDir) {
        this.modelsDir = modelsDir;
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
     * Shows the curve that chose an IR model's nu, if there is one; other models leave the choice alone.
     *
     * @param m the model, or null
     */
    void showFor(ModelEntry m) {
        if (m == null || m.card().config().kind() != ModelKind.IR) {
            return;
        }
        ModelConfig c = m.card().config();
        curve.getItems().stream().filter(n -> n.dataset().equals(c.dataset()) && n.group().equals(c.group())
                && n.regularizer().equals(c.regularizer().id())).findFirst().ifPresent(curve::setValue);
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
