package org.orbitscope.ui.experiments;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The row of controls above an experiment, ending in a status line that gives way when space runs short. */
final class ToolRow {

    private ToolRow() {
    }

    /**
     * @param status the status line, last; it is elided before any control shrinks
     * @param controls the controls, first to last
     * @return the row
     */
    static HBox of(Label status, Node... controls) {
        HBox bar = new HBox(8, controls);
        for (Node n : controls) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        status.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(status.textProperty());
        status.setTooltip(whole);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        bar.getChildren().add(status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    /**
     * A row for many controls: they wrap onto more lines when the pane is narrow, and the status sentence
     * has a line of its own under them, so neither is ever cut off.
     *
     * @param status the status line, shown whole under the controls (wrapping if it must)
     * @param controls the controls, first to last
     * @return the rows
     */
    static VBox twoLines(Label status, Node... controls) {
        FlowPane row = new FlowPane(8, 6, controls);
        row.setAlignment(Pos.CENTER_LEFT);
        for (Node n : controls) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        status.getStyleClass().add("status-line");
        VBox box = new VBox(4, row, status);
        box.setPadding(new Insets(6, 8, 6, 8));
        return box;
    }
}
