package org.orbitscope.ui.common;

import java.io.IOException;
import java.util.Optional;
import javafx.scene.Node;
import org.orbitscope.figure.Figure;

/** A view shown as a tab of the main window. */
public interface View {

    /** @return the tab title */
    String title();

    /** @return the view's root node */
    Node node();

    /** @return the node a PNG export captures: the plots only, without buttons */
    Node snapshotTarget();

    /**
     * The publication figure of what the view shows, drawn by the same code as the command line's
     * {@code figure} commands; exported as PNG at any scale, SVG or PDF.
     *
     * @param scale resolution multiplier (1 for vector output)
     * @return the figure, or empty if the view has none (its PNG export is then a snapshot)
     */
    default Optional<Figure> figure(double scale) {
        return Optional.empty();
    }

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
