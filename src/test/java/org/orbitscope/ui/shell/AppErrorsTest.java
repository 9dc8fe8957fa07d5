package org.orbitscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.train.TrainingResult;
import org.orbitscope.ui.train.TrainingTask;

/**
 * Bad input in the app: each fault shows a dialog with our one-sentence message (naming the file and the
 * problem) and the window stays usable.
 */
class AppErrorsTest {

    @TempDir
    static Path tmp;

    private static WindowFixture fixture;
    private static MainWindow window;
    private static Path models;
    private static Path good;

    private static ModelConfig tiny(ModelKind kind, double nu) {
        return new ModelConfig(kind, "tmnist", "r4", 0, 1, 2, 64, 2e-3, Regularizer.L2, nu, Pooling.MAX,
                new int[] {1296, 16, 9}, 8, 1, 192);
    }

    @BeforeAll
    static void open() throws Exception {
        models = tmp.resolve("models");
        TransformingDataset data = TransformingDataset.load(DatasetId.TMNIST, 0);
        good = tmp.resolve("elsewhere").resolve("good");
        new Trainer(tiny(ModelKind.DA, 1), data).train(good, new TrainingListener() { });
        // the models directory: one model and one whose card was cut short by a crashed copy
        copy(good, models.resolve("da-ok"));
        Path broken = copy(good, models.resolve("da-broken"));
        byte[] card = Files.readAllBytes(broken.resolve(ModelStore.CARD));
        Files.write(broken.resolve(ModelStore.CARD), java.util.Arrays.copyOf(card, card.length / 2));
        fixture = new WindowFixture(models, 1100, 750);
        window = fixture.window;
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void closeDialogs() throws Exception {
        onFx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane) {
                    ((Stage) w).close();
                }
            }
            return null;
        });
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** @return the texts of the error dialogs now showing */
    private static List<String> dialogs() throws Exception {
        return onFx(() -> Window.getWindows().stream()
                .filter(w -> w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> ((DialogPane) w.getScene().getRoot()).getContentText()).toList());
    }

    private static String awaitDialog(String what) throws Exception {
        waitFor(what + " dialog", Duration.ofSeconds(30), () -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane));
        List<String> texts = dialogs();
        assertEquals(1, texts.size(), texts.toString());
        return texts.get(0);
    }

    /** The window still answers: the library lists what it listed, and a good folder still opens. */
    private static void assertUsable(int listed) throws Exception {
        assertEquals(listed, (int) onFx(() -> window.library().entries().size()));
        assertTrue(onFx(() -> window.node().getScene().getWindow().isShowing()));
    }

    @Test
    void unreadableModelsInTheModelsDirectoryAreNamedNotHidden() throws Exception {
        waitFor("the library scan", Duration.ofSeconds(10), () -> window.library().entries().size() >= 1);
        String skipped = onFx(() -> window.library().skippedText());
        assertTrue(skipped.startsWith("1 folder skipped"), skipped);
        assertTrue(skipped.contains(models.resolve("da-broken").resolve(ModelStore.CARD).toString()), skipped);
        assertTrue(dialogs().isEmpty(), "a scan never pops up dialogs");
    }

    @Test
    void openingADamagedOrEmptyFolderShowsWhyAndChangesNothing() throws Exception {
        waitFor("the library scan", Duration.ofSeconds(10), () -> window.library().entries().size() >= 1);
        int listed = onFx(() -> window.library().entries().size());

        Path tampered = copy(good, tmp.resolve("tampered"));
        ModelCard card = ModelStore.readCard(tampered);
        byte[] w = Files.readAllBytes(tampered.resolve(card.weightsFile()));
        w[w.length - 100] ^= 1;
        Files.write(tampered.resolve(card.weightsFile()), w);
        onFx(() -> window.openModelFolder(tampered)).get(30, TimeUnit.SECONDS);
        String text = awaitDialog("checksum");
        assertTrue(text.contains(tampered.resolve(card.weightsFile()).toString()), text);
        assertTrue(text.contains("checksum does not match the model card"), text);
        closeDialogs();
        assertUsable(listed);

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        onFx(() -> window.openModelFolder(empty)).get(30, TimeUnit.SECONDS);
        text = awaitDialog("no card");
        assertTrue(text.startsWith(empty + ": not a model directory"), text);
        closeDialogs();
        assertUsable(listed);

        onFx(() -> window.openModelFolder(good)).get(30, TimeUnit.SECONDS);
        assertTrue(dialogs().isEmpty(), dialogs().toString());
        assertUsable(listed + 1);
    }

    @Test
    void aRunThatCannotStartOrDivergesIsReportedInADialog() throws Exception {
        Path busy = tmp.resolve("busy");
        try (ModelStore.WriteLock other = ModelStore.lockForWriting(busy)) {
            TrainingTask task = onFx(() -> window.training().start(tiny(ModelKind.DA, 1), busy));
            String text = awaitDialog("busy directory");
            assertEquals(busy + " is being written by another training run.", text);
            assertTrue(task.isDone());
        }
        closeDialogs();

        TrainingTask task = onFx(() -> window.training().start(tiny(ModelKind.IR, 1e300), tmp.resolve("div")));
        TrainingResult r = task.get(60, TimeUnit.SECONDS);
        assertEquals(ModelCard.DIVERGED, r.status());
        String text = awaitDialog("divergence");
        assertTrue(text.startsWith("Training diverged at epoch 1"), text);
    }

    @Test
    void exportToAnUnwritablePlaceShowsTheFileAndTheReason() throws Exception {
        Path nowhere = tmp.resolve("no-such-dir").resolve("figure.png");
        try {
            onFx(() -> window.exportPng(1, nowhere)).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // the future fails; the user sees the dialog
        }
        String text = awaitDialog("export");
        assertTrue(text.contains(nowhere.toString()), text);
        assertTrue(!Files.exists(nowhere));
    }
}
