package org.orbitscope.ui.common;

import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import org.orbitscope.OrbitscopeException;

/** Small standard dialogs. */
public final class Dialogs {

    private static final Logger LOG = Logger.getLogger(Dialogs.class.getName());

    private Dialogs() {
    }

    /**
     * Shows an error: the one-sentence message of an {@link OrbitscopeException}, or a generic line for a bug.
     *
     * @param owner owning window, may be null
     * @param title what was being done
     * @param error the error
     */
    public static void error(Window owner, String title, Throwable error) {
        Throwable cause = error;
        while (!(cause instanceof OrbitscopeException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text;
        if (cause instanceof OrbitscopeException) {
            text = cause.getMessage();
        } else {
            LOG.log(Level.WARNING, title, error);
            text = "Unexpected error: " + error;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.show();
    }

    /**
     * Asks a yes/no question and waits for the answer.
     *
     * @param owner owning window, may be null
     * @param title short title
     * @param question the question
     * @return true if the user answered OK
     */
    public static boolean confirm(Window owner, String title, String question) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
