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
 * {@code OPENBLAS_CORETYPE} (OpenBLAS 0.3.19 detected recent Intel cores as a generic
 * "Prescott" core and ran GEMM at a fifth of the speed). When either is missing the launcher starts
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
        String classPath = System.getProperty("java.class.path", "");
        // the desktop app wants JavaFX as named modules (JavaFX warns when it is loaded from the class path)
        ClassPathSplit split = args.length == 0 && !javafxIsNamed() ? ClassPathSplit.of(classPath) : null;
        boolean moveJavafx = split != null && !split.javafxModules().isEmpty();
        if (add.isEmpty() && !moveJavafx || "1".equals(env.get("ORBITSCOPE_NO_RELAUNCH"))) {
            return;
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (moveJavafx) {
            cmd.add("--module-path");
            cmd.add(String.join(File.pathSeparator, split.javafxModules()));
            cmd.add("--add-modules");
            cmd.add(JAVAFX_ROOTS);
            classPath = String.join(File.pathSeparator, split.rest());
        }
        cmd.add("-cp");
        cmd.add(classPath);
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

    /** The JavaFX modules the desktop app uses (the others they need are resolved from them). */
    static final String JAVAFX_ROOTS = "javafx.controls,javafx.swing";

    /** @return true if JavaFX is absent or already loaded as named modules (a runtime image, a module path) */
    static boolean javafxIsNamed() {
        try {
            return Class.forName("javafx.application.Platform", false, NativeEnvironment.class.getClassLoader())
                    .getModule().isNamed();
        } catch (ClassNotFoundException e) {
            return true;
        }
    }

    /**
     * A class path split into the JavaFX jars that are modules (they hold a {@code module-info.class}: the
     * platform jars such as {@code javafx-controls-21-linux.jar}) and everything else. JavaFX's empty
     * placeholder jars (no classes, only an automatic module name) stay with the rest: on the module path
     * they would clash with the real modules of the same name.
     *
     * @param javafxModules the JavaFX module jars, in class path order
     * @param rest the other entries, in class path order
     */
    record ClassPathSplit(List<String> javafxModules, List<String> rest) {

        static ClassPathSplit of(String classPath) {
            List<String> fx = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (String entry : classPath.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                if (entry.isEmpty()) {
                    continue;
                }
                if (isJavafxModule(entry)) {
                    fx.add(entry);
                } else {
                    rest.add(entry);
                    // java -jar: the jar's manifest names its libraries; the class path keeps them too, where
                    // the JavaFX modules of the module path take precedence over their copies
                    for (String listed : manifestClassPath(entry)) {
                        if (isJavafxModule(listed) && !fx.contains(listed)) {
                            fx.add(listed);
                        }
                    }
                }
            }
            return new ClassPathSplit(List.copyOf(fx), List.copyOf(rest));
        }

        /** @return the files a jar's manifest {@code Class-Path} names, resolved against the jar's folder */
        private static List<String> manifestClassPath(String entry) {
            if (!entry.endsWith(".jar")) {
                return List.of();
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
                java.util.jar.Manifest m = jar.getManifest();
                String cp = m == null ? null : m.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
                if (cp == null || cp.isBlank()) {
                    return List.of();
                }
                File dir = new File(entry).getAbsoluteFile().getParentFile();
                List<String> out = new ArrayList<>();
                for (String rel : cp.trim().split("\\s+")) {
                    out.add(new File(dir, rel).getPath());
                }
                return out;
            } catch (java.io.IOException | IllegalArgumentException e) {
                return List.of();
            }
        }

        private static boolean isJavafxModule(String entry) {
            String name = new File(entry).getName();
            if (!name.startsWith("javafx-") || !name.endsWith(".jar")) {
                return false;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
                return jar.getEntry("module-info.class") != null;
            } catch (java.io.IOException e) {
                return false;
            }
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
