package org.orbitscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.data.IdxTestFiles.counting;
import static org.orbitscope.data.IdxTestFiles.gzip;
import static org.orbitscope.data.IdxTestFiles.ubyte;
import static org.orbitscope.data.IdxTestFiles.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

/** Loading a dataset from a directory of the user's: file names, defaults and clear errors. */
class DatasetDirectoryTest {

    private static final Path MNIST = Path.of("data", "mnist");

    @TempDir
    Path dir;

    /** Writes a small, well-formed MNIST-like directory: {@code n} training and 10 test samples. */
    private void smallDataset(int n, int side, byte[] trainLabels) {
        write(dir, TransformingDataset.TRAIN_IMAGES, ubyte(new int[] {n, side, side}, new byte[n * side * side]));
        write(dir, TransformingDataset.TRAIN_LABELS + ".gz", gzip(ubyte(new int[] {trainLabels.length}, trainLabels)));
        write(dir, TransformingDataset.TEST_IMAGES, ubyte(new int[] {10, 28, 28}, new byte[10 * 784]));
        write(dir, TransformingDataset.TEST_LABELS, ubyte(new int[] {10}, counting(10, 0)));
    }

    private static String rejectMessage(Path dir) {
        return assertThrows(OrbitscopeException.class, () -> TransformingDataset.load(DatasetId.TMNIST, 0, dir))
                .getMessage();
    }

    @Test
    void acceptsRawAndGzippedFileNamesSideBySide() throws IOException {
        for (String name : new String[] {TransformingDataset.TRAIN_IMAGES, TransformingDataset.TRAIN_LABELS,
            TransformingDataset.TEST_IMAGES}) {
            Files.copy(MNIST.resolve(name + ".gz"), dir.resolve(name + ".gz"));
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                MNIST.resolve(TransformingDataset.TEST_LABELS + ".gz")))) {
            Files.copy(in, dir.resolve(TransformingDataset.TEST_LABELS));
        }
        TransformingDataset copy = TransformingDataset.load(DatasetId.TMNIST, 5, dir);
        TransformingDataset shipped = TransformingDataset.load(DatasetId.TMNIST, 5, MNIST);
        assertEquals(dir, copy.directory());
        assertArrayEquals(shipped.test().poolIndices(), copy.test().poolIndices());
        assertArrayEquals(shipped.test().labels(), copy.test().labels());
        assertArrayEquals(shipped.train().image(123), copy.train().image(123));
        assertEquals(shipped.normalization(), copy.normalization());
    }

    @Test
    void missingDirectoryOrFile() {
        Path nowhere = dir.resolve("nowhere");
        assertTrue(rejectMessage(nowhere).contains(nowhere.toString()));
        smallDataset(20, 28, counting(20, 0));
        Path labels = dir.resolve(TransformingDataset.TEST_LABELS);
        labels.toFile().delete();
        String message = rejectMessage(dir);
        assertTrue(message.contains("has neither " + TransformingDataset.TEST_LABELS + " nor "), message);
    }

    @Test
    void tooFewSamplesOutsideClassNine() {
        byte[] labels = new byte[100];
        labels[3] = 9;
        smallDataset(100, 28, labels);
        String message = rejectMessage(dir);
        assertTrue(message.contains("hold 108 samples outside class 9, fewer than the 62000"), message);
    }

    @Test
    void imagesMustBe28By28() {
        smallDataset(20, 32, new byte[20]);
        String message = rejectMessage(dir);
        assertTrue(message.contains("32x32 images") && message.contains(TransformingDataset.TRAIN_IMAGES), message);
    }

    @Test
    void labelCountMustMatchImageCount() {
        smallDataset(20, 28, new byte[19]);
        String message = rejectMessage(dir);
        assertTrue(message.contains("holds 19 labels but") && message.contains("holds 20 images"), message);
    }

    @Test
    void labelsMustBeDigits() {
        byte[] labels = new byte[20];
        labels[7] = 10;
        smallDataset(20, 28, labels);
        String message = rejectMessage(dir);
        assertTrue(message.contains("label 10 at position 7"), message);
    }

    @Test
    void filesMustHoldWhatTheirNameSays() {
        smallDataset(20, 28, new byte[20]);
        write(dir, TransformingDataset.TEST_IMAGES, ubyte(new int[] {10}, new byte[10]));
        String message = rejectMessage(dir);
        assertTrue(message.contains("not an IDX image file") && message.contains("0x00000801"), message);
        write(dir, TransformingDataset.TEST_IMAGES, ubyte(new int[] {10, 28, 28}, new byte[10 * 784]));
        write(dir, TransformingDataset.TEST_LABELS, ubyte(new int[] {10, 1}, new byte[10]));
        message = rejectMessage(dir);
        assertTrue(message.contains("not an IDX label file") && message.contains("0x00000802"), message);
    }

    @Test
    void aWrongMagicNumberIsNamedRatherThanTheSizesItImplies() {
        smallDataset(20, 28, new byte[20]);
        // a 4-dimension magic number over a 3-dimension header: read as sizes, the fourth would be 0
        write(dir, TransformingDataset.TRAIN_IMAGES, IdxTestFiles.idx(0x00000804, new int[] {20, 28, 28},
                new byte[20 * 784]));
        String message = rejectMessage(dir);
        assertTrue(message.contains(TransformingDataset.TRAIN_IMAGES + " is not an IDX image file: its magic number "
                + "is 0x00000804, expected 0x00000803."), message);
        assertFalse(message.contains("declares size"), message);
        write(dir, TransformingDataset.TRAIN_IMAGES, ubyte(new int[] {20, 28, 28}, new byte[20 * 784]));
        write(dir, TransformingDataset.TEST_LABELS, IdxTestFiles.idx(0x00000803, new int[] {10}, new byte[10]));
        message = rejectMessage(dir);
        assertTrue(message.contains(TransformingDataset.TEST_LABELS + " is not an IDX label file: its magic number "
                + "is 0x00000803, expected 0x00000801."), message);
    }

    @Test
    void brokenFileIsAnIdxFormatException() {
        smallDataset(20, 28, new byte[20]);
        write(dir, TransformingDataset.TRAIN_IMAGES, new byte[] {0, 0, 8, 3, 0, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> TransformingDataset.load(DatasetId.TFMNIST, 0, dir));
        assertTrue(e.getMessage().contains(TransformingDataset.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void dataDirectoryProperty() {
        String old = System.getProperty(TransformingDataset.DATA_DIR_PROPERTY);
        try {
            System.setProperty(TransformingDataset.DATA_DIR_PROPERTY, "data");
            assertEquals(MNIST, TransformingDataset.defaultDataDir(DatasetId.TMNIST));
            System.setProperty(TransformingDataset.DATA_DIR_PROPERTY, dir.toString());
            OrbitscopeException e = assertThrows(OrbitscopeException.class,
                    () -> TransformingDataset.defaultDataDir(DatasetId.TFMNIST));
            assertTrue(e.getMessage().contains(dir.resolve("fashion-mnist").toString()), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(TransformingDataset.DATA_DIR_PROPERTY);
            } else {
                System.setProperty(TransformingDataset.DATA_DIR_PROPERTY, old);
            }
        }
    }
}
