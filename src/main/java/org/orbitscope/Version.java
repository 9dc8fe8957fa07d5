package org.orbitscope;

/**
 * The software version recorded in model cards and printed by {@code --version}: below every package
 * that needs it, so that training, import and the command line name the same version without depending
 * on one another.
 */
public final class Version {

    private Version() {
    }

    /** @return the project version from the jar manifest, or {@code dev} when run from classes */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
