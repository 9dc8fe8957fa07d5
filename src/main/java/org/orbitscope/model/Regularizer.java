package org.orbitscope.model;

import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/** The invariance regularizers R(f(x), f(gx)) of SPEC section 4. */
public enum Regularizer {
    /** Logit invariance {@code 0.5 ||f(x) - f(gx)||^2} (the paper's default). */
    L2,
    /** Distribution invariance {@code KL(softmax f(x) || softmax f(gx))}. */
    KL,
    /** Normalized logit invariance {@code ||f(x) - f(gx)||^2 / ||f(x)||^2}. */
    L2NORM;

    /** @return the command-line name, e.g. {@code l2norm} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code l2}, {@code kl} or {@code l2norm}
     * @return the regularizer
     */
    public static Regularizer byId(String id) {
        for (Regularizer r : values()) {
            if (r.id().equalsIgnoreCase(id)) {
                return r;
            }
        }
        throw new OrbitscopeException("Unknown regularizer '" + id + "': expected l2, kl or l2norm.");
    }
}
