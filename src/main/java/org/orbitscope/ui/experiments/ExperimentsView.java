package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.View;
import org.orbitscope.ui.train.DatasetCache;

/** Reproduces the paper's experiments from the library: Table 1, drift (Fig. 4), spectral (Fig. 5), ν tuning. */
public final class ExperimentsView implements View {

    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Table1Pane table1;
    private final DriftPane drift;
    private final SpectralPane spectral;
    private final NuTuningPane nu;

    /**
     * @param tasks the shared executor
     * @param models every model of the library (the views follow its changes)
     * @param modelsDir the models directory (its {@code nu-tuning} folder holds the curves)
     * @param datasets loaded datasets
     */
    public ExperimentsView(BackgroundTasks tasks, ObservableList<ModelEntry> models, Path modelsDir,
            DatasetCache datasets) {
        table1 = new Table1Pane(models);
        drift = new DriftPane(models, tasks, datasets);
        spectral = new SpectralPane(models, tasks, datasets);
        nu = new NuTuningPane(modelsDir, models);
        for (View v : List.of(table1, drift, spectral, nu)) {
            Tab t = new Tab(v.title(), v.node());
            t.setUserData(v);
            t.setClosable(false);
            tabs.getTabs().add(t);
        }
        root.getStyleClass().add("experiments");
        root.getStylesheets().add(Objects.requireNonNull(
                ExperimentsView.class.getResource("experiments.css")).toExternalForm());
        root.setCenter(tabs);
    }

    /**
     * Makes the views follow the application's current model: selecting an IR model shows the curve of
     * the search that chose its nu.
     *
     * @param current the current model
     */
    public void follow(javafx.beans.value.ObservableValue<ModelEntry> current) {
        current.addListener((obs, old, m) -> nu.showFor(m));
        nu.showFor(current.getValue());
    }

    /**
     * Selects a sub-view.
     *
     * @param title its tab title, e.g. {@code Spectral (Fig. 5)}
     * @return true if there is one
     */
    public boolean showSubView(String title) {
        for (Tab t : tabs.getTabs()) {
            if (t.getText().equals(title)) {
                tabs.getSelectionModel().select(t);
                return true;
            }
        }
        return false;
    }

    /** @return the sub-view in the selected sub-tab */
    View current() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t == null ? table1 : (View) t.getUserData();
    }

    /** @return the sub-tabs (for tests) */
    TabPane tabs() {
        return tabs;
    }

    Table1Pane table1() {
        return table1;
    }

    DriftPane drift() {
        return drift;
    }

    SpectralPane spectral() {
        return spectral;
    }

    NuTuningPane nu() {
        return nu;
    }

    @Override
    public String title() {
        return "Experiments";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node snapshotTarget() {
        return current().snapshotTarget();
    }

    @Override
    public java.util.Optional<org.orbitscope.figure.Figure> figure(double scale) {
        return current().figure(scale);
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        current().writeCsv(out);
    }
}
