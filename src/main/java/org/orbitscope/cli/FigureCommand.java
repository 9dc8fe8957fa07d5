package org.orbitscope.cli;

import picocli.CommandLine.Command;

/** {@code figure ...}: renders the app's figures headless. */
@Command(name = "figure", mixinStandardHelpOptions = true, description = "Render figures as PNG without a window.",
        subcommands = {FigureSaliencyCommand.class, FigureTrainingCommand.class, FigureDriftCommand.class,
            FigureSpectralCommand.class})
final class FigureCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    /**
     * @param scale a figure's resolution multiplier
     * @throws org.orbitscope.OrbitscopeException unless it is 1, 2 or 4
     */
    static void checkScale(double scale) {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new org.orbitscope.OrbitscopeException("--scale must be 1, 2 or 4, got " + scale + ".");
        }
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing figure: saliency, training, drift or spectral.");
    }
}
