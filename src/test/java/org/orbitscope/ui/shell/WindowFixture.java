package org.orbitscope.ui.shell;

import static org.orbitscope.ui.FxTestSupport.onFx;

import java.nio.file.Path;
import javafx.stage.Stage;
import org.orbitscope.ui.DesktopApp;
import org.orbitscope.ui.FxTestSupport;
import org.orbitscope.ui.common.BackgroundTasks;

/** The app's main window on a models directory, for headless tests; close it when done. */
final class WindowFixture implements AutoCloseable {

    final BackgroundTasks tasks = new BackgroundTasks(2);
    final MainWindow window;

    /**
     * @param models the models directory the library scans
     * @param width window width
     * @param height window height
     * @throws Exception if the toolkit or the window fails to start
     */
    WindowFixture(Path models, double width, double height) throws Exception {
        FxTestSupport.start();
        window = onFx(() -> {
            MainWindow w = DesktopApp.create(new Stage(), tasks, models);
            w.show(width, height);
            return w;
        });
    }

    /** Stops every run, hides the window and stops the background threads. */
    @Override
    public void close() throws Exception {
        onFx(() -> {
            window.training().stopAll();
            window.node().getScene().getWindow().hide();
            return null;
        });
        tasks.shutdown(10);
    }
}
