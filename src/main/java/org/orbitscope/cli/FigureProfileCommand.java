package org.orbitscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.figure.ModelLabels;
import org.orbitscope.figure.ProfileFigure;
import org.orbitscope.model.StoredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code figure profile}: LI, DI and accuracy against the angle or shift, the models on one plot. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Invariance profile figure: LI and DI (log scale) and accuracy against the rotation angle "
                + "(or the shift), one colour per model, the group's elements marked; the same numbers as the "
                + "profile command.")
final class FigureProfileCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (repeat for one line per model).")
    private List<Path> models;

    @picocli.CommandLine.Mixin
    private ProfileCommand.GridOptions grid;

    @Option(names = "--labels", defaultValue = "short", description = "Model labels: short (DA, IR, WT, longer "
            + "only where two models would share one) or name (the card's) (default: ${DEFAULT-VALUE}).")
    private String labels;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: the shipped data).")
    private Path dataDir;

    @picocli.CommandLine.Mixin
    private FigureOutput output;

    @Override
    public Integer call() {
        double drawScale = output.drawingScale();
        ModelLabels.Style style = ModelLabels.Style.byId(labels);
        List<StoredModel> loaded = EvaluationSupport.loadAll(models);
        List<Transform> transforms = ProfileCommand.transforms(loaded, grid);
        List<String> names = ModelLabels.of(loaded.stream().map(StoredModel::card).toList(),
                loaded.stream().map(ProfileCommand::name).toList(), style);
        List<ProfileCommand.Measured> measured = ProfileCommand.measure(loaded, new EvaluationSupport(dataDir),
                transforms, grid.samples, spec.commandLine().getErr());
        List<ProfileFigure.Series> series = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            ProfileCommand.Measured m = measured.get(i);
            series.add(new ProfileFigure.Series(names.get(i), m.group(), m.points()));
        }
        output.write(ProfileFigure.figure(series, measured.get(0).samples(), drawScale), spec.commandLine().getOut());
        return 0;
    }
}
