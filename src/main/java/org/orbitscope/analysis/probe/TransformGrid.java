package org.orbitscope.analysis.probe;

import java.util.ArrayList;
import java.util.List;
import org.orbitscope.OrbitscopeException;

/**
 * The transformations a profile visits, written as {@code start:end:step} (end excluded, like Python's
 * {@code range}: {@code 0:360:5} is 0, 5, ..., 355 degrees and {@code 0:36:1} every one of the 36 shifts) or
 * as a comma-separated list ({@code 0,45,90}).
 */
public final class TransformGrid {

    /** The most transformations one grid may hold. */
    public static final int MAX_POINTS = 3600;

    /** The default rotation grid: every 5 degrees. */
    public static final String DEFAULT_ANGLES = "0:360:5";
    /** The default shift grid: all 36 shifts of a 36-pixel-wide image. */
    public static final String DEFAULT_SHIFTS = "0:36:1";

    private TransformGrid() {
    }

    /**
     * @param spec {@code start:end:step} or {@code a,b,c}
     * @param kind rotation (degrees) or shift (whole pixels)
     * @return the transformations in order
     * @throws OrbitscopeException naming the problem for a malformed, empty, too long or non-integer (shift) grid
     */
    public static List<Transform> parse(String spec, Transform.Kind kind) {
        String what = kind == Transform.Kind.ROTATION ? "angles" : "shifts";
        if (spec == null || spec.isBlank()) {
            throw new OrbitscopeException("The " + what + " are empty; write start:end:step, e.g. "
                    + (kind == Transform.Kind.ROTATION ? DEFAULT_ANGLES : DEFAULT_SHIFTS) + ".");
        }
        List<Double> values = new ArrayList<>();
        String s = spec.trim();
        if (s.contains(":")) {
            String[] p = s.split(":", -1);
            if (p.length != 3) {
                throw new OrbitscopeException("The " + what + " '" + spec + "' must be start:end:step, e.g. "
                        + (kind == Transform.Kind.ROTATION ? DEFAULT_ANGLES : DEFAULT_SHIFTS) + ".");
            }
            double start = number(p[0], spec, what);
            double end = number(p[1], spec, what);
            double step = number(p[2], spec, what);
            if (!(step > 0)) {
                throw new OrbitscopeException("The step of the " + what + " '" + spec + "' must be > 0.");
            }
            if (!(end > start)) {
                throw new OrbitscopeException("The " + what + " '" + spec + "' must end after they start.");
            }
            double count = Math.ceil((end - start) / step - 1e-9);
            if (count > MAX_POINTS) {
                throw new OrbitscopeException("The " + what + " '" + spec + "' give " + (long) count
                        + " points; at most " + MAX_POINTS + " are allowed.");
            }
            for (int i = 0; i < count; i++) {
                // computed from the index, not accumulated, and rounded to 1e-9, so that 0:360:0.1 lands on
                // 90, 180 and 270 exactly
                values.add(Math.rint((start + i * step) * 1e9) / 1e9);
            }
        } else {
            for (String part : s.split(",")) {
                values.add(number(part, spec, what));
            }
            if (values.size() > MAX_POINTS) {
                throw new OrbitscopeException("The " + what + " list has " + values.size() + " points; at most "
                        + MAX_POINTS + " are allowed.");
            }
        }
        List<Transform> out = new ArrayList<>(values.size());
        for (double v : values) {
            if (kind == Transform.Kind.SHIFT) {
                if (v != Math.rint(v)) {
                    throw new OrbitscopeException("Shifts are whole pixels; '" + spec + "' gives " + v + ".");
                }
                out.add(Transform.shift((int) v));
            } else {
                out.add(Transform.rotation(v));
            }
        }
        return List.copyOf(out);
    }

    private static double number(String text, String spec, String what) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new OrbitscopeException("'" + text.trim() + "' in the " + what + " '" + spec + "' is not a number.");
        }
    }
}
