package org.orbitscope.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** IDX file fixtures built in code. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /** @see IdxWriter#encode */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        return IdxWriter.encode(magic, dims, data);
    }

    /** @see IdxWriter#unsignedBytes */
    static byte[] ubyte(int[] dims, byte[] data) {
        return IdxWriter.unsignedBytes(dims, data);
    }

    /** @see IdxWriter#gzip */
    static byte[] gzip(byte[] content) {
        return IdxWriter.gzip(content);
    }

    /** @return {@code n} bytes counting up from {@code start} (mod 256) */
    static byte[] counting(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    /** Writes {@code content} to {@code dir/name} and returns the path. */
    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
