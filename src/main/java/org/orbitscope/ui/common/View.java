package org.orbitscope.ui.common;

import java.io.IOException;
import javafx.scene.Node;

/** A view shown as a tab of the main window. */
public interface View {

    /** @return the tab title */
    String title();

    /** @return the view's root node */
    Node node();

    /** @return the node a PNG export captures: the plots only, without buttons */
    Node snapshotTarget();

    /**
     * Writes the plotted data as CSV (header line first).
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeCsv(Appendable out) throws IOException;

    /**
     * Tells the view whether its tab is the one shown, so that expensive background work can wait until
     * a user looks at it.
     *
     * @param showing true while the view's tab is selected
     */
    default void setShowing(boolean showing) {
    }
}
