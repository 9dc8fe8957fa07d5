package org.orbitscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line. Exit codes: 0 on success, 2 with a one-line error on stderr (no stack
 * trace) for bad input or a file that cannot be read or written, 1 for an internal error.
 */
@Command(name = "orbitscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "See whether a network has learned genuine invariance or only looks invariant.",
        subcommands = {DataCommand.class, TrainCommand.class, ExportNpzCommand.class, ImportNpzCommand.class,
            ImportOnnxCommand.class,
            BenchCommand.class, EvaluateCommand.class, DriftCommand.class, SpectralCommand.class,
            TuneNuCommand.class, ReproduceModelsCommand.class, FigureCommand.class, EmbeddingCommand.class,
            TableCommand.class, FuzzCommand.class, LayersCommand.class, ProfileCommand.class, WorstCommand.class})
public final class Cli implements Runnable {

    /** Exit status for bad input (usage, files, settings). */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command.");
    }

    /**
     * Runs one command line.
     *
     * @param args arguments, starting with the sub-command
     * @return the exit status
     */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs one command line with the given output streams (for tests).
     *
     * @param out standard output
     * @param err standard error
     * @param args arguments
     * @return the exit status
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof OrbitscopeException) {
                commandLine.getErr().println("orbitscope: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            // a file operation no command turned into a sentence of its own is still the environment's
            // doing (a full disk, a read-only folder), not a fault of the program: one line, exit 2
            IOException io = ex instanceof IOException e ? e : ex instanceof UncheckedIOException u ? u.getCause()
                    : null;
            if (io != null) {
                commandLine.getErr().println("orbitscope: " + AtomicFiles.reason(io) + ".");
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            ex.getCommandLine().getErr().println("orbitscope: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }
}
