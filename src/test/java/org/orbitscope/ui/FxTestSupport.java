package org.orbitscope.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit once (headless Monocle under Maven) with the app's theme, and runs code on its
 * thread.
 */
public final class FxTestSupport {

    private static boolean started;

    private FxTestSupport() {
    }

    /** Starts the toolkit if it is not running. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        if ("Monocle".equals(System.getProperty("glass.platform")) && !monocleUsable()) {
            // The Monocle on the class path targets a newer Java; use the desktop toolkit on a (virtual) display.
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DISPLAY") != null,
                    "Monocle needs a newer Java and no DISPLAY is set; run under xvfb-run");
            System.clearProperty("glass.platform");
            System.clearProperty("monocle.platform");
            System.clearProperty("testfx.headless");
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            Platform.startup(() -> ready.complete(null));
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("already")) {
                throw e;
            }
            ready.complete(null);
        }
        Platform.setImplicitExit(false);
        ready.orTimeout(30, TimeUnit.SECONDS).join();
        // the windows under test look as the app's do: the views' stylesheets use the theme's colors
        try {
            onFx(() -> {
                DesktopApp.useTheme();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("the theme could not be set", e);
        }
        started = true;
    }

    private static boolean monocleUsable() {
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Runs code on the FX thread and waits for its result.
     *
     * @param code the code
     * @param <T> result type
     * @return its result
     * @throws Exception what the code threw
     */
    public static <T> T onFx(Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(code.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    /**
     * Shows a view in a window of its own. Call on the FX thread.
     *
     * @param root the view's root
     * @param width window width
     * @param height window height
     * @return the shown stage
     */
    public static javafx.stage.Stage show(javafx.scene.Node root, double width, double height) {
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.setScene(new javafx.scene.Scene((javafx.scene.Parent) root, width, height));
        stage.show();
        return stage;
    }

    /**
     * Hides a stage from any thread, if there is one.
     *
     * @param stage the stage, or null
     * @throws Exception if the FX thread does not answer
     */
    public static void hide(javafx.stage.Stage stage) throws Exception {
        if (stage != null) {
            onFx(() -> {
                stage.hide();
                return null;
            });
        }
    }

    /**
     * Polls a condition on the FX thread until it holds.
     *
     * @param what description for the failure message
     * @param timeout how long to wait
     * @param condition the condition
     * @throws Exception on timeout
     */
    public static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }
}
