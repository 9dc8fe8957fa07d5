package org.orbitscope.analysis.layers;

import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/**
 * How a unit's orbit variance is normalized (see {@code docs/METRICS.md}, "Layer invariance").
 *
 * @param denominator what the orbit variance of a unit is divided by
 */
public record LayerSettings(Denominator denominator) {

    /** The default: the variance over every evaluated orbit point, which bounds the measure to [0, 1]. */
    public static final LayerSettings DEFAULT = new LayerSettings(Denominator.TOTAL);

    /** What a unit's orbit variance {@code O} is divided by. */
    public enum Denominator {
        /**
         * {@code T}, the unit's variance over all samples x group elements. {@code T = O + B} (law of total
         * variance, {@code B} the variance of the orbit means), so {@code O / T} is the share of the unit's
         * variance that comes from moving along orbits: 0 for an invariant unit, 1 for a unit that encodes
         * only the group element.
         */
        TOTAL("total"),
        /**
         * {@code S}, the unit's variance over the samples at each fixed group element, averaged over the
         * elements: the normalization of tmeasures' normalized variance (with variances, not standard
         * deviations). Not bounded by 1.
         */
        PER_ELEMENT("per-element"),
        /** None: the orbit variance itself, in squared activation units (summed over the logits it is LI). */
        NONE("none");

        private final String id;

        Denominator(String id) {
            this.id = id;
        }

        /** @return the id used on the command line and in exports, e.g. {@code per-element} */
        public String id() {
            return id;
        }

        /**
         * @param id {@code total}, {@code per-element} or {@code none} (case-insensitive)
         * @return the denominator
         * @throws OrbitscopeException naming the choices if there is none of that id
         */
        public static Denominator byId(String id) {
            for (Denominator d : values()) {
                if (d.id.equalsIgnoreCase(String.valueOf(id).trim())
                        || d.name().equalsIgnoreCase(String.valueOf(id).trim())) {
                    return d;
                }
            }
            throw new OrbitscopeException("Unknown normalization '" + id + "': expected total, per-element or none.");
        }

        /** @return a short description for labels and exports */
        public String describe() {
            return switch (this) {
                case TOTAL -> "orbit variance / variance over all orbit points";
                case PER_ELEMENT -> "orbit variance / variance over samples per group element";
                case NONE -> "orbit variance (unnormalized)";
            };
        }

        @Override
        public String toString() {
            return id.toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the setting is present. */
    public LayerSettings {
        if (denominator == null) {
            throw new OrbitscopeException("The layer-invariance normalization is missing.");
        }
    }

    /** @return true when values are ratios (dimensionless), false for the unnormalized orbit variance */
    public boolean normalized() {
        return denominator != Denominator.NONE;
    }
}
