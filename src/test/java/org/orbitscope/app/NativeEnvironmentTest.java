package org.orbitscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relaunch of the JVM with the native settings, with real processes: statuses pass through, no orphans. */
class NativeEnvironmentTest {

    @TempDir
    Path tmp;

    /** Starts {@link RelaunchProbe} in a JVM of its own, with an environment that makes it relaunch. */
    private Process launch(Path pidFile, String mode, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), RelaunchProbe.class.getName(), pidFile.toString(), mode))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("OMP_WAIT_POLICY");
        env.remove("ORBITSCOPE_NO_RELAUNCH");
        env.remove(NativeEnvironment.RELAUNCHED);
        env.remove(NativeEnvironment.LAUNCHER_PID);
        return pb.start();
    }

    /** Waits for the relaunched JVM to say who it is. */
    private static ProcessHandle relaunched(Path pidFile, Process launcher, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile)) {
            assertTrue(System.nanoTime() < end, "the relaunched JVM started: " + Files.readString(log));
            Thread.sleep(50);
        }
        String[] said = Files.readString(pidFile).split(" ");
        assertEquals("relaunched", said[1], "the probe ran in the relaunched JVM");
        ProcessHandle child = ProcessHandle.of(Long.parseLong(said[0])).orElseThrow();
        assertEquals(launcher.pid(), child.parent().map(ProcessHandle::pid).orElse(-1L), "started by the launcher");
        return child;
    }

    @Test
    void theLauncherExitsWithTheStatusOfTheRelaunchedJvm() throws Exception {
        Path pidFile = tmp.resolve("pid");
        Path log = tmp.resolve("log");
        Process launcher = launch(pidFile, "7", log);
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        assertEquals("relaunched", Files.readString(pidFile).split(" ")[1], "the probe ran in the relaunched JVM");
        assertEquals(7, launcher.exitValue(), Files.readString(log));
    }

    @Test
    void theRelaunchedJvmEndsWhenItsLauncherIsKilled() throws Exception {
        Path pidFile = tmp.resolve("pid");
        Path log = tmp.resolve("log");
        Process launcher = launch(pidFile, "wait", log);
        ProcessHandle child = null;
        try {
            child = relaunched(pidFile, launcher, log);
            launcher.destroyForcibly();
            assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "the launcher was killed");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (child.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertFalse(child.isAlive(), "the relaunched JVM " + child.pid() + " still runs after its launcher "
                    + launcher.pid() + " was killed");
            assertTrue(Files.readString(log).contains("the launching process " + launcher.pid() + " has ended"),
                    Files.readString(log));
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            launcher.destroyForcibly();
        }
    }
}
