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
 */
public final class NativeEnvironment {

    /** Guard against relaunch loops. */
    static final String RELAUNCHED = "ORBITSCOPE_RELAUNCHED";

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
        Map<String, String> add = missing();
        Map<String, String> env = System.getenv();
        if (add.isEmpty() || env.containsKey(RELAUNCHED) || "1".equals(env.get("ORBITSCOPE_NO_RELAUNCH"))) {
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
}
