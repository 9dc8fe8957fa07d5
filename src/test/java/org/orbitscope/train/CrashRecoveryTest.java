package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/**
 * Kills a real training process with SIGKILL at arbitrary moments (between or during saves) and checks
 * that the model directory always loads and that the run resumes to completion.
 */
class CrashRecoveryTest {

    @TempDir
    Path tmp;

    private Path lastLog;

    private String log() {
        try {
            return Files.readString(lastLog);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private Process start(Path out, boolean resume) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.orbitscope.app.Launcher", "train"));
        if (resume) {
            cmd.addAll(List.of("--resume", "--out", out.toString()));
        } else {
            cmd.addAll(List.of("--method", "ir", "--epochs", "60", "--batch", "64", "--train-subset", "192",
                    "--monitor-samples", "4", "--sigma-samples", "1", "--out", out.toString()));
        }
        lastLog = tmp.resolve("log-" + System.nanoTime() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(lastLog.toFile());
        pb.environment().put("ORBITSCOPE_NO_RELAUNCH", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dorbitscope.data.dir=" + Path.of("data").toAbsolutePath());
        return pb.start();
    }

    private static int epochsSaved(Path dir) {
        try {
            return ModelStore.readCard(dir).history().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void killedRunLeavesALoadableModelAndResumes() throws Exception {
        Path out = tmp.resolve("m");
        Process p = start(out, false);
        int[] killAfter = {3, 9, 17};
        int last = 0;
        for (int i = 0; i < killAfter.length; i++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (epochsSaved(out) < killAfter[i] && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), () -> "training ended before it could be killed:\n" + log());
            // a few milliseconds later so that some kills land in the middle of an epoch or a save
            Thread.sleep(7L * i);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);

            StoredModel m = ModelStore.load(out);
            assertEquals(ModelCard.TRAINING, m.card().status());
            assertTrue(m.card().history().size() >= last, "history never goes back");
            last = m.card().history().size();
            assertTrue(m.parameters().allFinite());
            p = start(out, true);
        }
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "resumed run finishes");
        assertEquals(0, p.exitValue(), this::log);
        StoredModel done = ModelStore.load(out);
        assertEquals(ModelCard.COMPLETE, done.card().status());
        assertEquals(60, done.card().history().size());
        for (int e = 0; e < 60; e++) {
            assertEquals(e + 1, done.card().history().get(e).epoch());
        }
        assertTrue(!Files.exists(out.resolve(ModelStore.CHECKPOINT_DIR)));
    }
}
