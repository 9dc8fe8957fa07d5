package org.orbitscope.ui.shell;

import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.orbitscope.ui.common.BackgroundTasks;

/** Bottom bar: a message, then one entry per background task with its progress and a cancel button. */
public final class StatusBar {

    private final HBox root = new HBox(12);
    private final Label message = new Label("Ready");
    private final HBox taskBox = new HBox(12);
    private final BackgroundTasks tasks;
    /** The last message set, or null: shown after what runs, or alone when nothing does. */
    private String note;

    /** @param tasks the background tasks to list */
    public StatusBar(BackgroundTasks tasks) {
        this.tasks = tasks;
        root.getStyleClass().add("status-bar");
        root.setPadding(new Insets(4, 8, 4, 8));
        root.setAlignment(Pos.CENTER_LEFT);
        taskBox.setAlignment(Pos.CENTER_RIGHT);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root.getChildren().addAll(message, spacer, taskBox);
        tasks.running().addListener((ListChangeListener<Task<?>>) c -> rebuild(tasks));
    }

    private void rebuild(BackgroundTasks tasks) {
        showMessage();
        taskBox.getChildren().clear();
        for (Task<?> t : tasks.running()) {
            Label title = new Label();
            title.textProperty().bind(t.titleProperty());
            ProgressBar bar = new ProgressBar();
            bar.setPrefWidth(120);
            bar.progressProperty().bind(t.progressProperty());
            Button cancel = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
            cancel.getStyleClass().addAll("flat", "button-icon", "small");
            cancel.setTooltip(new Tooltip("Cancel"));
            cancel.setOnAction(e -> t.cancel());
            HBox entry = new HBox(6, title, bar, cancel);
            entry.setAlignment(Pos.CENTER_LEFT);
            entry.getStyleClass().add("task-entry");
            taskBox.getChildren().add(entry);
        }
    }

    /** @param text a one-line message */
    public void setMessage(String text) {
        note = text;
        showMessage();
    }

    /** "Ready" only when nothing runs; otherwise what runs (each task's progress is on the right). */
    private void showMessage() {
        message.textProperty().unbind();
        java.util.List<Task<?>> running = java.util.List.copyOf(tasks.running());
        if (running.isEmpty()) {
            message.setText(note == null ? "Ready" : note);
            return;
        }
        javafx.beans.Observable[] titles = running.stream().map(Task::titleProperty)
                .toArray(javafx.beans.Observable[]::new);
        message.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Running: "
                + running.stream().map(Task::getTitle).filter(t -> t != null && !t.isBlank())
                        .collect(java.util.stream.Collectors.joining(", "))
                + (note == null ? "" : " · " + note), titles));
    }

    /** @return the message shown (for tests) */
    String message() {
        return message.getText();
    }

    /** @return the bar */
    public HBox node() {
        return root;
    }

    /** @return number of task entries shown */
    int taskEntries() {
        return taskBox.getChildren().size();
    }
}
