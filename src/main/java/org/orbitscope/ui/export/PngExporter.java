package org.orbitscope.ui.export;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.figure.Figures;
import org.orbitscope.model.AtomicFiles;

/** The one PNG export path: snapshot a view's plot area on the FX thread, encode and write it off it. */
public final class PngExporter {

    /** Scales offered to users. */
    public static final int[] SCALES = {1, 2, 4};

    private final Executor executor;

    /** @param executor where images are encoded and written */
    public PngExporter(Executor executor) {
        this.executor = executor;
    }

    /**
     * Snapshots a node at a scale. Call on the FX thread.
     *
     * @param target the node to capture (laid out, in a scene)
     * @param scale 1, 2 or 4 for a high-resolution image
     * @return the image, {@code scale} times the node's size in pixels
     */
    public static WritableImage snapshot(Node target, double scale) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("Snapshots are taken on the FX thread.");
        }
        SnapshotParameters params = new SnapshotParameters();
        params.setTransform(Transform.scale(scale, scale));
        params.setFill(Color.WHITE);
        return target.snapshot(params, null);
    }

    /**
     * Snapshots a node on the FX thread and writes it as PNG on the executor.
     *
     * @param target the node to capture
     * @param scale the scale
     * @param file the PNG file
     * @return completes with the file once written
     */
    public CompletableFuture<Path> export(Node target, double scale, Path file) {
        WritableImage image = snapshot(target, scale);
        return CompletableFuture.supplyAsync(() -> {
            write(image, file);
            return file;
        }, executor);
    }

    /**
     * Encodes an image as PNG (any thread).
     *
     * @param image the image
     * @param file the PNG file
     */
    public static void write(WritableImage image, Path file) {
        writePng(SwingFXUtils.fromFXImage(image, null), file);
    }

    /**
     * Writes a figure as PNG, atomically (any thread).
     *
     * @param image the image
     * @param file the PNG file
     * @throws OrbitscopeException naming the file and the reason if it cannot be written
     */
    public static void writePng(BufferedImage image, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new OrbitscopeException("Could not write " + file + ": the folder " + parent + " does not exist.");
        }
        AtomicFiles.writeFile(file, out -> Figures.writePng(image, out));
    }
}
