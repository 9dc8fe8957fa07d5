package org.orbitscope.figure;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.orbitscope.model.AtomicFiles;

/**
 * Encodes a PNG onto a stream that fails after {@code args[0]} bytes, as a file on a full disk does, prints
 * what was reported and exits normally, so that ImageIO's shutdown hook runs: {@link PngWriteFailureTest}.
 */
public final class PngOntoAFailingStream {

    private PngOntoAFailingStream() {
    }

    /** @param args the number of bytes the "disk" takes */
    public static void main(String[] args) {
        int room = Integer.parseInt(args[0]);
        BufferedImage img = Figures.canvas(800, 600);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                img.setRGB(x, y, (x * y * 31) ^ (x << 8));
            }
        }
        OutputStream disk = new OutputStream() {
            private long used;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                used += len;
                if (used > room) {
                    throw new IOException("No space left on device");
                }
            }
        };
        // buffered as AtomicFiles buffers the file it writes
        try (OutputStream out = new BufferedOutputStream(disk, 1 << 16)) {
            Figures.writePng(img, out);
            System.out.println("written");
        } catch (IOException e) {
            System.out.println("failed: " + AtomicFiles.reason(e));
        }
    }
}
