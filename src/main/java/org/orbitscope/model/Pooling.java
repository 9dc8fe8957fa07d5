package org.orbitscope.model;

/** How a weight-tied first layer pools its responses over the group orbit (SPEC section 3). */
public enum Pooling {
    /** Element-wise maximum over the orbit (the default). */
    MAX,
    /** Element-wise mean over the orbit. */
    MEAN
}
