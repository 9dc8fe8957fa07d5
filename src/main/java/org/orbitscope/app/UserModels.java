package org.orbitscope.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.orbitscope.model.ModelStore;

/**
 * The models directory of the installed app. The installed image holds the shipped models read-only (the
 * launcher names them with {@value #SHIPPED_PROPERTY}); the app needs a directory it can write, because it trains
 * new models there, caches computed results (drift) in the model cards and lets the user delete models. So the
 * desktop app works in a per-user directory ({@link #userModelsDir}), into which every shipped model the user has
 * not had yet is copied when the app starts: on first start all of them, after an update the new ones. A shipped
 * model the user deleted is not copied again (the copied names are recorded in {@value #RECORD}).
 *
 * <p>A checkout (no {@value #SHIPPED_PROPERTY}) and a user who sets {@code orbitscope.models.dir} keep the
 * directory they name.
 */
final class UserModels {

    /** System property the installed launcher sets to the image's read-only models folder. */
    static final String SHIPPED_PROPERTY = "orbitscope.shipped.models";
    /** System property naming the models directory the app lists (read by the model library). */
    static final String MODELS_DIR_PROPERTY = org.orbitscope.ui.shell.ModelLibrary.MODELS_DIR_PROPERTY;
    /** File in the user's models directory listing the shipped entries already copied, one a line. */
    static final String RECORD = ".shipped";

    private UserModels() {
    }

    /**
     * Points the app at the user's models directory if it runs from an installed image, copying the shipped
     * models the user has not had yet. Failures are reported on stderr: the app then starts on whatever the
     * directory holds.
     */
    static void prepare() {
        if (System.getProperty(MODELS_DIR_PROPERTY) != null) {
            return;
        }
        String shipped = System.getProperty(SHIPPED_PROPERTY);
        if (shipped == null || shipped.isBlank()) {
            return;
        }
        Path user = userModelsDir(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
        System.setProperty(MODELS_DIR_PROPERTY, user.toString());
        try {
            seed(Path.of(shipped), user);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("orbitscope: could not copy the shipped models to " + user + " (" + e.getMessage()
                    + ").");
        }
    }

    /**
     * @param env the environment
     * @param osName the {@code os.name} property
     * @param home the user's home directory
     * @return {@code $XDG_DATA_HOME/orbitscope/models} (default {@code ~/.local/share}) on Linux,
     *     {@code ~/Library/Application Support/Orbitscope/models} on macOS, {@code %LOCALAPPDATA%\Orbitscope\models}
     *     on Windows
     */
    static Path userModelsDir(Map<String, String> env, String osName, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local == null || local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local);
            return base.resolve("Orbitscope").resolve("models");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Orbitscope").resolve("models");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? home.resolve(".local").resolve("share")
                : Path.of(xdg);
        return base.resolve("orbitscope").resolve("models");
    }

    /**
     * Copies into {@code user} every entry of {@code shipped} not copied before: a model folder whole, the files
     * of other folders (the nu-tuning curves) one by one. Each entry appears at once or not at all (copied under a
     * temporary name, then renamed), and two app instances starting together copy each entry once (a file lock).
     *
     * @param shipped the image's models folder (only read)
     * @param user the user's models directory (created if needed)
     * @return the entries copied, as paths relative to the folders
     * @throws IOException if a file cannot be read or written
     */
    static List<String> seed(Path shipped, Path user) throws IOException {
        List<String> copied = new ArrayList<>();
        if (!Files.isDirectory(shipped)) {
            return copied;
        }
        Files.createDirectories(user);
        Path recordFile = user.resolve(RECORD);
        try (FileChannel ch = FileChannel.open(user.resolve(RECORD + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            Set<String> done = new LinkedHashSet<>();
            if (Files.isRegularFile(recordFile)) {
                done.addAll(Files.readAllLines(recordFile, StandardCharsets.UTF_8));
            }
            for (Path entry : list(shipped)) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry) && !ModelStore.isModel(entry)) {
                    for (Path f : list(entry)) {
                        String rel = name + "/" + f.getFileName();
                        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")
                                && copyOnce(f, user.resolve(name).resolve(f.getFileName().toString()), rel, done)) {
                            copied.add(rel);
                        }
                    }
                } else if (copyOnce(entry, user.resolve(name), name, done)) {
                    copied.add(name);
                }
            }
            Files.write(recordFile, done, StandardCharsets.UTF_8);
        }
        return copied;
    }

    private static boolean copyOnce(Path from, Path to, String rel, Set<String> done) throws IOException {
        if (done.contains(rel)) {
            return false;
        }
        done.add(rel);
        if (Files.exists(to)) {
            return false;
        }
        Files.createDirectories(to.getParent());
        Path tmp = to.resolveSibling(".copying-" + to.getFileName());
        deleteTree(tmp);
        copyTree(from, tmp);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = p.equals(from) ? to : to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // the copies are the user's: writable, although the copy keeps the read-only mode of the image's files
        try (Stream<Path> s = Files.walk(to)) {
            for (Path p : s.toList()) {
                p.toFile().setWritable(true, true);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
