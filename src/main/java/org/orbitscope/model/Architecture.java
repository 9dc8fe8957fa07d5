package org.orbitscope.model;

import java.util.Arrays;
import org.orbitscope.group.Group;

/**
 * The shape of a network: layer widths and, for a weight-tied (WT) model, the group its first layer is
 * pooled over.
 *
 * @param sizes layer widths, input first, logits last
 * @param tiedGroup the group of a weight-tied first layer, or {@code null} for a plain MLP
 * @param pooling how the weight-tied layer pools over the orbit (ignored for a plain MLP)
 */
public record Architecture(int[] sizes, Group tiedGroup, Pooling pooling) {

    /** Validates the widths. */
    public Architecture {
        sizes = sizes.clone();
        if (sizes.length < 2) {
            throw new IllegalArgumentException("need at least input and output widths");
        }
        if (tiedGroup != null && tiedGroup.pixels() != sizes[0]) {
            throw new IllegalArgumentException("group " + tiedGroup.id() + " acts on " + tiedGroup.pixels()
                    + " pixels but the input has " + sizes[0]);
        }
        if (pooling == null) {
            pooling = Pooling.MAX;
        }
    }

    /**
     * @param sizes layer widths
     * @return a plain MLP
     */
    public static Architecture plain(int[] sizes) {
        return new Architecture(sizes, null, Pooling.MAX);
    }

    /**
     * @param sizes layer widths
     * @param group group of the tied first layer
     * @param pooling pooling over the orbit
     * @return a weight-tied MLP
     */
    public static Architecture weightTied(int[] sizes, Group group, Pooling pooling) {
        return new Architecture(sizes, group, pooling);
    }

    /** @return true for a weight-tied first layer */
    public boolean weightTied() {
        return tiedGroup != null;
    }

    /** @return number of layers */
    public int layers() {
        return sizes.length - 1;
    }

    /** @return input width */
    public int inputs() {
        return sizes[0];
    }

    /** @return number of logits */
    public int outputs() {
        return sizes[sizes.length - 1];
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture a && Arrays.equals(sizes, a.sizes) && tiedGroup == a.tiedGroup
                && pooling == a.pooling;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes) * 31 + (tiedGroup == null ? 0 : tiedGroup.hashCode()) + pooling.hashCode();
    }

    @Override
    public String toString() {
        return "Architecture" + Arrays.toString(sizes) + (tiedGroup == null ? "" : " tied over " + tiedGroup.id()
                + " (" + pooling.name().toLowerCase() + ")");
    }
}
