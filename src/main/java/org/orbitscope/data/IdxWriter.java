package org.orbitscope.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes IDX files in memory, the inverse of {@link IdxReader}: the fuzzer's seed files and the
 * tests' fixtures are built with it.
 *
 * <p>{@link #encode} writes any header, valid or not, so that callers can also build the damaged
 * files a reader must reject.
 */
public final class IdxWriter {

    /** The magic-number bits of the unsigned-byte element type. */
    private static final int UNSIGNED_BYTE = 0x0800;

    private IdxWriter() {
    }

    /**
     * @param magic the 4-byte magic number, written as given (e.g. {@code 0x00000803})
     * @param dims the dimension sizes written after it, as given
     * @param data the element bytes
     * @return the raw file content
     */
    public static byte[] encode(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** @return a well-formed unsigned-byte IDX file holding {@code data} with dimensions {@code dims} */
    public static byte[] unsignedBytes(int[] dims, byte[] data) {
        return encode(UNSIGNED_BYTE | dims.length, dims, data);
    }

    /** @return {@code content} compressed as one gzip member, as {@code .gz} datasets ship */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
