package org.orbitscope.cli;

import picocli.CommandLine;

/** Reports the software version recorded in the jar manifest. */
public final class Version implements CommandLine.IVersionProvider {

    /** @return the project version, or {@code dev} when run from classes */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"orbitscope " + current()};
    }
}
