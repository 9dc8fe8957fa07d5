package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.fuzz.Fuzzer;
import org.orbitscope.model.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzz}: long fuzzing runs of the file parsers, beyond the thousands of cases of the test suite. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Feed mutated IDX files, .npz archives, model directories and import-npz inputs to their "
                + "parsers, and write outputs onto a disk that fails at a random byte: each case must succeed "
                + "or fail with Orbitscope's own one-line error naming the file, never crash or hang, and a "
                + "failed write must leave the old file. Exit 1 if any case did not; the offending inputs "
                + "are written to --failures.")
final class FuzzCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", split = ",", defaultValue = "idx,npz,card,onnx,import,output",
            description = "Targets: idx, npz, card (model directories), onnx (import-onnx: the reader, the graph "
                    + "checks, a forward pass and a gradient), import (import-npz: an archive and its card), "
                    + "output (the file writers on a failing disk) (default: ${DEFAULT-VALUE}).")
    private List<String> targets;

    @Option(names = "--cases", defaultValue = "1000000",
            description = "Most cases per parser (default: ${DEFAULT-VALUE}).")
    private int cases;

    @Option(names = "--seconds", defaultValue = "60",
            description = "Longest time per parser (default: ${DEFAULT-VALUE}).")
    private long seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed repeats the same cases "
            + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--failures", description = "Directory for the inputs of failed cases (default: none kept).")
    private Path failuresDir;

    @Override
    public Integer call() throws Exception {
        if (cases < 1 || seconds < 1) {
            throw new OrbitscopeException("--cases and --seconds must be at least 1.");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("orbitscope-fuzz");
        int failed = 0;
        try {
            Fuzzer fuzzer = new Fuzzer(work);
            for (String t : targets) {
                Fuzzer.Target target;
                try {
                    target = Fuzzer.Target.valueOf(t.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new OrbitscopeException("Unknown fuzz target " + t
                            + "; use idx, npz, card, onnx, import or output.");
                }
                Fuzzer.Report r = fuzzer.run(target, seed, cases, seconds * 1000);
                out.println(r.summary());
                for (Fuzzer.Failure f : r.failures()) {
                    out.printf(Locale.ROOT, "  case %d: %s%n", f.index(), f.problem());
                    if (failuresDir != null) {
                        Path file = failuresDir.resolve(target.name().toLowerCase(Locale.ROOT) + "-" + f.index());
                        AtomicFiles.writeFile(file, f.input());
                        out.println("    input: " + file);
                    } else if (f.input().length <= 64) {
                        out.println("    input: " + HexFormat.of().formatHex(f.input()));
                    }
                }
                out.flush();
                failed += r.failureCount();
            }
        } finally {
            deleteTree(work);
        }
        return failed == 0 ? 0 : 1;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the system cleans it eventually
        }
    }
}
