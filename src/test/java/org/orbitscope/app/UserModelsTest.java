package org.orbitscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelStore;

/** The installed app's models: shipped ones read-only in the image, the user's in a per-user directory. */
class UserModelsTest {

    @TempDir
    Path tmp;

    private static void fakeModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), "{\"schemaVersion\":1}");
        Files.write(dir.resolve("weights.npz"), new byte[] {1, 2, 3});
    }

    private static void readOnly(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(false, false);
            }
        }
    }

    @Test
    void firstStartCopiesEveryShippedModelAndLaterStartsOnlyNewOnes() throws IOException {
        Path shipped = tmp.resolve("image/models");
        fakeModel(shipped.resolve("tmnist-r4-da-s0"));
        fakeModel(shipped.resolve("tmnist-r4-wt-s0"));
        Files.createDirectories(shipped.resolve("nu-tuning"));
        Files.writeString(shipped.resolve("nu-tuning/tmnist-r4-l2.json"), "{}");
        readOnly(tmp.resolve("image"));
        Path user = tmp.resolve("home/.local/share/orbitscope/models");

        List<String> first = UserModels.seed(shipped, user);
        assertEquals(List.of("nu-tuning/tmnist-r4-l2.json", "tmnist-r4-da-s0", "tmnist-r4-wt-s0"), first);
        assertTrue(Files.isRegularFile(user.resolve("tmnist-r4-da-s0/weights.npz")));
        assertTrue(ownerWritable(user.resolve("tmnist-r4-da-s0/model.json")), "the user's copy can be updated");
        assertTrue(ownerWritable(user.resolve("tmnist-r4-da-s0")), "and deleted");
        try (Stream<Path> s = Files.list(user)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".copying")), "no half copies left");
        }

        // the user deletes one model and trains one of the same name as another shipped one later gets
        deleteTree(user.resolve("tmnist-r4-wt-s0"));
        Files.writeString(user.resolve("tmnist-r4-da-s0/model.json"), "{\"mine\":true}");
        assertEquals(List.of(), UserModels.seed(shipped, user), "nothing again on the next start");
        assertFalse(Files.exists(user.resolve("tmnist-r4-wt-s0")), "a deleted shipped model stays deleted");
        assertEquals("{\"mine\":true}", Files.readString(user.resolve("tmnist-r4-da-s0/model.json")),
                "the user's card is kept");

        // an update of the app ships one model and one curve more
        tmp.resolve("image").toFile().setWritable(true);
        shipped.toFile().setWritable(true);
        shipped.resolve("nu-tuning").toFile().setWritable(true);
        fakeModel(shipped.resolve("tmnist-t3-da-s0"));
        Files.writeString(shipped.resolve("nu-tuning/tmnist-t3-l2.json"), "{}");
        fakeModel(user.resolve("tmnist-t3-wt-s0"));
        fakeModel(shipped.resolve("tmnist-t3-wt-s0"));
        assertEquals(List.of("nu-tuning/tmnist-t3-l2.json", "tmnist-t3-da-s0"), UserModels.seed(shipped, user),
                "only the new ones; a folder of the user's own with a shipped name is left alone");
    }

    @Test
    void prepareSendsTheInstalledAppToTheUsersDirectoryAndLeavesACheckoutAlone() throws IOException {
        Path shipped = tmp.resolve("image/models");
        fakeModel(shipped.resolve("tmnist-r4-da-s0"));
        String home = System.getProperty("user.home");
        try {
            System.clearProperty(UserModels.MODELS_DIR_PROPERTY);
            System.clearProperty(UserModels.SHIPPED_PROPERTY);
            UserModels.prepare();
            assertEquals(null, System.getProperty(UserModels.MODELS_DIR_PROPERTY), "a checkout keeps ./models");

            System.setProperty("user.home", tmp.resolve("home").toString());
            System.setProperty(UserModels.SHIPPED_PROPERTY, shipped.toString());
            UserModels.prepare();
            Path user = Path.of(System.getProperty(UserModels.MODELS_DIR_PROPERTY));
            assertEquals(UserModels.userModelsDir(System.getenv(), System.getProperty("os.name"),
                    tmp.resolve("home")), user);
            assertTrue(ModelStore.isModel(user.resolve("tmnist-r4-da-s0")), "copied on first start");

            System.setProperty(UserModels.MODELS_DIR_PROPERTY, tmp.resolve("mine").toString());
            UserModels.prepare();
            assertEquals(tmp.resolve("mine").toString(), System.getProperty(UserModels.MODELS_DIR_PROPERTY),
                    "a directory the user names wins");
        } finally {
            System.setProperty("user.home", home);
            System.clearProperty(UserModels.MODELS_DIR_PROPERTY);
            System.clearProperty(UserModels.SHIPPED_PROPERTY);
        }
    }

    @Test
    void userDirectoryFollowsEachSystemsConvention() {
        Path home = Path.of("/home/ada");
        assertEquals(Path.of("/home/ada/.local/share/orbitscope/models"),
                UserModels.userModelsDir(Map.of(), "Linux", home));
        assertEquals(Path.of("/data/ada/orbitscope/models"),
                UserModels.userModelsDir(Map.of("XDG_DATA_HOME", "/data/ada"), "Linux", home));
        assertEquals(Path.of("/home/ada/.local/share/orbitscope/models"),
                UserModels.userModelsDir(Map.of("XDG_DATA_HOME", "relative"), "Linux", home),
                "a relative XDG_DATA_HOME is invalid and ignored");
        assertEquals(Path.of("/home/ada/Library/Application Support/Orbitscope/models"),
                UserModels.userModelsDir(Map.of(), "Mac OS X", home));
        assertEquals(Path.of("/home/ada/AppData/Local/Orbitscope/models"),
                UserModels.userModelsDir(Map.of(), "Windows 11", home));
    }

    /** The permission bit itself: the tests may run as root, for whom every file is writable. */
    private static boolean ownerWritable(Path p) throws IOException {
        return !Files.getFileStore(p).supportsFileAttributeView("posix") || Files.getPosixFilePermissions(p)
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
