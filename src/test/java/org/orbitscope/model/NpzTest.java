package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

class NpzTest {

    @TempDir
    Path tmp;

    private static Map<String, NpyArray> sample() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.of(new float[] {1, -2.5f, 3, Float.MIN_VALUE, 5, 6}, 2, 3));
        m.put("y", NpyArray.ofInts(new int[] {7, -8, 9}, 3));
        m.put("s", NpyArray.scalar(0.125f));
        return m;
    }

    @Test
    void roundTrip() throws IOException {
        Path f = tmp.resolve("a.npz");
        Npz.write(f, sample());
        assertEquals(sample(), Npz.read(f));
    }

    @Test
    void headerIsNumpyFormatOne() {
        byte[] b = Npz.toBytes(Map.of("x", NpyArray.of(new float[] {1, 2}, 2)));
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\u0093NUMPY");
        int headerLen = (b[at + 8] & 0xff) | (b[at + 9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "header padded to 64 bytes");
        String header = s.substring(at + 10, at + 10 + headerLen);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", header.trim());
    }

    @Test
    void aFileThatIsNoArchiveFailsCleanly() throws IOException {
        // thousands of mutated archives: fuzz.FuzzerTest
        Path f = tmp.resolve("bad.npz");
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(OrbitscopeException.class, () -> Npz.read(f));
    }

    @Test
    void namesFromTheFileAreQuotedOnOneLine() throws IOException {
        var bos = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bos)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("W0.n\npy\u2028" + "x".repeat(200)));
            zip.write(new byte[] {1});
            zip.closeEntry();
        }
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> Npz.read(
                new ByteArrayInputStream(bos.toByteArray()), "f.npz"));
        assertEquals("f.npz: entry 'W0.n\\npy\\u2028" + "x".repeat(66) + "...' is not a .npy array.", e.getMessage());
        e = assertThrows(OrbitscopeException.class, () -> Npz.read(new ByteArrayInputStream(zipWith(npyBytes(
                "{'descr': '<\nf4', 'fortran_order': False, 'shape': (1,), }", new byte[4]))), "f.npz"));
        assertEquals("f.npz:x: dtype '<\\nf4' is not supported (use float32 or int32).", e.getMessage());
    }

    @Test
    void forgedHugeShapeIsRejectedWithoutAllocating() {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }";
        Map<String, NpyArray> one = Map.of("x", NpyArray.of(new float[] {1}, 1));
        byte[] b = Npz.toBytes(one);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        String orig = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
        String padded = header + " ".repeat(Math.max(0, orig.length() - header.length()));
        // rewrite in a fresh npy to keep the zip valid
        byte[] npy = new byte[0];
        assertArrayEquals(npy, new byte[0]);
        OrbitscopeException e = assertThrows(OrbitscopeException.class, () -> Npz.read(
                new ByteArrayInputStream(zipWith(npyBytes(header, new byte[4]))), "f.npz"));
        assertEquals(true, e.getMessage().contains("limit"), e.getMessage());
        assertEquals(s.length(), b.length);
        assertEquals(true, padded.length() >= header.length());
    }

    private static byte[] npyBytes(String header, byte[] data) {
        byte[] hb = (header + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + hb.length + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        System.arraycopy(magic, 0, out, 0, 8);
        out[8] = (byte) (hb.length & 0xff);
        out[9] = (byte) (hb.length >>> 8);
        System.arraycopy(hb, 0, out, 10, hb.length);
        System.arraycopy(data, 0, out, 10 + hb.length, data.length);
        return out;
    }

    private static byte[] zipWith(byte[] npy) {
        try {
            var bos = new java.io.ByteArrayOutputStream();
            try (var zip = new java.util.zip.ZipOutputStream(bos)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("x.npy"));
                zip.write(npy);
                zip.closeEntry();
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
