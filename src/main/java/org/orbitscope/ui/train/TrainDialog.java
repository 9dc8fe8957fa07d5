package org.orbitscope.ui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.TunedNu;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;

/** Dialog with every training setting, the paper's defaults and inline validation. */
public final class TrainDialog extends Dialog<TrainRequest> {

    /** The start button. */
    public static final ButtonType START = new ButtonType("Start training", ButtonBar.ButtonData.OK_DONE);

    private final Path modelsDir;
    private final ChoiceBox<ModelKind> kind = new ChoiceBox<>();
    private final ChoiceBox<String> dataset = new ChoiceBox<>();
    private final ChoiceBox<String> group = new ChoiceBox<>();
    private final TextField splitSeed = new TextField();
    private final TextField seed = new TextField();
    private final TextField epochs = new TextField();
    private final TextField batch = new TextField();
    private final TextField lr = new TextField();
    private final ChoiceBox<Regularizer> regularizer = new ChoiceBox<>();
    private final TextField nu = new TextField();
    private final ChoiceBox<Pooling> pooling = new ChoiceBox<>();
    private final TextField sizes = new TextField();
    private final TextField monitor = new TextField();
    private final TextField sigma = new TextField();
    private final TextField subset = new TextField();
    private final TextField outDir = new TextField();
    private final Label error = new Label();
    /** Where the nu shown came from (a nu search of this dataset, group and regularizer), or empty. */
    private final Label nuSource = new Label();
    private boolean nuEdited;
    private boolean settingNu;
    private boolean outDirEdited;
    private boolean settingOutDir;
    private TrainRequest current;

    /**
     * @param owner owning window
     * @param modelsDir where new models go by default
     * @param initial settings to start from
     */
    public TrainDialog(Window owner, Path modelsDir, ModelConfig initial) {
        this.modelsDir = modelsDir;
        initOwner(owner);
        setTitle("Train a new model");
        setHeaderText("Train a new model (the paper's settings; for IR, the nu its search chose)");
        setResizable(true);

        // imported ONNX models are not trained here
        kind.getItems().setAll(ModelKind.DA, ModelKind.IR, ModelKind.WT);
        for (DatasetId d : DatasetId.values()) {
            dataset.getItems().add(d.id());
        }
        for (Group g : Groups.all()) {
            group.getItems().add(g.id());
        }
        regularizer.getItems().setAll(Regularizer.values());
        pooling.getItems().setAll(Pooling.values());
        load(initial);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        int row = 0;
        row = add(grid, row, "Model kind", kind, "DA: plain MLP with data augmentation. IR: DA plus an invariance "
                + "regularizer nu·R(f(x), f(gx)). WT: weight-tied MLP, genuinely invariant by construction.");
        row = add(grid, row, "Dataset", dataset, "tmnist: transformed MNIST digits 0-8; tfmnist: transformed "
                + "Fashion-MNIST, 9 classes. Images are 36×36 after zero padding.");
        row = add(grid, row, "Group", group, "r4: rotations by multiples of 90°; t3: cyclic translations; "
                + "d4: rotations and reflections of the square.");
        row = add(grid, row, "Split seed", splitSeed, "Seed of the train/validation split (paper: 0).");
        row = add(grid, row, "Seed", seed, "Seed of weight initialization, shuffling and augmentation; "
                + "the same settings and seed give the same weights.");
        row = add(grid, row, "Epochs", epochs, "Passes over the training set (paper: 300). The epoch with the best "
                + "validation accuracy is kept.");
        row = add(grid, row, "Batch size", batch, "Mini-batch size (paper: 512).");
        row = add(grid, row, "Learning rate", lr, "Adam step size (paper: 8e-4).");
        row = add(grid, row, "Regularizer (IR)", regularizer, "L2: 0.5·||f(x)−f(gx)||²; KL: divergence of the "
                + "softmax outputs; L2NORM: L2 divided by ||f(x)||². Used only by IR.");
        row = add(grid, row, "nu (IR)", nu, "Weight of the regularizer in the IR loss. The paper tunes it so that "
                + "SI ≥ 0.95. Used only by IR.");
        nuSource.getStyleClass().add("text-muted");
        nuSource.setWrapText(true);
        nuSource.setMaxWidth(360);
        grid.add(nuSource, 1, row++);
        row = add(grid, row, "Pooling (WT)", pooling, "How the weight-tied first layer pools over the orbit: "
                + "element-wise max (default) or mean. Used only by WT.");
        row = add(grid, row, "Layer sizes", sizes, "Comma-separated widths, input (1296 = 36×36) first, classes (9) "
                + "last. Paper: 1296,128,128,128,128,128,9.");
        row = add(grid, row, "Monitor samples", monitor, "Validation samples whose full orbits give the LI and DI "
                + "curves per epoch (0 turns them off).");
        row = add(grid, row, "SigmaMax samples", sigma, "Validation samples whose input Jacobians give the "
                + "SigmaMax curve per epoch (0 turns it off).");
        row = add(grid, row, "Training subset", subset, "If positive, train on only this many training samples "
                + "(for quick trials); 0 uses all 10000.");
        row = add(grid, row, "Output directory", outDir, "New model directory; must not already hold a model.");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.setMaxWidth(460);
        grid.add(error, 0, row, 2, 1);
        VBox content = new VBox(grid);
        content.setPadding(new Insets(8));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);

        ChangeListener<Object> revalidate = (obs, o, n) -> validate();
        ChangeListener<Object> renamed = (obs, o, n) -> {
            if (!outDirEdited) {
                suggestOutDir();
            }
            validate();
        };
        pooling.valueProperty().addListener(revalidate);
        for (ChoiceBox<?> c : new ChoiceBox<?>[] {kind, dataset, group, regularizer}) {
            c.valueProperty().addListener(renamed);
            // the fields that apply follow the kind; nu follows the search of the dataset, group and regularizer
            c.valueProperty().addListener((obs, o, n) -> {
                applicable();
                tunedNu();
            });
        }
        nu.textProperty().addListener((obs, o, n) -> {
            if (!settingNu) {
                nuEdited = true;
                nuSource.setText("");
            }
        });
        seed.textProperty().addListener(renamed);
        for (TextField f : new TextField[] {splitSeed, epochs, batch, lr, nu, sizes, monitor, sigma, subset}) {
            f.textProperty().addListener(revalidate);
        }
        outDir.textProperty().addListener((obs, o, n) -> {
            if (!settingOutDir) {
                outDirEdited = true;
            }
            validate();
        });
        applicable();
        tunedNu();
        suggestOutDir();
        validate();
        setResultConverter(b -> b == START ? current : null);
    }

    /** @return the kind chooser (for tests) */
    ChoiceBox<ModelKind> kindField() {
        return kind;
    }

    /** @return the nu field (for tests) */
    TextField nuField() {
        return nu;
    }

    /** @return the line saying where nu came from (for tests) */
    Label nuSourceLabel() {
        return nuSource;
    }

    /** @return the regularizer chooser (for tests) */
    ChoiceBox<Regularizer> regularizerField() {
        return regularizer;
    }

    /** @return the pooling chooser (for tests) */
    ChoiceBox<Pooling> poolingField() {
        return pooling;
    }

    /** @return the output directory field (for tests) */
    TextField outDirField() {
        return outDir;
    }

    private static int add(GridPane grid, int row, String label, Node field, String help) {
        Label l = new Label(label);
        Tooltip tip = new Tooltip(help);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        l.setTooltip(tip);
        l.setLabelFor(field);
        if (field instanceof javafx.scene.control.Control c) {
            c.setTooltip(tip);
            c.setPrefWidth(300);
        }
        grid.add(l, 0, row);
        grid.add(field, 1, row);
        return row + 1;
    }

    private void load(ModelConfig c) {
        kind.setValue(c.kind());
        dataset.setValue(c.dataset());
        group.setValue(c.group());
        splitSeed.setText(Long.toString(c.splitSeed()));
        seed.setText(Long.toString(c.seed()));
        epochs.setText(Integer.toString(c.epochs()));
        batch.setText(Integer.toString(c.batchSize()));
        lr.setText(Double.toString(c.learningRate()));
        regularizer.setValue(c.regularizer());
        nu.setText(Double.toString(c.nu()));
        pooling.setValue(c.pooling());
        sizes.setText(Arrays.stream(c.sizes()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        monitor.setText(Integer.toString(c.monitorSamples()));
        sigma.setText(Integer.toString(c.sigmaSamples()));
        subset.setText(Integer.toString(c.trainSubset()));
    }

    /** Enables the fields the chosen kind uses: regularizer and nu for IR, pooling for WT. */
    private void applicable() {
        ModelKind k = kind.getValue();
        regularizer.setDisable(k != ModelKind.IR);
        nu.setDisable(k != ModelKind.IR);
        nuSource.setVisible(k == ModelKind.IR);
        pooling.setDisable(k != ModelKind.WT);
    }

    /** Fills in the nu a search chose for this dataset, group and regularizer, unless the user typed one. */
    private void tunedNu() {
        if (nuEdited || kind.getValue() != ModelKind.IR || regularizer.getValue() == null) {
            return;
        }
        java.util.Optional<TunedNu> t = TunedNu.find(modelsDir, dataset.getValue(), group.getValue(),
                regularizer.getValue().id());
        settingNu = true;
        if (t.isPresent()) {
            nu.setText(ModelConfig.trim(t.get().nu()));
            nuSource.setText("The nu chosen by the search in " + t.get().file() + " (SI target of tune-nu).");
        } else {
            nuSource.setText("No nu search for " + dataset.getValue() + " " + group.getValue() + " "
                    + regularizer.getValue().id() + " in " + modelsDir.resolve(TunedNu.FOLDER)
                    + "; tune-nu finds one.");
        }
        settingNu = false;
    }

    private void suggestOutDir() {
        String s = seed.getText().trim();
        String base;
        try {
            base = config().standardName();
        } catch (OrbitscopeException | IllegalArgumentException e) {
            // not a valid configuration yet: name it from what is chosen
            base = (dataset.getValue() + "-" + group.getValue() + "-" + kind.getValue() + "-s" + s)
                    .toLowerCase(Locale.ROOT);
        }
        Path p = modelsDir.resolve(base);
        for (int i = 2; Files.exists(p); i++) {
            p = modelsDir.resolve(base + "-" + i);
        }
        settingOutDir = true;
        outDir.setText(p.toString());
        settingOutDir = false;
    }

    private void validate() {
        try {
            current = new TrainRequest(config(), outDirPath());
            error.setText("");
        } catch (OrbitscopeException | IllegalArgumentException e) {
            current = null;
            error.setText(e.getMessage());
        }
        Node start = getDialogPane().lookupButton(START);
        if (start != null) {
            start.setDisable(current == null);
        }
    }

    private Path outDirPath() {
        String text = outDir.getText().trim();
        if (text.isEmpty()) {
            throw new OrbitscopeException("Choose an output directory.");
        }
        Path p = Path.of(text);
        if (ModelStore.isModel(p)) {
            throw new OrbitscopeException(p + " already holds a model; choose another directory.");
        }
        return p;
    }

    /** @return the configuration the fields describe; throws with a one-sentence message if invalid */
    ModelConfig config() {
        return new ModelConfig(kind.getValue(), dataset.getValue(), group.getValue(),
                parseLong("Split seed", splitSeed), parseLong("Seed", seed), parseInt("Epochs", epochs),
                parseInt("Batch size", batch), parseDouble("Learning rate", lr), regularizer.getValue(),
                parseDouble("nu", nu), pooling.getValue(), parseSizes(), parseInt("Monitor samples", monitor),
                parseInt("SigmaMax samples", sigma), parseInt("Training subset", subset));
    }

    private int[] parseSizes() {
        String[] parts = sizes.getText().split("[,\\s]+");
        try {
            int[] out = Arrays.stream(parts).filter(p -> !p.isBlank()).mapToInt(Integer::parseInt).toArray();
            if (out.length < 2) {
                throw new OrbitscopeException("Layer sizes need at least an input and an output width.");
            }
            return out;
        } catch (NumberFormatException e) {
            throw new OrbitscopeException("Layer sizes must be whole numbers separated by commas.");
        }
    }

    private static long parseLong(String name, TextField f) {
        try {
            return Long.parseLong(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new OrbitscopeException(name + " must be a whole number.");
        }
    }

    private static int parseInt(String name, TextField f) {
        try {
            return Integer.parseInt(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new OrbitscopeException(name + " must be a whole number.");
        }
    }

    private static double parseDouble(String name, TextField f) {
        try {
            return Double.parseDouble(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new OrbitscopeException(name + " must be a number.");
        }
    }
}
