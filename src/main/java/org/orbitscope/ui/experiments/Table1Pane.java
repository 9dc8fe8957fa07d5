package org.orbitscope.ui.experiments;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.orbitscope.analysis.Table1;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.ui.common.ModelEntry;
import org.orbitscope.ui.common.View;

/** Table 1 of the paper from the evaluated cards of every model in the library. */
final class Table1Pane implements View {

    /** One sentence per metric, shown as the column header's tooltip. */
    static final Map<String, String> HELP = Map.of(
            "Acc", "Accuracy over every point of every test orbit (each group element applied to each image), in %.",
            "LI", "Logit invariance error: ½‖f(x) − f(g·x)‖² on the raw logits, "
                    + "0 for an exactly invariant network.",
            "DI", "Distribution invariance error: KL(softmax f(x) ‖ softmax f(g·x)), "
                    + "blind to constant logit shifts.",
            "SI", "Saliency invariance: cosine between m(x) and the realigned g⁻¹·m(g·x), 1 = identical evidence.",
            "SigmaMax", "Largest singular value of the input Jacobian ∂f/∂x, averaged over samples: sensitivity.");

    private final ObservableList<ModelEntry> models;
    private final TableView<Table1.Row> table = new TableView<>();
    private final Label status = new Label();
    private final BorderPane root = new BorderPane();

    /** @param models every model of the library (the table follows its changes) */
    Table1Pane(ObservableList<ModelEntry> models) {
        this.models = models;
        table.getStyleClass().add("table1");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No evaluated models: run evaluate on models to fill Table 1."));
        TableColumn<Table1.Row, String> dataset = column("Dataset", null, r -> r.dataset());
        dataset.setMinWidth(85);
        dataset.setMaxWidth(110);
        table.getColumns().add(dataset);
        TableColumn<Table1.Row, String> groupColumn = column("G", "The symmetry group",
                r -> r.group().toUpperCase(Locale.ROOT));
        groupColumn.setMaxWidth(50);
        table.getColumns().add(groupColumn);
        TableColumn<Table1.Row, String> model = column("Model", "Kind of model (IR with its weight ν)",
                Table1Pane::model);
        model.setMinWidth(150);
        table.getColumns().add(model);
        TableColumn<Table1.Row, String> seeds = column("Seeds", "Training seeds aggregated (mean ± sample std)",
                r -> String.valueOf(r.seeds().size()));
        seeds.getStyleClass().add("metric");
        seeds.setMinWidth(70);
        seeds.setMaxWidth(90);
        table.getColumns().add(seeds);
        for (String m : Table1.METRICS) {
            TableColumn<Table1.Row, String> c = column(m.equals("Acc") ? "Acc (%)" : m, HELP.get(m),
                    r -> Table1.cell(table.getItems(), r, m));
            c.getStyleClass().add("metric");
            // an error level and its spread in scientific notation need the room
            c.setMinWidth(m.equals("LI") || m.equals("DI") ? 150 : 100);
            table.getColumns().add(c);
        }
        Button md = new Button("Copy as Markdown", new FontIcon(MaterialDesignC.CONTENT_COPY));
        md.setOnAction(e -> copy(false));
        Button tex = new Button("Copy as LaTeX", new FontIcon(MaterialDesignC.CONTENT_COPY));
        tex.setOnAction(e -> copy(true));
        HBox bar = ToolRow.of(status, md, tex);
        root.setTop(bar);
        root.setCenter(table);
        models.addListener((ListChangeListener<ModelEntry>) c -> refresh());
        refresh();
    }

    private static TableColumn<Table1.Row, String> column(String title, String help,
            java.util.function.Function<Table1.Row, String> value) {
        TableColumn<Table1.Row, String> c = new TableColumn<>();
        Label header = new Label(title);
        if (help != null) {
            header.setTooltip(new Tooltip(help));
        }
        c.setGraphic(header);
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    private static String model(Table1.Row r) {
        return r.kind() + (Double.isNaN(r.nu()) ? "" : " (ν=" + ModelConfig.trim(Double.parseDouble(
                String.format(Locale.ROOT, "%.3g", r.nu()))) + ")");
    }

    /** Recomputes the rows from the current cards. */
    void refresh() {
        List<Table1.Row> rows = Table1.of(models.stream().map(ModelEntry::card).toList());
        table.getItems().setAll(rows);
        long evaluated = rows.stream().mapToLong(r -> r.seeds().size()).sum();
        status.setText(models.size() + " models, " + evaluated + " evaluated, " + rows.size() + " rows");
    }

    /**
     * @param latex LaTeX instead of Markdown
     * @return the shown rows as {@link Table1#format} writes them
     */
    String text(boolean latex) {
        return Table1.format(List.copyOf(table.getItems()), latex);
    }

    private void copy(boolean latex) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text(latex));
        Clipboard.getSystemClipboard().setContent(content);
        status.setText("Copied " + table.getItems().size() + " rows as " + (latex ? "LaTeX." : "Markdown."));
    }

    /** @return the table (for tests) */
    TableView<Table1.Row> table() {
        return table;
    }

    @Override
    public String title() {
        return "Table 1";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Node snapshotTarget() {
        return table;
    }

    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("dataset,group,kind,nu,seeds,samples");
        for (String m : Table1.METRICS) {
            out.append(',').append(m).append("_mean,").append(m).append("_std");
        }
        out.append('\n');
        for (Table1.Row r : table.getItems()) {
            out.append(r.dataset()).append(',').append(r.group()).append(',').append(r.kind()).append(',')
                    .append(Double.isNaN(r.nu()) ? "" : Double.toString(r.nu())).append(',')
                    .append(String.join(" ", r.seeds().stream().map(String::valueOf).toList())).append(',')
                    .append(String.valueOf(r.samples()));
            for (String m : Table1.METRICS) {
                out.append(',').append(Double.toString(r.mean().get(m))).append(',')
                        .append(Double.toString(r.std().get(m)));
            }
            out.append('\n');
        }
    }
}
