package org.orbitscope.cli;

import org.orbitscope.Version;
import picocli.CommandLine;

/** Answers {@code --version} with the software version recorded in the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"orbitscope " + Version.current()};
    }
}
