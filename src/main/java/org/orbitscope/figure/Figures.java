package org.orbitscope.figure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.orbitscope.model.AtomicFiles;

/** Shared helpers of the figures: canvas, rendering quality, PNG writing. */
public final class Figures {

    private Figures() {
    }

    /**
     * @param width pixels
     * @param height pixels
     * @return a white RGB image
     */
    public static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** @param g graphics to switch to anti-aliased shapes and text */
    public static void quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /**
     * Writes an image as PNG, atomically.
     *
     * @param img the image
     * @param file destination
     * @throws IOException on failure (the file is then unchanged)
     */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> writePng(img, out));
    }

    /**
     * Encodes an image as PNG onto a stream. The encoder buffers in memory, not in ImageIO's default cache
     * file: when the stream fails (a full disk) the error comes back here and nothing is left for ImageIO's
     * shutdown hook to close, which would print a stack trace as the program exits.
     *
     * @param img the image
     * @param out destination (not closed)
     * @throws IOException if the stream fails
     */
    public static void writePng(BufferedImage img, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG encoder is available in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(img);
        } finally {
            writer.dispose();
        }
    }
}
