package org.orbitscope.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/**
 * Writes files so that a crash never leaves a half-written file behind: the content goes to a
 * temporary file in the same directory, is flushed to disk, and is then moved over the target in one
 * atomic rename. Every file Orbitscope writes goes this way: models, checkpoints, and every output of the
 * command line and the app (CSV, JSON, figures, .npz). When writing fails (a full disk, a read-only
 * folder) the temporary file is removed and the target keeps its old content, or stays absent.
 *
 * <p>{@link #writeFile} is the form for outputs the user asked for: it reports a failure as an
 * {@link OrbitscopeException} with one sentence naming the file and the reason in plain words
 * ({@link #reason}).
 */
public final class AtomicFiles {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException on failure
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws IOException on failure (the target is then unchanged)
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "Is a directory");
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // Temporary files are created owner-only; the result is an ordinary file.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the write's own failure, if any, is the one to report; a stray temporary file is hidden
            }
        }
    }

    /**
     * Writes an output file the user asked for, like {@link #write(Path, Writer)}.
     *
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws OrbitscopeException {@code Could not write <file>: <reason>.} on failure (the target is then
     *     unchanged and no temporary file is left)
     */
    public static void writeFile(Path target, Writer writer) {
        checkWritable(target);
        try {
            write(target, writer);
        } catch (IOException e) {
            throw couldNotWrite(target, e);
        }
    }

    /**
     * @param target the file to create or replace
     * @param bytes its content
     * @throws OrbitscopeException {@code Could not write <file>: <reason>.} on failure
     */
    public static void writeFile(Path target, byte[] bytes) {
        writeFile(target, out -> out.write(bytes));
    }

    /**
     * Checks, before a long computation, that a file could be written: it is not a folder, and the nearest
     * existing folder on its path is a writable folder. Changes nothing on disk. (A disk that fills up
     * later is still reported when writing.)
     *
     * @param target the file to be written
     * @throws OrbitscopeException {@code Could not write <file>: <reason>.} if it could not be
     */
    public static void checkWritable(Path target) {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new OrbitscopeException("Could not write " + target + ": it is a folder.");
        }
        Path p = abs.getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        if (!Files.isDirectory(p)) {
            throw new OrbitscopeException("Could not write " + target + ": " + p + " is a file, not a folder.");
        }
        if (!Files.isWritable(p)) {
            throw new OrbitscopeException("Could not write " + target + ": the folder " + p
                    + " is read-only (no permission to write there).");
        }
    }

    /**
     * @param target the file that could not be written
     * @param e why
     * @return {@code Could not write <file>: <reason>.}
     */
    public static OrbitscopeException couldNotWrite(Path target, IOException e) {
        return new OrbitscopeException("Could not write " + target + ": " + reason(e) + ".", e);
    }

    /**
     * Says why a file operation failed in plain words, without class names: {@code the disk is full},
     * {@code the folder /x is read-only}, {@code /x/y is a file, not a folder}.
     *
     * @param e the failure; a wrapped cause (as image writers wrap the stream's error) is looked into
     * @return a clause without a final period
     */
    public static String reason(IOException e) {
        IOException root = e;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                root = io;
            }
        }
        String file = root instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        if (root instanceof NoSuchFileException) {
            return file == null ? "a folder on its path does not exist" : file + " does not exist";
        }
        if (root instanceof AccessDeniedException) {
            return file == null ? "permission denied" : "permission denied for " + file;
        }
        if (root instanceof FileAlreadyExistsException || root instanceof NotDirectoryException) {
            return inTheWay(file);
        }
        if (root instanceof DirectoryNotEmptyException) {
            return file == null ? "it is a folder" : file + " is a folder";
        }
        String text = root instanceof FileSystemException f ? f.getReason() : root.getMessage();
        if (text == null || text.isBlank()) {
            text = root.getMessage();
        }
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        String where = file == null ? "" : " (" + file + ")";
        if (t.contains("no space left")) {
            return "the disk is full";
        }
        if (t.contains("file too large")) {
            return "the file is larger than the disk or the file-size limit allows";
        }
        if (t.contains("quota")) {
            return "the disk quota is used up";
        }
        if (t.contains("read-only file system")) {
            return "the disk is read-only" + where;
        }
        if (t.contains("permission denied") || t.contains("operation not permitted")) {
            return "permission denied" + where;
        }
        if (t.contains("is a directory")) {
            return file == null ? "it is a folder" : file + " is a folder";
        }
        if (t.contains("not a directory")) {
            return inTheWay(file);
        }
        if (t.contains("input/output error")) {
            return "the disk reported an input/output error" + where;
        }
        if (text == null || text.isBlank()) {
            return "the system gave no reason";
        }
        String s = text.strip();
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + where;
    }

    private static String inTheWay(String file) {
        if (file == null) {
            return "a part of its path is a file, not a folder";
        }
        Path p = Path.of(file);
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return (p != null && !Files.isDirectory(p) ? p : Path.of(file)) + " is a file, not a folder";
    }

    /**
     * @param target the file to create or replace
     * @param bytes its content
     * @throws IOException on failure
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
