package org.orbitscope.ui.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;

/** Asks for an ONNX file and what it classifies (dataset, group, input normalization), before the import. */
public final class ImportOnnxDialog {

    /**
     * What the user chose.
     *
     * @param file the .onnx file
     * @param dataset the dataset the model classifies
     * @param group the group whose invariance is measured
     * @param norm the input normalization, or null for the dataset's training statistics
     * @param out the model directory to create
     */
    public record Request(Path file, DatasetId dataset, Group group, Normalization norm, Path out) {
    }

    private ImportOnnxDialog() {
    }

    /**
     * @param owner the window
     * @param modelsDir where the imported model's directory goes
     * @param dataset the preselected dataset id, or null
     * @param group the preselected group id, or null
     * @return the request, or empty if cancelled
     */
    public static Optional<Request> ask(Window owner, Path modelsDir, String dataset, String group) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import an ONNX classifier");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX model", "*.onnx"));
        java.io.File f = chooser.showOpenDialog(owner);
        return f == null ? Optional.empty() : ask(owner, f.toPath(), modelsDir, dataset, group);
    }

    /**
     * @param owner the window
     * @param file the chosen file
     * @param modelsDir where the imported model's directory goes
     * @param dataset the preselected dataset id, or null
     * @param group the preselected group id, or null
     * @return the request, or empty if cancelled
     */
    public static Optional<Request> ask(Window owner, Path file, Path modelsDir, String dataset, String group) {
        Dialog<Request> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Import ONNX model");
        d.setHeaderText("Import " + file.getFileName() + "\nIt must take 36 x 36 greyscale images "
                + "([N,1,36,36], [N,36,36] or [N,1296]) and return logits (a final Softmax is dropped).");
        ChoiceBox<DatasetId> datasets = new ChoiceBox<>();
        datasets.getItems().addAll(DatasetId.values());
        datasets.setValue(dataset == null ? DatasetId.TMNIST : DatasetId.byId(dataset));
        ChoiceBox<String> groups = new ChoiceBox<>();
        for (Group g : Groups.all()) {
            groups.getItems().add(g.id());
        }
        groups.setValue(group == null ? Groups.R4.id() : group);
        CheckBox own = new CheckBox("Own normalization");
        own.setTooltip(new Tooltip("By default inputs are normalized with the dataset's training statistics, as "
                + "Orbitscope's own models are; a model trained on raw [0,1] pixels needs mean 0, std 1."));
        TextField mean = new TextField("0");
        TextField std = new TextField("1");
        mean.disableProperty().bind(own.selectedProperty().not());
        std.disableProperty().bind(own.selectedProperty().not());
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
        TextField name = new TextField(stem.toLowerCase(Locale.ROOT) + "-onnx");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        Label dl = new Label("Dataset");
        dl.setLabelFor(datasets);
        Label gl = new Label("Group");
        gl.setLabelFor(groups);
        Label nl = new Label("Model folder");
        nl.setLabelFor(name);
        grid.addRow(0, dl, datasets);
        grid.addRow(1, gl, groups);
        grid.addRow(2, own);
        grid.addRow(3, new Label("Mean"), mean);
        grid.addRow(4, new Label("Std"), std);
        grid.addRow(5, nl, name);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = problem(own.isSelected(), mean.getText(), std.getText(), name.getText(), modelsDir);
            if (problem != null) {
                d.setHeaderText(problem);
                e.consume();
            }
        });
        d.setResultConverter(b -> b != ButtonType.OK ? null : new Request(file, datasets.getValue(),
                Groups.byId(groups.getValue()), own.isSelected() ? new Normalization(Float.parseFloat(mean.getText()),
                Float.parseFloat(std.getText())) : null, modelsDir.resolve(name.getText().strip())));
        return d.showAndWait();
    }

    /** @return what is wrong with the form, or null */
    static String problem(boolean own, String mean, String std, String name, Path modelsDir) {
        if (own) {
            try {
                float m = Float.parseFloat(mean);
                float s = Float.parseFloat(std);
                if (!Float.isFinite(m) || !(s > 0) || !Float.isFinite(s)) {
                    return "The mean must be a finite number and the std positive.";
                }
            } catch (NumberFormatException e) {
                return "The mean and std must be numbers.";
            }
        }
        String n = name.strip();
        if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.startsWith(".")) {
            return "The model folder must be a plain folder name.";
        }
        if (Files.exists(modelsDir.resolve(n))) {
            return modelsDir.resolve(n) + " exists already: choose another name.";
        }
        return null;
    }
}
