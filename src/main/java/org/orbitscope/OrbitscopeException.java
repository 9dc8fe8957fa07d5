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

    /**
     * Text taken from a file (an entry name, a JSON value) made safe to quote in a one-line message: line
     * breaks and other control characters are shown escaped, and long text is cut.
     *
     * @param text the text, or null
     * @return a printable form of at most about 80 characters
     */
    public static String printable(String text) {
        return printable(text, 80);
    }

    /**
     * As {@link #printable(String)}, cut after {@code max} characters.
     *
     * @param text the text, or null
     * @param max the length after which the text is cut, with "..." appended
     * @return a printable form
     */
    public static String printable(String text, int max) {
        String s = String.valueOf(text);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= max) {
                return sb + "...";
            }
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
