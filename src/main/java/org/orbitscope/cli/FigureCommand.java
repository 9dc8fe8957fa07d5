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

    /**
     * Checks the output file and scale before any work, and gives the scale to draw at: PNG files are drawn
     * at {@code scale}, SVG and PDF (vectors) at 1.
     *
     * @param out the figure file (.png, .svg or .pdf)
     * @param scale the requested resolution multiplier
     * @return the scale to draw at
     */
    static double drawingScale(java.nio.file.Path out, double scale) {
        checkScale(scale);
        return org.orbitscope.figure.Figure.Format.of(out) == org.orbitscope.figure.Figure.Format.PNG ? scale : 1;
    }

    /**
     * Writes a figure and says what was written.
     *
     * @param figure the figure
     * @param out its file
     * @param said where to report
     */
    static void write(org.orbitscope.figure.Figure figure, java.nio.file.Path out, java.io.PrintWriter said) {
        figure.write(out);
        boolean png = org.orbitscope.figure.Figure.Format.of(out) == org.orbitscope.figure.Figure.Format.PNG;
        said.printf("Wrote %s (%d x %d %s).%n", out, figure.width(), figure.height(), png ? "px" : "pt, vector");
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing figure: saliency, training, drift or spectral.");
    }
}
