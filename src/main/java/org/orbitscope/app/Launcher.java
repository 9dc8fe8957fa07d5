package org.orbitscope.app;

import org.orbitscope.cli.Cli;

/**
 * Entry point of {@code orbitscope.jar}: with no arguments it opens the desktop app, with a
 * sub-command it runs headless. It deliberately does not extend {@code javafx.application.Application},
 * so the jar runs from the plain class path.
 */
public final class Launcher {

    private Launcher() {
    }

    /**
     * @param args command-line arguments; empty to start the desktop app
     */
    public static void main(String[] args) {
        NativeEnvironment.ensureFastPathOrRelaunch(Launcher.class, args);
        if (args.length == 0) {
            UserModels.prepare();
            org.orbitscope.ui.DesktopApp.start(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
