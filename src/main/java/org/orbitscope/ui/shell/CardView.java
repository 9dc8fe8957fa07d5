package org.orbitscope.ui.shell;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.ui.common.ModelEntry;

/** A model card shown for reading: its fields in labelled sections, the raw JSON behind a toggle. */
final class CardView {

    private final BorderPane root = new BorderPane();
    private final GridPane fields = new GridPane();
    private final ScrollPane formatted = new ScrollPane(fields);
    private final TextArea raw;
    private final ToggleButton rawShown = new ToggleButton("Raw JSON");
    private int row;

    /**
     * @param entry the model
     * @param json the card file's text, shown as it is behind the toggle
     */
    CardView(ModelEntry entry, String json) {
        raw = new TextArea(json);
        raw.setEditable(false);
        raw.getStyleClass().add("monospace");
        fields.setHgap(14);
        fields.setVgap(3);
        fields.setPadding(new Insets(8));
        fields.getStyleClass().add("card-fields");
        formatted.setFitToWidth(true);
        fill(entry);
        rawShown.setTooltip(new Tooltip("Show the card file model.json as it is stored"));
        rawShown.selectedProperty().addListener((obs, old, on) -> root.setCenter(on ? raw : formatted));
        HBox bar = new HBox(8, rawShown);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(0, 0, 6, 0));
        root.setTop(bar);
        root.setCenter(formatted);
        root.setPrefSize(720, 560);
    }

    /** @return the view */
    Node node() {
        return root;
    }

    /** @return the raw-JSON toggle (for tests) */
    ToggleButton rawToggle() {
        return rawShown;
    }

    /** @return the raw JSON text area (for tests) */
    TextArea rawText() {
        return raw;
    }

    private void fill(ModelEntry entry) {
        ModelCard card = entry.card();
        ModelConfig c = card.config();
        section("Model");
        field("Name", card.name() == null ? entry.name() : card.name());
        field("Folder", entry.dir().toString());
        field("Kind", switch (c.kind()) {
            case DA -> "DA: plain network trained with data augmentation";
            case IR -> "IR: data augmentation plus the invariance regularizer";
            case WT -> "WT: weight-tied network, invariant by construction";
            case ONNX -> "ONNX: a classifier imported from an ONNX file (inspected, not trained here)";
        });
        field("Dataset and group", c.dataset() + ", " + c.groupValue().displayName());
        field("Status", card.status() + (card.message() == null ? "" : ": " + card.message()));
        if (card.isOnnx()) {
            section("Imported from");
            card.source().forEach((k, v) -> field(k, String.valueOf(v)));
        } else {
            training(card);
        }
        metrics(card);
    }

    private void training(ModelCard card) {
        ModelConfig c = card.config();
        section("Training settings");
        field("Seeds", "training " + c.seed() + ", split " + c.splitSeed());
        field("Epochs", c.epochs() + (c.trainSubset() > 0 ? " on a subset of " + c.trainSubset() + " samples"
                : ""));
        field("Batch size, learning rate", c.batchSize() + ", " + ModelConfig.trim(c.learningRate()) + " (Adam)");
        if (c.kind() == ModelKind.IR) {
            field("Regularizer, ν", c.regularizer().id() + ", " + ModelConfig.trim(c.nu()));
        }
        if (c.kind() == ModelKind.WT) {
            field("Orbit pooling", c.pooling().name().toLowerCase(Locale.ROOT));
        }
        field("Layer sizes", Arrays.stream(c.sizes()).mapToObj(Integer::toString).collect(Collectors.joining(" → ")));
        field("Monitored per epoch", c.monitorSamples() + " orbits for LI and DI, " + c.sigmaSamples()
                + " samples for SigmaMax");
        section("Training outcome");
        List<EpochRecord> h = card.history();
        double seconds = h.stream().mapToDouble(EpochRecord::seconds).sum();
        field("Epochs trained", h.size() + String.format(Locale.ROOT, " in %.0f s", seconds));
        field("Kept epoch", card.bestEpoch() + String.format(Locale.ROOT, " (validation accuracy %.4f)",
                card.bestValidationAccuracy()));
        if (!h.isEmpty()) {
            EpochRecord last = h.get(h.size() - 1);
            field("Last epoch", String.format(Locale.ROOT, "loss %.4g, LI %.3g, DI %.3g, SigmaMax %.3g",
                    last.trainLoss(), last.li(), last.di(), last.sigmaMax()));
        }
    }

    private void metrics(ModelCard card) {
        section("Evaluated metrics");
        Map<String, Object> m = card.metrics();
        boolean any = false;
        for (String key : List.of("Acc", "LI", "DI", "SI", "SigmaMax", "IGGap")) {
            if (m.get(key) instanceof Number n) {
                field(key, number(n.doubleValue()));
                any = true;
            }
        }
        if (m.get("evaluation") instanceof Map<?, ?> ev) {
            field("Evaluated on", ev.get("samples") + " " + ev.get("split") + " samples of " + ev.get("dataset")
                    + ", full " + ev.get("group") + " orbits" + (ev.get("evaluated") == null ? ""
                    : ", " + ev.get("evaluated")));
            if (ev.get("settings") instanceof Map<?, ?> s) {
                field("Saliency settings", s.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
            }
        }
        if (m.get("drift") instanceof Map<?, ?> drift) {
            field("Drift study", "stored for " + drift.keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + " samples");
        }
        if (!any) {
            field("", "not evaluated yet (orbitscope evaluate)");
        }
        section("Files and provenance");
        field("Weights", card.weightsFile() + ", SHA-256 " + card.weightsSha256());
        field("Input normalization", String.format(Locale.ROOT, "mean %.6g, std %.6g", card.normalization().mean(),
                card.normalization().std()));
        field("Software", card.software().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        field("Created, updated", card.created() + ", " + card.updated());
    }

    private static String number(double v) {
        return v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? String.format(Locale.ROOT, "%.3e", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private void section(String title) {
        Label l = new Label(title);
        l.getStyleClass().addAll("title-4", "card-section");
        l.setPadding(new Insets(row == 0 ? 0 : 10, 0, 2, 0));
        fields.add(l, 0, row++, 2, 1);
    }

    private void field(String name, String value) {
        Label k = new Label(name);
        k.getStyleClass().add("text-muted");
        k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setWrapText(true);
        fields.add(k, 0, row);
        fields.add(v, 1, row++);
    }
}
