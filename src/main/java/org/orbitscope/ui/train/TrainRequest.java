package org.orbitscope.ui.train;

import java.nio.file.Path;
import org.orbitscope.model.ModelConfig;

/**
 * What the train dialog asks for.
 *
 * @param config the validated configuration
 * @param outDir the new model directory
 */
public record TrainRequest(ModelConfig config, Path outDir) {
}
