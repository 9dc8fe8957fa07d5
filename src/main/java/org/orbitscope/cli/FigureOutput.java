package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.figure.Figure;
import org.orbitscope.model.AtomicFiles;
import picocli.CommandLine.Option;

/** The options every figure command shares: where to write, in which format, at which scale. */
final class FigureOutput {

    @Option(names = "--out", required = true, description = "Figure file to write: .png, .svg or .pdf.")
    Path out;

    @Option(names = "--scale", defaultValue = "2",
            description = "PNG resolution multiplier: 1, 2 or 4 (default: ${DEFAULT-VALUE}); SVG and PDF are vectors.")
    double scale;

    /**
     * Checks the file name, the scale and that the file can be written, before any work.
     *
     * @return the scale to draw at: {@link #scale} for PNG, 1 for the vector formats
     * @throws OrbitscopeException on an unknown extension, a scale other than 1, 2, 4 or a place that cannot
     *     be written
     */
    double drawingScale() {
        if (scale != 1 && scale != 2 && scale != 4) {
            throw new OrbitscopeException("--scale must be 1, 2 or 4, got " + scale + ".");
        }
        Figure.Format format = Figure.Format.of(out);
        AtomicFiles.checkWritable(out);
        return format == Figure.Format.PNG ? scale : 1;
    }

    /**
     * Writes a figure and says what was written.
     *
     * @param figure the figure
     * @param said where to report
     */
    void write(Figure figure, PrintWriter said) {
        figure.write(out);
        boolean png = Figure.Format.of(out) == Figure.Format.PNG;
        said.printf("Wrote %s (%d x %d %s).%n", out, figure.width(), figure.height(), png ? "px" : "pt, vector");
    }
}
