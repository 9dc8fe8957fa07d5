package org.orbitscope.ui.export;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.orbitscope.figure.Figure;

/** Asks where and how to export a figure: PNG at 1x, 2x or 4x, or SVG and PDF when the view draws vectors. */
public final class FigureExport {

    /**
     * Where and how to write.
     *
     * @param file the file, with the format's extension
     * @param format the format
     * @param scale resolution multiplier for PNG (1 for vectors)
     */
    public record Target(Path file, Figure.Format format, int scale) {
    }

    private static final String PNG1 = "PNG, 1x";
    private static final String PNG2 = "PNG, 2x (print)";
    private static final String PNG4 = "PNG, 4x (poster)";
    private static final String SVG = "SVG (vector; text stays editable)";
    private static final String PDF = "PDF (vector, for LaTeX)";

    private FigureExport() {
    }

    /**
     * Asks for the format, then the file.
     *
     * @param owner owning window
     * @param baseName file name without extension
     * @param vectors true if SVG and PDF are offered (the view draws a Java2D figure)
     * @return the choice, or empty if cancelled
     */
    public static Optional<Target> ask(Window owner, String baseName, boolean vectors) {
        List<String> options = new ArrayList<>(List.of(PNG1, PNG2, PNG4));
        if (vectors) {
            options.add(SVG);
            options.add(PDF);
        }
        ChoiceDialog<String> formats = new ChoiceDialog<>(PNG2, options);
        formats.initOwner(owner);
        formats.setTitle("Export figure");
        formats.setHeaderText(vectors ? "Format and resolution" : "Resolution (this view exports PNG only)");
        Optional<String> chosen = formats.showAndWait();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String c = chosen.get();
        Figure.Format format = c.equals(SVG) ? Figure.Format.SVG : c.equals(PDF) ? Figure.Format.PDF
                : Figure.Format.PNG;
        int scale = c.equals(PNG1) ? 1 : c.equals(PNG4) ? 4 : format == Figure.Format.PNG ? 2 : 1;
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export figure");
        String ext = format.extension();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                format.name() + " file", "*" + ext));
        chooser.setInitialFileName(baseName.toLowerCase(Locale.ROOT) + ext);
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        Path p = file.toPath();
        if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)) {
            p = p.resolveSibling(p.getFileName() + ext);
        }
        return Optional.of(new Target(p, format, scale));
    }
}
