package org.orbitscope.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orbitscope.OrbitscopeException;

/**
 * Says in a researcher's words what is wrong with a JSON file (a model card, a checkpoint state) that the
 * JSON library could not read: where the text stops being JSON, which field is missing, which value has the
 * wrong type. No class names, no library settings.
 */
public final class JsonErrors {

    private static final Pattern MISSING = Pattern.compile("Missing (?:creator|required creator) property '([^']*)'");

    private JsonErrors() {
    }

    /**
     * @param e what the JSON library threw
     * @return a clause for after {@code "<file>: "}, without a final period, e.g. {@code the field "config" is
     *     missing} or {@code the JSON ends early at line 3 (the file is cut short)}
     */
    public static String describe(JsonProcessingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof OrbitscopeException) {
                // a record that validates itself said what is wrong in its own words
                return where(e, "") + stripPeriod(t.getMessage());
            }
        }
        if (e instanceof JsonEOFException) {
            return "the JSON ends early" + line(e.getLocation()) + " (the file is cut short)";
        }
        if (e instanceof InputCoercionException) {
            return "the number" + line(e.getLocation()) + " is out of range";
        }
        if (!(e instanceof JsonMappingException m)) {
            return "it is not valid JSON" + lineAndColumn(e.getLocation());
        }
        String field = path(m);
        String message = String.valueOf(e.getOriginalMessage());
        Matcher missing = MISSING.matcher(message);
        if (missing.find()) {
            String name = missing.group(1);
            // the path may or may not end with the missing field's own name
            if (!field.isEmpty() && !field.equals(name) && !field.endsWith("." + name)) {
                name = field + "." + name;
            } else if (!field.isEmpty()) {
                name = field;
            }
            return "the field \"" + name + "\" is missing";
        }
        if (e.getCause() instanceof InputCoercionException) {
            return "the field \"" + field + "\" holds a number out of range";
        }
        if (message.startsWith("Cannot map `null`")) {
            return "the field \"" + field + "\" is null, but must be " + kind(targetType(e));
        }
        if (e instanceof InvalidFormatException f) {
            return "the field \"" + field + "\" has the value " + quote(f.getValue()) + ", but must be "
                    + kind(f.getTargetType());
        }
        if (e instanceof MismatchedInputException mi) {
            return field.isEmpty() ? "it is not a JSON object"
                    : "the field \"" + field + "\" has the wrong type: it must be " + kind(mi.getTargetType());
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return where(e, field) + stripPeriod(cause.getMessage());
        }
        return field.isEmpty() ? "it does not have the expected structure"
                : "the field \"" + field + "\" does not have the expected structure";
    }

    private static Class<?> targetType(JsonProcessingException e) {
        return e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
    }

    private static String where(JsonProcessingException e, String field) {
        String f = field;
        if (f.isEmpty() && e instanceof JsonMappingException m) {
            f = path(m);
        }
        return f.isEmpty() ? "" : "field \"" + f + "\": ";
    }

    /** @return the field's path in the document, e.g. {@code config.sizes[2]}, or empty at the top */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(OrbitscopeException.printable(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type) || List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another kind of value";
    }

    private static String quote(Object value) {
        String s = OrbitscopeException.printable(String.valueOf(value));
        return value instanceof String ? "\"" + s + "\"" : s;
    }

    private static String line(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr();
    }

    private static String lineAndColumn(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String stripPeriod(String s) {
        String t = String.valueOf(s).strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
