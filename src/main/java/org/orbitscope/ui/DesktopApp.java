package org.orbitscope.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The desktop application: its main window. */
public final class DesktopApp extends Application {

    /**
     * Launches the JavaFX application (blocks until the window closes).
     *
     * @param args arguments passed to JavaFX
     */
    public static void start(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("Orbitscope"));
        stage.setTitle("Orbitscope");
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }
}
