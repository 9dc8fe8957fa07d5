package org.orbitscope.ui;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.orbitscope.ui.common.BackgroundTasks;
import org.orbitscope.ui.common.SelectionModel;
import org.orbitscope.ui.export.PngExporter;
import org.orbitscope.ui.shell.MainWindow;
import org.orbitscope.ui.shell.ModelLibrary;
import org.orbitscope.ui.train.DatasetCache;
import org.orbitscope.ui.train.TrainingModel;

/** The desktop application: composition root of the main window and its shared services. */
public final class DesktopApp extends Application {

    /**
     * Developer option: select every model (or those named in {@code .models}, comma-separated), show the view
     * named by {@code .side} in a second pane, the one named by {@code .tab} and the experiment named by
     * {@code .experiments}, write a PNG of the window to this file after {@code .delay} seconds, then exit.
     */
    public static final String SCREENSHOT_PROPERTY = "orbitscope.screenshot";

    private BackgroundTasks tasks;

    /**
     * Launches the JavaFX application (blocks until the window closes).
     *
     * @param args arguments passed to JavaFX
     */
    public static void start(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    /**
     * Sets the app's theme (AtlantaFX Primer Light), whose looked-up colors ({@code -color-bg-default} and the
     * like) the views' stylesheets use. Call on the FX thread, before any window is shown.
     */
    public static void useTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void start(Stage stage) {
        useTheme();
        tasks = new BackgroundTasks(Math.max(2, Runtime.getRuntime().availableProcessors()));
        MainWindow window = create(stage, tasks, ModelLibrary.defaultModelsDir());
        window.show(1400, 860);
        String bench = System.getProperty(DashboardOverhead.PROPERTY);
        if (bench != null) {
            DashboardOverhead.run(window, Integer.parseInt(bench));
        }
        String shot = System.getProperty(SCREENSHOT_PROPERTY);
        if (shot != null) {
            PauseTransition wait = new PauseTransition(Duration.seconds(Double.parseDouble(
                    System.getProperty(SCREENSHOT_PROPERTY + ".delay", "3"))));
            PauseTransition select = new PauseTransition(Duration.seconds(1.5));
            String tab = System.getProperty(SCREENSHOT_PROPERTY + ".tab");
            String names = System.getProperty(SCREENSHOT_PROPERTY + ".models");
            String side = System.getProperty(SCREENSHOT_PROPERTY + ".side");
            select.setOnFinished(e -> {
                if (names == null) {
                    window.library().selectAll();
                } else {
                    window.library().select(java.util.List.of(names.split(",")));
                }
                if (side != null && window.showView(side)) {
                    window.setSideBySide(true);
                }
                if (tab != null && !window.showView(tab)) {
                    System.err.println("No view named " + tab + ".");
                }
                String sub = System.getProperty(SCREENSHOT_PROPERTY + ".experiments");
                if (sub != null && window.view("Experiments")
                        instanceof org.orbitscope.ui.experiments.ExperimentsView ev && !ev.showSubView(sub)) {
                    System.err.println("No experiment named " + sub + ".");
                }
            });
            select.play();
            wait.setOnFinished(e -> {
                PngExporter.write(PngExporter.snapshot(stage.getScene().getRoot(), 1), Path.of(shot));
                Platform.exit();
            });
            wait.play();
        }
    }

    /**
     * Builds the main window and its services.
     *
     * @param stage the stage
     * @param tasks the background executor
     * @param modelsDir the models directory
     * @return the window, not yet shown
     */
    public static MainWindow create(Stage stage, BackgroundTasks tasks, Path modelsDir) {
        SelectionModel selection = new SelectionModel();
        TrainingModel training = new TrainingModel(tasks, new DatasetCache());
        return new MainWindow(stage, tasks, selection, training, modelsDir);
    }

    @Override
    public void stop() {
        if (tasks != null) {
            tasks.shutdown(15);
        }
    }
}
