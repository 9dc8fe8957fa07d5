package org.orbitscope;

/**
 * An error caused by the user's input or environment (a bad file, a bad setting), with a one-sentence
 * message that names the culprit. The command line prints it without a stack trace and exits with 2;
 * the app shows it in a dialog.
 */
public class OrbitscopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one sentence naming what is wrong and where
     */
    public OrbitscopeException(String message) {
        super(message);
    }

    /**
     * @param message one sentence naming what is wrong and where
     * @param cause the underlying exception, kept for logs
     */
    public OrbitscopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
