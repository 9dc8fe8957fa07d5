package org.orbitscope.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.orbitscope.OrbitscopeException;

/**
 * Reads and writes NumPy {@code .npz} archives (a zip of {@code .npy} files, format version 1.0) holding
 * little-endian float32 and int32 arrays, the interchange format of SPEC section 6. Readable with
 * {@code numpy.load}. Reading validates every header and length and never trusts a declared size
 * beyond the bytes actually present, so a forged file fails with an {@link OrbitscopeException}.
 */
public final class Npz {

    /** Largest array we accept (elements): 256 Mi floats, 1 GiB. */
    static final long MAX_ELEMENTS = 1L << 28;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /** Text from the file, made safe to quote in a one-line message. */
    private static String shown(String text) {
        return OrbitscopeException.printable(text);
    }

    /**
     * Writes an archive (uncompressed entries, as {@code numpy.savez}).
     *
     * @param out destination stream (not closed)
     * @param arrays arrays by name, written in iteration order
     * @throws IOException on write failure
     */
    public static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(0);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTime(0L);
            zip.putNextEntry(entry);
            writeNpy(zip, e.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * Writes an archive to a file, atomically (a temporary file moved into place).
     *
     * @param file destination
     * @param arrays arrays by name
     * @throws IOException on write failure
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays));
    }

    private static void writeNpy(OutputStream out, NpyArray a) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        int[] s = a.shape();
        for (int i = 0; i < s.length; i++) {
            shape.append(s[i]).append(s.length == 1 ? "," : (i + 1 < s.length ? ", " : ""));
        }
        shape.append(')');
        String header = "{'descr': '" + (a.isFloat() ? "<f4" : "<i4") + "', 'fortran_order': False, 'shape': "
                + shape + ", }";
        int total = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(hb.length & 0xff);
        out.write((hb.length >>> 8) & 0xff);
        out.write(hb);
        ByteBuffer buf = ByteBuffer.allocate(a.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        if (a.isFloat()) {
            buf.asFloatBuffer().put(a.floats());
        } else {
            buf.asIntBuffer().put(a.ints());
        }
        out.write(buf.array());
    }

    /**
     * Reads an archive.
     *
     * @param file the {@code .npz} file
     * @return arrays by name (entry name without {@code .npy}), in archive order
     * @throws OrbitscopeException if the file is missing, not an npz, or holds an unsupported array
     */
    public static Map<String, NpyArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OrbitscopeException(file + ": no such file.");
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new OrbitscopeException(file + ": not a readable .npz archive (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Reads an archive from a stream.
     *
     * @param in the archive bytes
     * @param name file name for error messages
     * @return arrays by name
     * @throws IOException on read failure
     * @throws OrbitscopeException on malformed content
     */
    public static Map<String, NpyArray> read(InputStream in, String name) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String entry = e.getName();
                if (e.isDirectory() || !entry.endsWith(".npy")) {
                    throw new OrbitscopeException(name + ": entry '" + shown(entry) + "' is not a .npy array.");
                }
                String key = entry.substring(0, entry.length() - 4);
                if (key.isEmpty() || key.contains("/") || key.contains("\\") || key.contains("..")) {
                    throw new OrbitscopeException(name + ": entry name '" + shown(entry)
                            + "' is not a plain array name.");
                }
                if (arrays.containsKey(key)) {
                    throw new OrbitscopeException(name + ": array '" + shown(key) + "' appears twice.");
                }
                arrays.put(key, readNpy(zip, name + ":" + shown(key)));
            }
        } catch (ZipException | IllegalArgumentException ex) {
            throw new OrbitscopeException(name + ": not a valid .npz (zip) archive (" + ex.getMessage() + ").", ex);
        }
        if (arrays.isEmpty()) {
            throw new OrbitscopeException(name + ": not a .npz archive or holds no arrays.");
        }
        return arrays;
    }

    private static NpyArray readNpy(InputStream in, String name) throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 10) {
            throw new OrbitscopeException(name + ": truncated .npy header.");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                throw new OrbitscopeException(name + ": not a .npy array (bad magic).");
            }
        }
        int major = head[6] & 0xff;
        int headerLen;
        if (major == 1) {
            headerLen = (head[8] & 0xff) | ((head[9] & 0xff) << 8);
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw new OrbitscopeException(name + ": truncated .npy header.");
            }
            long len = (head[8] & 0xffL) | ((head[9] & 0xffL) << 8) | ((more[0] & 0xffL) << 16)
                    | ((more[1] & 0xffL) << 24);
            if (len > 65536) {
                throw new OrbitscopeException(name + ": .npy header of " + len + " bytes is implausibly long.");
            }
            headerLen = (int) len;
        } else {
            throw new OrbitscopeException(name + ": unsupported .npy format version " + major + ".");
        }
        byte[] hb = in.readNBytes(headerLen);
        if (hb.length < headerLen) {
            throw new OrbitscopeException(name + ": truncated .npy header.");
        }
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new OrbitscopeException(name + ": malformed .npy header.");
        }
        String descr = d.group(1);
        boolean isFloat;
        if (descr.equals("<f4") || descr.equals("f4")) {
            isFloat = true;
        } else if (descr.equals("<i4") || descr.equals("i4")) {
            isFloat = false;
        } else {
            throw new OrbitscopeException(name + ": dtype '" + shown(descr)
                    + "' is not supported (use float32 or int32).");
        }
        if (o.group(1).equals("True")) {
            throw new OrbitscopeException(name + ": Fortran-order arrays are not supported.");
        }
        int[] shape = parseShape(s.group(1), name);
        long n = NpyArray.elements(shape);
        if (n < 0 || n > MAX_ELEMENTS) {
            throw new OrbitscopeException(name + ": declared size of " + n + " elements exceeds the limit of "
                    + MAX_ELEMENTS + ".");
        }
        int count = (int) n;
        // readNBytes grows its buffer only as bytes arrive, so a forged shape cannot make us allocate
        // more than the entry really holds.
        byte[] data = in.readNBytes(count * 4);
        if (data.length < count * 4) {
            throw new OrbitscopeException(name + ": data truncated (" + (count * 4 - data.length)
                    + " bytes missing).");
        }
        if (in.read() >= 0) {
            throw new OrbitscopeException(name + ": trailing bytes after the array data.");
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (isFloat) {
            float[] f = new float[count];
            buf.asFloatBuffer().get(f);
            return new NpyArray(shape, f, null);
        }
        int[] v = new int[count];
        buf.asIntBuffer().get(v);
        return new NpyArray(shape, null, v);
    }

    private static int[] parseShape(String text, String name) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            String q = p.trim();
            if (q.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(q.endsWith("L") ? q.substring(0, q.length() - 1) : q);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new OrbitscopeException(name + ": dimension " + q + " is out of range.");
                }
                dims[count++] = (int) v;
            } catch (NumberFormatException e) {
                throw new OrbitscopeException(name + ": malformed shape '(" + shown(text) + ")'.");
            }
        }
        int[] out = new int[count];
        System.arraycopy(dims, 0, out, 0, count);
        return out;
    }

    /**
     * Encodes an archive in memory (for tests and checksums).
     *
     * @param arrays arrays by name
     * @return the archive bytes
     */
    public static byte[] toBytes(Map<String, NpyArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, arrays);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
