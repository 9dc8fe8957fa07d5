package org.orbitscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One command-line run in this JVM, as a test sees it.
 *
 * @param status exit status
 * @param out standard output
 * @param err standard error
 */
record CliRun(int status, String out, String err) {

    /**
     * @param args the arguments, sub-command first
     * @return what the run printed and returned
     */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
