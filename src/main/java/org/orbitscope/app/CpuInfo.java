package org.orbitscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the CPU's instruction-set flags to pick the OpenBLAS kernel family. */
final class CpuInfo {

    private CpuInfo() {
    }

    /**
     * @return {@code SkylakeX} on AVX-512 CPUs, which OpenBLAS 0.3.19 misdetected as a generic core (0.3.31
     *     runs as fast with it as with its own choice); otherwise {@code null}, to let OpenBLAS decide
     */
    static String openBlasCoreType() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return null;
        }
        String flags = flags();
        if (flags == null) {
            return null;
        }
        if (flags.contains(" avx512f ") && flags.contains(" avx512bw ") && flags.contains(" avx512vl ")) {
            return "SkylakeX";
        }
        // Other CPUs: OpenBLAS's own detection picks correctly (measured on an AVX2 AMD EPYC, where
        // forcing Haswell was slower than the detected kernels).
        return null;
    }

    private static String flags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
