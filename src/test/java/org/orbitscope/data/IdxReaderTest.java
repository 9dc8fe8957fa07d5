package org.orbitscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.orbitscope.data.IdxTestFiles.counting;
import static org.orbitscope.data.IdxTestFiles.gzip;
import static org.orbitscope.data.IdxTestFiles.idx;
import static org.orbitscope.data.IdxTestFiles.ubyte;
import static org.orbitscope.data.IdxTestFiles.write;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

class IdxReaderTest {

    private static final int[] DIMS = {3, 4, 5};
    private static final byte[] DATA = counting(60, 200);

    @TempDir
    Path dir;

    /** Asserts that reading {@code file} fails with a message naming the file and containing {@code fragment}. */
    private static IdxFormatException assertRejects(Path file, String fragment) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message says '" + fragment + "': " + e.getMessage());
        assertTrue(e instanceof OrbitscopeException);
        return e;
    }

    @Test
    void rawFileRoundTrips() {
        IdxArray a = IdxReader.read(write(dir, "x-idx3-ubyte", ubyte(DIMS, DATA)));
        assertArrayEquals(DIMS, a.dims());
        assertArrayEquals(DATA, a.data());
        assertEquals(0x0803, a.magic());
        assertEquals(3, a.rank());
        assertEquals(new IdxArray(DIMS, DATA), a);
        assertEquals(200, a.data()[0] & 0xff, "bytes read unsigned");
    }

    @Test
    void writerLaysOutTheHeaderBigEndianThenTheBytes() {
        byte[] expected = {0, 0, 0x08, 0x02, 0, 0, 0, 1, 0, 0, 0x01, 0x02, 5, 6};
        assertArrayEquals(expected, IdxWriter.unsignedBytes(new int[] {1, 258}, new byte[] {5, 6}));
    }

    @Test
    void gzipIsDetectedByContentNotByName() {
        byte[] gz = gzip(ubyte(DIMS, DATA));
        IdxArray expected = new IdxArray(DIMS, DATA);
        assertEquals(expected, IdxReader.read(write(dir, "a.gz", gz)));
        assertEquals(expected, IdxReader.read(write(dir, "b-idx3-ubyte", gz)));
        assertEquals(expected, IdxReader.read(write(dir, "c.gz", ubyte(DIMS, DATA))));
    }

    @Test
    void labelFilesAndLargerFilesRoundTrip() {
        byte[] labels = counting(10, 0);
        IdxArray a = IdxReader.read(write(dir, "labels.gz", gzip(ubyte(new int[] {10}, labels))));
        assertArrayEquals(new int[] {10}, a.dims());
        assertArrayEquals(labels, a.data());
        // bigger than the first buffer of a gzip file (highly compressible), so the buffer grows
        byte[] big = new byte[3_000_000];
        Arrays.fill(big, 100_000, 200_000, (byte) 7);
        assertArrayEquals(big, IdxReader.read(write(dir, "big.gz", gzip(ubyte(new int[] {3000, 1000}, big)))).data());
    }

    @Test
    void concatenatedGzipMembersAreOneStream() {
        byte[] whole = ubyte(DIMS, DATA);
        byte[] first = gzip(Arrays.copyOf(whole, 30));
        byte[] second = gzip(Arrays.copyOfRange(whole, 30, whole.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertEquals(new IdxArray(DIMS, DATA), IdxReader.read(write(dir, "two.gz", both)));
    }

    @Test
    void rejectsWrongMagic() {
        assertRejects(write(dir, "png", idx(0x89504E47, DIMS, DATA)), "magic number 0x89504E47");
        assertRejects(write(dir, "half", idx(0x00010803, DIMS, DATA)), "two zero bytes");
    }

    @Test
    void aZeroSizeNamesTheMagicNumberThatImpliedIt() {
        // magic number for 4 dimensions over a 3-dimension header: the first data bytes (zeros) read as a size
        byte[] zeros = new byte[60];
        IdxFormatException e = assertRejects(write(dir, "rank4", idx(0x00000804, DIMS, zeros)),
                "size 0 for dimension 3");
        assertTrue(e.getMessage().contains("its magic number 0x00000804 declares 4 dimensions"), e.getMessage());
        e = assertThrows(IdxFormatException.class, () -> IdxReader.read(write(dir, "labels", idx(0x00000803, DIMS,
                zeros)), 0x00000801, "label"));
        assertTrue(e.getMessage().endsWith("labels is not an IDX label file: its magic number is 0x00000803, expected "
                + "0x00000801."), e.getMessage());
    }

    @Test
    void rejectsOtherElementTypes() {
        assertRejects(write(dir, "floats", idx(0x00000D03, DIMS, DATA)), "32-bit floats (IDX type 0x0D)");
        assertRejects(write(dir, "signed", idx(0x00000903, DIMS, DATA)), "signed bytes");
        assertRejects(write(dir, "odd", idx(0x00004203, DIMS, DATA)), "unknown IDX element type 0x42");
    }

    @Test
    void rejectsZeroAndNegativeDimensions() {
        assertRejects(write(dir, "rank0", idx(0x00000800, new int[0], new byte[0])), "no dimensions");
        assertRejects(write(dir, "zero", ubyte(new int[] {3, 0, 5}, new byte[0])), "size 0 for dimension 1");
        assertRejects(write(dir, "neg", ubyte(new int[] {-1, 4, 5}, DATA)), "size 4294967295 for dimension 0");
    }

    @Test
    void rejectsTruncatedFiles() {
        byte[] whole = ubyte(DIMS, DATA);
        assertRejects(write(dir, "data", Arrays.copyOf(whole, whole.length - 1)), "truncated");
        assertRejects(write(dir, "data.gz", gzip(Arrays.copyOf(whole, whole.length - 7))), "only 53 follow");
        assertRejects(write(dir, "header", Arrays.copyOf(whole, 10)), "truncated inside its header");
        assertRejects(write(dir, "empty", new byte[0]), "too short");
        assertRejects(write(dir, "two", new byte[] {0, 0}), "too short");
        byte[] gz = gzip(whole);
        assertRejects(write(dir, "stream.gz", Arrays.copyOf(gz, gz.length - 12)), "truncated gzip");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] whole = ubyte(DIMS, DATA);
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertRejects(write(dir, "raw", longer), "has 3 bytes after the 60 elements");
        assertRejects(write(dir, "long.gz", gzip(longer)), "has data after the 60 elements");
    }

    @Test
    void rejectsCountsThatDoNotMatch() {
        assertRejects(write(dir, "fewer", ubyte(new int[] {4, 4, 5}, DATA)), "declares 80 elements");
        assertRejects(write(dir, "more", ubyte(new int[] {2, 4, 5}, DATA)), "20 bytes after");
    }

    @Test
    void rejectsCorruptGzip() {
        byte[] gz = gzip(ubyte(DIMS, DATA));
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 0x5a;
        assertRejects(write(dir, "crc.gz", badCrc), "not a valid gzip file");
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        assertRejects(write(dir, "method.gz", badMethod), "not a valid gzip file");
    }

    @Test
    void rejectsMissingFilesAndDirectories() {
        assertRejects(dir.resolve("nothing-here"), "does not exist");
        assertRejects(dir, "is a directory");
    }

    @Test
    void forgedHugeHeadersFailWithoutAllocating() {
        // more elements than any Java array
        assertRejects(write(dir, "huge", ubyte(new int[] {65536, 65536, 1}, DATA)), "more than the");
        assertRejects(write(dir, "many", ubyte(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, DATA)), "more than the");
        // 2,147,395,600 elements declared (just under the limit) over 60 actual bytes
        int[] forged = {46340, 46340};
        Path raw = write(dir, "forged", ubyte(forged, DATA));
        Path gz = write(dir, "forged.gz", gzip(ubyte(forged, DATA)));
        com.sun.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean t ? t : null;
        assumeTrue(threads != null && threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        assertRejects(raw, "declares 2147395600 elements");
        assertRejects(gz, "only 60 follow");
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 8_000_000, "allocated " + allocated + " bytes for forged headers");
    }

    // thousands of mutated files, raw and gzipped: fuzz.FuzzerTest
}
