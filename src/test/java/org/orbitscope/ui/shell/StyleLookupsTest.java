package org.orbitscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value in the views' stylesheets resolves under the app's theme: JavaFX reports a looked-up color it
 * cannot find (a typo, or a window shown without the theme) as a warning with a ClassCastException and
 * draws nothing for it.
 */
class StyleLookupsTest {

    @TempDir
    Path tmp;

    /** Keeps the records; held in a field so that the logger, which JavaFX looks up by name, stays. */
    private static final Logger CSS = Logger.getLogger("javafx.css");

    @Test
    void everyViewStylesWithoutAWarning() throws Exception {
        List<String> warnings = new ArrayList<>();
        Handler collect = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (warnings) {
                        warnings.add(String.valueOf(r.getMessage()));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CSS.addHandler(collect);
        try (WindowFixture f = new WindowFixture(tmp, 1200, 800)) {
            for (String view : List.of("Training", "Saliency", "Embedding", "Experiments")) {
                assertTrue(onFx(() -> {
                    boolean shown = f.window.showView(view);
                    javafx.scene.Parent root = f.window.node().getScene().getRoot();
                    root.applyCss();
                    root.layout();
                    return shown;
                }), view);
            }
        } finally {
            CSS.removeHandler(collect);
        }
        synchronized (warnings) {
            assertEquals(List.of(), warnings);
        }
    }
}
