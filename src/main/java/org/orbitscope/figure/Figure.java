package org.orbitscope.figure;

import com.orsonpdf.PDFDocument;
import com.orsonpdf.PDFGraphics2D;
import com.orsonpdf.PDFHints;
import com.orsonpdf.Page;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.svg.SVGGraphics2D;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.AtomicFiles;

/**
 * A figure drawn with Java2D: the same drawing code gives the image on screen, the PNG at any scale, and
 * SVG or PDF as vectors (lines stay lines, SVG text stays editable text; saliency maps are embedded as
 * images).
 *
 * @param width width in pixels at the figure's scale (points in PDF)
 * @param height height in pixels at the figure's scale
 * @param painter draws the figure on a white {@code width x height} surface
 */
public record Figure(int width, int height, Painter painter) {

    /**
     * Rendering hint set to {@code Boolean.TRUE} on SVG and PDF surfaces, so that a painter can embed its
     * images at a resolution that stays sharp when the vector figure is enlarged.
     */
    public static final RenderingHints.Key VECTOR = new RenderingHints.Key(0x0b17) {
        @Override
        public boolean isCompatibleValue(Object value) {
            return value instanceof Boolean;
        }
    };

    /**
     * @param g a surface
     * @return true when it is an SVG or PDF surface of {@link #toSvg()} or {@link #toPdf()}
     */
    public static boolean isVector(Graphics2D g) {
        return Boolean.TRUE.equals(g.getRenderingHint(VECTOR));
    }

    /** Draws a figure. */
    @FunctionalInterface
    public interface Painter {
        /** @param g the surface, already white and set to anti-aliased rendering */
        void paint(Graphics2D g);
    }

    /** The formats {@link #write(Path)} knows, by file extension. */
    public enum Format {
        /** Raster image. */
        PNG,
        /** Scalable vector graphics. */
        SVG,
        /** Portable document format (vector). */
        PDF;

        /** @return the extension with its dot, e.g. {@code .svg} */
        public String extension() {
            return "." + name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param file a file name
         * @return its format
         * @throws OrbitscopeException if the extension is none of .png, .svg, .pdf
         */
        public static Format of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (name.endsWith(f.extension())) {
                    return f;
                }
            }
            throw new OrbitscopeException(file + ": unknown figure format; use .png, .svg or .pdf.");
        }
    }

    /** Checks the size. */
    public Figure {
        if (width <= 0 || height <= 0 || (long) width * height > 400_000_000L) {
            throw new OrbitscopeException("A figure of " + width + " x " + height + " pixels is too large to draw.");
        }
    }

    /** @return the figure as an RGB image */
    public BufferedImage toImage() {
        BufferedImage img = Figures.canvas(width, height);
        Graphics2D g = img.createGraphics();
        Figures.quality(g);
        painter.paint(g);
        g.dispose();
        return img;
    }

    /** @return the figure as a standalone SVG document */
    public String toSvg() {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        prepare(g);
        painter.paint(g);
        return g.getSVGDocument();
    }

    /** @return the figure as a one-page PDF of {@code width x height} points, text drawn as outlines */
    public byte[] toPdf() {
        PDFDocument doc = new PDFDocument();
        doc.setTitle("Orbitscope figure");
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, width, height));
        PDFGraphics2D g = page.getGraphics2D();
        prepare(g);
        // glyphs as outlines: the PDF base fonts lack the Greek of σmax, β and ν, and the figure looks the
        // same as its PNG
        g.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        painter.paint(g);
        return doc.getPDFBytes();
    }

    private void prepare(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Figures.quality(g);
        g.setRenderingHint(VECTOR, Boolean.TRUE);
    }

    /**
     * Writes the figure atomically in the format its extension names.
     *
     * @param file a .png, .svg or .pdf file
     * @throws OrbitscopeException naming the file if the format is unknown or writing fails
     */
    public void write(Path file) {
        Format format = Format.of(file);
        switch (format) {
            case PNG -> {
                BufferedImage image = toImage();
                AtomicFiles.writeFile(file, out -> Figures.writePng(image, out));
            }
            case SVG -> AtomicFiles.writeFile(file, toSvg().getBytes(StandardCharsets.UTF_8));
            case PDF -> AtomicFiles.writeFile(file, toPdf());
            default -> throw new IllegalStateException(format.toString());
        }
    }
}
