package org.orbitscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A stand-in for the launcher in tests: relaunches itself through {@link NativeEnvironment} as
 * {@link Launcher} does; the relaunched JVM writes its process id to {@code args[0]} and then either waits
 * (as a long training run would) or, with {@code args[1]} a number, exits with that status.
 */
public final class RelaunchProbe {

    private RelaunchProbe() {
    }

    /**
     * @param args the file for the process id, then {@code wait} or an exit status
     * @throws Exception if the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        NativeEnvironment.ensureFastPathOrRelaunch(RelaunchProbe.class, args);
        Path file = Path.of(args[0]);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        String relaunched = System.getenv(NativeEnvironment.RELAUNCHED) != null ? "relaunched" : "first";
        Files.writeString(tmp, ProcessHandle.current().pid() + " " + relaunched);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        if (args[1].equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        System.exit(Integer.parseInt(args[1]));
    }
}
