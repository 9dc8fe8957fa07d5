package org.orbitscope.data;

import org.orbitscope.OrbitscopeException;

/**
 * An IDX file (or a dataset directory of IDX files) that cannot be used: missing, unreadable,
 * malformed or inconsistent. The message names the file and the problem in one sentence.
 */
public class IdxFormatException extends OrbitscopeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one sentence naming the file and what is wrong with it
     */
    public IdxFormatException(String message) {
        super(message);
    }

    /**
     * @param message one sentence naming the file and what is wrong with it
     * @param cause the underlying exception, kept for logs
     */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
