package org.orbitscope.model.onnx;

import org.orbitscope.OrbitscopeException;

/** An ONNX file that cannot be read or run, said in one sentence (the command line exits with 2). */
public final class OnnxException extends OrbitscopeException {

    private static final long serialVersionUID = 1L;

    /**
     * Names, operator types and domains in the message come from the file and may hold any character:
     * control characters are shown escaped, so that the message stays one line whatever the file holds.
     *
     * @param message what is wrong, naming the node or field where it applies
     */
    public OnnxException(String message) {
        super(printable(message, Integer.MAX_VALUE));
    }
}
