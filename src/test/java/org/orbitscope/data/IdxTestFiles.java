package org.orbitscope.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** IDX file fixtures built in code. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /**
     * @param magic the 4-byte magic number, e.g. {@code 0x00000803}
     * @param dims the dimension sizes written after it
     * @param data the element bytes
     * @return the file content
     */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** @return a well-formed unsigned-byte IDX file holding {@code data} with dimensions {@code dims} */
    static byte[] ubyte(int[] dims, byte[] data) {
        return idx(0x0800 | dims.length, dims, data);
    }

    /** @return {@code content} compressed as one gzip member */
    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
