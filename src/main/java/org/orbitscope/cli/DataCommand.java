package org.orbitscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code orbitscope data}: commands about the datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect the datasets.",
        subcommands = {DataInfoCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command of 'data'.");
    }
}
