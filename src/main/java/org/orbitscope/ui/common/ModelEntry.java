package org.orbitscope.ui.common;

import java.nio.file.Path;
import java.util.Objects;
import org.orbitscope.model.ModelCard;

/**
 * A model on disk as the desktop app knows it: its directory and its card.
 *
 * @param dir the model directory
 * @param card the card read from it
 */
public record ModelEntry(Path dir, ModelCard card) {

    /** Checks the fields are present. */
    public ModelEntry {
        Objects.requireNonNull(dir);
        Objects.requireNonNull(card);
    }

    /** @return the directory name, the model's display name */
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }
}
