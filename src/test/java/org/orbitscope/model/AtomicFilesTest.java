package org.orbitscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;

/** The one write path: a failure leaves the old file or none, no temporary file, and a plain sentence. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A writer that gets {@code bytes} out, then fails as a full disk does. */
    private static AtomicFiles.Writer fillsTheDiskAfter(int bytes) {
        return out -> {
            out.write(new byte[bytes]);
            out.flush();
            throw new IOException("No space left on device");
        };
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = tmp.resolve("emb.csv");
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> AtomicFiles.writeFile(target, fillsTheDiskAfter(8192)));
        assertEquals("Could not write " + target + ": the disk is full.", e.getMessage());
        assertEquals(List.of(), names(), "neither a partial file nor a temporary one");

        byte[] old = "sample,g,class,x,y\n".getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeFile(target, old);
        assertThrows(OrbitscopeException.class, () -> AtomicFiles.writeFile(target, fillsTheDiskAfter(100_000)));
        assertArrayEquals(old, Files.readAllBytes(target), "the old content is intact");
        assertEquals(List.of("emb.csv"), names());
    }

    @Test
    void aPathThroughAFileOrOntoAFolderIsRefusedBeforeAndWhileWriting() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        Path through = file.resolve("sub").resolve("out.csv");
        String expected = "Could not write " + through + ": " + file + " is a file, not a folder.";
        assertEquals(expected, assertThrows(OrbitscopeException.class, () -> AtomicFiles.checkWritable(through))
                .getMessage());
        assertEquals(expected, assertThrows(OrbitscopeException.class,
                () -> AtomicFiles.writeFile(through, new byte[1])).getMessage());
        Path folder = Files.createDirectory(tmp.resolve("folder"));
        assertEquals("Could not write " + folder + ": it is a folder.", assertThrows(OrbitscopeException.class,
                () -> AtomicFiles.checkWritable(folder)).getMessage());
        assertEquals("Could not write " + folder + ": it is a folder.",
                assertThrows(OrbitscopeException.class, () -> AtomicFiles.writeFile(folder, new byte[1]))
                        .getMessage());
        assertEquals(List.of("folder", "notes.txt"), names());
        AtomicFiles.checkWritable(tmp.resolve("new").resolve("deeper").resolve("x.png"));
        assertFalse(Files.exists(tmp.resolve("new")), "the check changes nothing");
    }

    @Test
    void reasonsAreWordsNotClassNames() {
        assertEquals("the disk is full", AtomicFiles.reason(new IIOException("I/O error writing PNG file!",
                new IOException("No space left on device"))));
        assertEquals("the disk is read-only (/data/x.png)",
                AtomicFiles.reason(new FileSystemException("/data/x.png", null, "Read-only file system")));
        assertEquals("permission denied for /data/x.png", AtomicFiles.reason(new AccessDeniedException("/data/x.png")));
        assertEquals("the file is larger than the disk or the file-size limit allows",
                AtomicFiles.reason(new IOException("File too large")));
        assertEquals("the disk quota is used up", AtomicFiles.reason(new IOException("Disk quota exceeded")));
        assertEquals("the device went away (/mnt/usb/x)",
                AtomicFiles.reason(new FileSystemException("/mnt/usb/x", null, "the device went away")));
        String r = AtomicFiles.reason(new FileSystemException("/x"));
        assertFalse(r.contains("Exception") || r.contains("java."), r);
    }
}
