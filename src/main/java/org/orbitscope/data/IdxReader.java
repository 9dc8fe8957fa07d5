package org.orbitscope.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and its look-alikes, raw or gzip-compressed.
 *
 * <p>The IDX format (LeCun and Cortes, MNIST web page): a big-endian magic number {@code 00 00 TT NN}
 * with element type {@code TT} and dimension count {@code NN}, then {@code NN} big-endian 4-byte
 * dimension sizes, then the elements in C order. Only type {@code 0x08} (unsigned byte) is
 * supported. Compression is detected from the content (the gzip magic {@code 1f 8b}), never from
 * the file name.
 *
 * <p>Files are checked strictly: the magic number, the element type, at least one dimension, every
 * size positive, at most {@link #MAX_ELEMENTS} elements, and exactly as many element bytes as the
 * header declares (a truncated file and trailing bytes are both errors). Memory is never sized from
 * the header alone: a raw file's length is checked against the header before anything is
 * allocated, and a compressed file's buffer grows with the data that actually arrives. (Bytes after
 * the last gzip member that do not start another member are ignored by {@code java.util.zip}, as
 * {@code gzip -d} ignores them with a warning.)
 */
public final class IdxReader {

    /** The most elements one file may hold (the largest Java array). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int BUFFER = 1 << 16;
    /** First guess of the compression ratio, used to size the buffer of a gzip file before it grows. */
    private static final int GUESSED_RATIO = 8;

    private IdxReader() {
    }

    /**
     * Reads a whole unsigned-byte IDX file.
     *
     * @param file an IDX file, raw or gzip-compressed
     * @return its dimensions and elements
     * @throws IdxFormatException if the file is missing, unreadable, not a valid unsigned-byte IDX
     *     file, or its size does not match its header
     */
    public static IdxArray read(Path file) {
        return read(file, -1, null);
    }

    /**
     * Reads a whole unsigned-byte IDX file that must have one particular magic number, that is, a given
     * number of dimensions: the magic number is checked before the dimension sizes, so that a file of another
     * kind is named as such rather than by whatever its data look like as sizes.
     *
     * @param file an IDX file, raw or gzip-compressed
     * @param expectedMagic the magic number, e.g. {@code 0x00000803} for images, or -1 for any
     * @param kind what the file should hold, for the error ({@code image}, {@code label}); null for any
     * @return its dimensions and elements
     * @throws IdxFormatException as {@link #read(Path)}, and if the magic number is not the expected one
     */
    public static IdxArray read(Path file, int expectedMagic, String kind) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new IdxFormatException(name + " is a directory, not an IDX file.");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            return read(name, raw, Files.size(file), expectedMagic, kind);
        } catch (NoSuchFileException e) {
            throw new IdxFormatException("IDX file " + name + " does not exist.", e);
        } catch (AccessDeniedException e) {
            throw new IdxFormatException("IDX file " + name + " cannot be read: permission denied.", e);
        } catch (IOException e) {
            throw new IdxFormatException("IDX file " + name + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    /**
     * Reads a whole unsigned-byte IDX stream, raw or gzip-compressed.
     *
     * @param name the name used in error messages, normally the file's path
     * @param raw the stream, positioned at its start
     * @param size the stream's length in bytes (the file size)
     * @return its dimensions and elements
     * @throws IdxFormatException if the stream is not a valid unsigned-byte IDX file of that length
     * @throws IOException if reading fails for another reason than the content
     */
    public static IdxArray read(String name, InputStream raw, long size) throws IOException {
        return read(name, raw, size, -1, null);
    }

    private static IdxArray read(String name, InputStream raw, long size, int expectedMagic, String kind)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        if (!gzip) {
            return parse(name, buffered, size, size, expectedMagic, kind);
        }
        try (InputStream in = new GZIPInputStream(buffered, BUFFER)) {
            return parse(name, in, -1, size, expectedMagic, kind);
        } catch (EOFException e) {
            throw new IdxFormatException(name + " is a truncated gzip file (the compressed data ends early).", e);
        } catch (ZipException e) {
            throw new IdxFormatException(name + " is not a valid gzip file (" + e.getMessage() + ").", e);
        }
    }

    /**
     * @param rawSize the exact size of the uncompressed content, or -1 if unknown (gzip)
     * @param fileSize the size of the file on disk, to size the first buffer of a gzip file
     */
    private static IdxArray parse(String name, InputStream in, long rawSize, long fileSize, int expectedMagic,
            String kind) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(name + " is too short to be an IDX file (" + magic.length
                    + " bytes, no complete magic number).");
        }
        int magicNumber = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8)
                | (magic[3] & 0xff);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s is not an IDX file: its magic number 0x%08X does not start with two zero bytes.",
                    name, magicNumber));
        }
        int type = magic[2] & 0xff;
        if (type != 0x08) {
            String held = typeName(type);
            throw new IdxFormatException(String.format(Locale.ROOT, held == null
                    ? "%s has the unknown IDX element type 0x%02X; only unsigned bytes (0x08) are supported."
                    : "%s holds " + held + " (IDX type 0x%02X); only unsigned bytes (0x08) are supported.",
                    name, type));
        }
        if (expectedMagic >= 0 && magicNumber != expectedMagic) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s is not an %s file: its magic number is 0x%08X, expected 0x%08X.", name,
                    kind == null ? "IDX" : "IDX " + kind, magicNumber, expectedMagic));
        }
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new IdxFormatException(name + " declares no dimensions (magic number 0x00000800).");
        }
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new IdxFormatException(name + " is truncated inside its header: it declares " + rank
                    + " dimensions but holds only " + header.length / 4 + " sizes.");
        }
        int[] dims = new int[rank];
        long product = 1;
        for (int k = 0; k < rank; k++) {
            int o = 4 * k;
            dims[k] = ((header[o] & 0xff) << 24) | ((header[o + 1] & 0xff) << 16) | ((header[o + 2] & 0xff) << 8)
                    | (header[o + 3] & 0xff);
            if (dims[k] <= 0) {
                throw new IdxFormatException(String.format(Locale.ROOT, "%s declares size %d for dimension %d; sizes "
                        + "must be between 1 and %d (its magic number 0x%08X declares %d dimensions: is it the "
                        + "right kind of file?).", name, dims[k] & 0xffffffffL, k, Integer.MAX_VALUE, magicNumber,
                        rank));
            }
            product *= dims[k];
            if (product > MAX_ELEMENTS) {
                throw new IdxFormatException(name + " declares dimensions " + describe(dims, k + 1)
                        + ", more than the " + MAX_ELEMENTS + " elements Orbitscope can hold.");
            }
        }
        int count = (int) product;
        long headerBytes = 4 + 4L * rank;
        if (rawSize >= 0) {
            long dataBytes = rawSize - headerBytes;
            if (dataBytes < count) {
                throw truncated(name, dims, count, dataBytes);
            }
            if (dataBytes > count) {
                throw new IdxFormatException(name + " has " + (dataBytes - count) + " bytes after the " + count
                        + " elements its header declares (" + describe(dims, rank) + ").");
            }
        }
        int initial = rawSize >= 0 ? count
                : (int) Math.min(count, Math.max(BUFFER, Math.min(MAX_ELEMENTS, fileSize * GUESSED_RATIO)));
        byte[] data = new byte[initial];
        int n = 0;
        while (n < count) {
            if (n == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            }
            int r = in.read(data, n, data.length - n);
            if (r < 0) {
                throw truncated(name, dims, count, n);
            }
            n += r;
        }
        if (in.read() >= 0) {
            throw new IdxFormatException(name + " has data after the " + count + " elements its header declares ("
                    + describe(dims, rank) + ").");
        }
        return new IdxArray(dims, data);
    }

    private static IdxFormatException truncated(String name, int[] dims, int count, long present) {
        return new IdxFormatException(name + " is truncated: its header declares " + count + " elements ("
                + describe(dims, dims.length) + ") but only " + Math.max(0, present) + " follow.");
    }

    private static String describe(int[] dims, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < upTo; k++) {
            sb.append(k == 0 ? "" : "x").append(dims[k]);
        }
        return sb.toString();
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed bytes";
            case 0x0B -> "16-bit integers";
            case 0x0C -> "32-bit integers";
            case 0x0D -> "32-bit floats";
            case 0x0E -> "64-bit floats";
            default -> null;
        };
    }
}
