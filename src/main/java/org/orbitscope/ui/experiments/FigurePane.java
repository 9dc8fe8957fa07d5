package org.orbitscope.ui.experiments;

import java.util.Optional;
import javafx.scene.Node;
import org.orbitscope.figure.Figure;
import org.orbitscope.ui.common.View;

/** An experiment view whose plot is one {@link FigureBox}: exports take the box's figure. */
interface FigurePane extends View {

    /** @return the box showing the figure */
    FigureBox figure();

    @Override
    default Node snapshotTarget() {
        return figure().snapshotTarget();
    }

    @Override
    default Optional<Figure> figure(double scale) {
        return figure().figure(scale);
    }
}
