package org.orbitscope.app;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the native numeric libraries run on their fast path without the user knowing about it.
 *
 * <p>Two environment variables matter and must be set before the native libraries load, which is
 * before any Java code could set them: {@code OMP_WAIT_POLICY=PASSIVE} (otherwise OpenMP threads
 * busy-wait against the BLAS threads; on 2 cores steps are 4-6x slower) and
 * {@code OPENBLAS_CORETYPE} (the bundled OpenBLAS 0.3.19 detects recent Intel cores as a generic
 * "Prescott" core and runs GEMM at a fifth of the speed). When either is missing the launcher starts
 * the same JVM again, once, with them set. A user's own values always win; setting
 * {@code ORBITSCOPE_NO_RELAUNCH=1} disables the relaunch.
 *
 * <p>The relaunched JVM ends when its launcher does, however the launcher ends (even by {@code kill -9},
 * which runs no shutdown hook): it watches the launcher's process and exits as soon as that is gone, so a
 * training run never goes on as an orphan that nobody can see or stop.
 */
public final class NativeEnvironment {

    /** Guard against relaunch loops. */
    static final String RELAUNCHED = "ORBITSCOPE_RELAUNCHED";
    /** Process id of the launcher, for the relaunched JVM to watch. */
    static final String LAUNCHER_PID = "ORBITSCOPE_LAUNCHER_PID";
    /** How often the relaunched JVM checks that its launcher is alive, in milliseconds. */
    static final long WATCH_MILLIS = 250;
    /** How long shutdown may take once the launcher is gone before the JVM is halted, in milliseconds. */
    static final long EXIT_GRACE_MILLIS = 10_000;

    private NativeEnvironment() {
    }

    /**
     * @return the variables to add to the current environment (empty when nothing is missing)
     */
    public static Map<String, String> missing() {
        Map<String, String> env = System.getenv();
        Map<String, String> add = new LinkedHashMap<>();
        if (!env.containsKey("OMP_WAIT_POLICY")) {
            add.put("OMP_WAIT_POLICY", "PASSIVE");
        }
        if (!env.containsKey("OPENBLAS_CORETYPE")) {
            String core = CpuInfo.openBlasCoreType();
            if (core != null) {
                add.put("OPENBLAS_CORETYPE", core);
            }
        }
        return add;
    }

    /**
     * Relaunches the JVM with the missing variables set and exits with the child's status, or returns
     * at once if nothing is missing (or relaunching is disabled or impossible).
     *
     * @param mainClass the class whose {@code main} is re-run
     * @param args its arguments
     */
    public static void ensureFastPathOrRelaunch(Class<?> mainClass, String[] args) {
        Map<String, String> env = System.getenv();
        if (env.containsKey(RELAUNCHED)) {
            endWithLauncher(env.get(LAUNCHER_PID));
            return;
        }
        Map<String, String> add = missing();
        if (add.isEmpty() || "1".equals(env.get("ORBITSCOPE_NO_RELAUNCH"))) {
            return;
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(add);
        pb.environment().put(RELAUNCHED, "1");
        pb.environment().put(LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            System.exit(p.waitFor());
        } catch (Exception e) {
            // Fall back to running in this JVM: correct, only slower.
            System.err.println("orbitscope: could not relaunch with tuned native settings (" + e.getMessage()
                    + "); continuing without them.");
        }
    }

    /**
     * In the relaunched JVM: watches the launcher and exits once it is gone (it died, or this process was
     * handed to another parent because it did). Does nothing without a launcher's process id, or when the
     * launcher named is alive but is not this process's parent.
     *
     * @param launcherPid the launcher's process id, as passed in the environment, or null
     */
    static void endWithLauncher(String launcherPid) {
        long pid;
        try {
            pid = Long.parseLong(String.valueOf(launcherPid).trim());
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle launcher = ProcessHandle.of(pid).orElse(null);
        if (launcher == null || !launcher.isAlive()) {
            launcherGone(pid);
            return;
        }
        if (!isParent(pid)) {
            // the variables were inherited by a process the launcher did not start itself
            return;
        }
        Thread watch = new Thread(() -> {
            while (launcher.isAlive() && isParent(pid)) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            launcherGone(pid);
        }, "launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static boolean isParent(long pid) {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == pid;
    }

    private static void launcherGone(long pid) {
        System.err.println("orbitscope: the launching process " + pid + " has ended; stopping.");
        // Shutdown hooks run (a training run keeps its last saved epoch either way); should one of them
        // hang, the JVM is halted after the grace period.
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(1);
        }, "launcher-gone-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }
}
