package org.orbitscope.cli;

import picocli.CommandLine.Command;

/** {@code figure ...}: renders the app's figures headless. */
@Command(name = "figure", mixinStandardHelpOptions = true,
        description = "Render figures as PNG, SVG or PDF without a window.",
        subcommands = {FigureSaliencyCommand.class, FigureTrainingCommand.class, FigureDriftCommand.class,
            FigureSpectralCommand.class, FigureEmbeddingCommand.class, FigureLayersCommand.class,
            FigureProfileCommand.class})
final class FigureCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing figure: saliency, training, drift, spectral, embedding, layers or profile.");
    }
}
