package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.figure.TrainingFigure;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure training}: training curves of finished runs, from their model cards. */
@Command(name = "training", mixinStandardHelpOptions = true,
        description = "Training curves (loss, validation accuracy, LI/DI on a log scale, SigmaMax) of one or more "
                + "models, read from their model cards.")
final class FigureTrainingCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat to overlay runs).")
    private List<Path> models;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() throws Exception {
        double drawScale = output.drawingScale();
        List<TrainingFigure.Run> runs = new ArrayList<>();
        for (Path dir : models) {
            ModelCard card = ModelStore.readCard(dir);
            if (card.history().isEmpty()) {
                throw new OrbitscopeException(dir + ": the model card has no training history.");
            }
            String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
            runs.add(new TrainingFigure.Run(name, card.config().kind(), card.history()));
        }
        output.write(TrainingFigure.figure(runs, drawScale), spec.commandLine().getOut());
        return 0;
    }
}
