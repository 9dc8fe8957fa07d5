package org.orbitscope.analysis.probe;

import java.util.Arrays;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.group.Group;

/**
 * A transformation of the 36 x 36 image beyond a group's own elements: a rotation by any angle (bilinear
 * interpolation, see {@link Interpolation}) or a cyclic shift of the columns by any number of pixels. Where a
 * transformation equals an element of a group (the same pixel permutation: R4 at multiples of 90 degrees,
 * T3 at shifts by multiples of 12), {@link #on(Group)} applies that element's exact permutation instead.
 * Validates itself.
 *
 * @param kind rotation or shift
 * @param amount degrees counter-clockwise for a rotation (finite); pixels to the right for a shift (a whole
 *     number)
 */
public record Transform(Kind kind, double amount) {

    /** What a transformation does. */
    public enum Kind {
        /** Rotation about the image centre, counter-clockwise, in degrees. */
        ROTATION,
        /** Cyclic shift of the columns to the right, in pixels. */
        SHIFT
    }

    /** The identity. */
    public static final Transform IDENTITY = new Transform(Kind.ROTATION, 0);

    /** Checks the amount. */
    public Transform {
        if (kind == null) {
            throw new OrbitscopeException("A transformation needs a kind: rotation or shift.");
        }
        if (!Double.isFinite(amount)) {
            throw new OrbitscopeException("The " + kind.name().toLowerCase(Locale.ROOT) + " amount must be a finite "
                    + "number, got " + amount + ".");
        }
        if (kind == Kind.SHIFT && amount != Math.rint(amount)) {
            throw new OrbitscopeException("A shift is a whole number of pixels, got " + amount + ".");
        }
    }

    /**
     * @param degrees counter-clockwise angle
     * @return the rotation
     */
    public static Transform rotation(double degrees) {
        return new Transform(Kind.ROTATION, degrees);
    }

    /**
     * @param pixels columns to the right (negative: to the left)
     * @return the cyclic shift
     */
    public static Transform shift(int pixels) {
        return new Transform(Kind.SHIFT, pixels);
    }

    /** @return the inverse transformation: the rotation by minus the angle, or the opposite shift */
    public Transform inverse() {
        return new Transform(kind, amount == 0 ? 0 : -amount);
    }

    /**
     * @return true if the transformation maps pixel centres onto pixel centres (a rotation by a multiple of 90
     *     degrees, or any shift), so that it is a pixel permutation
     */
    public boolean isPermutation() {
        return kind == Kind.SHIFT || amount % 90 == 0;
    }

    /**
     * @param side image side
     * @return the gather permutation of this transformation, {@code out[i] = src[p[i]]}
     * @throws IllegalStateException if it is not a permutation
     */
    int[] permutation(int side) {
        if (!isPermutation()) {
            throw new IllegalStateException(this + " is not a pixel permutation");
        }
        return kind == Kind.ROTATION ? Interpolation.permutation(side, (int) Math.floorMod((long) (amount / 90), 4L),
                0, true) : Interpolation.permutation(side, 0, (int) amount, false);
    }

    /**
     * @param group a group acting on the images, or null
     * @return the element of the group with the same pixel permutation as this transformation, or -1 if
     *     there is none
     */
    public int elementIn(Group group) {
        if (group == null || !isPermutation()) {
            return -1;
        }
        int[] p = permutation(group.side());
        for (int g = 0; g < group.order(); g++) {
            if (Arrays.equals(group.permutation(g), p)) {
                return g;
            }
        }
        return -1;
    }

    /**
     * This transformation as it acts on images next to a group: the group element's exact permutation where
     * it is one, else the interpolation or shift.
     *
     * @param group the model's group, or null
     * @return the action
     */
    public Action on(Group group) {
        return new Action(this, group, elementIn(group));
    }

    /**
     * Applies the transformation by interpolation or shifting alone, without looking for a group element.
     *
     * @param image {@code side x side} values
     * @param side the side
     * @param fill the value outside the image (rotations only)
     * @return the transformed image
     */
    public float[] resample(float[] image, int side, float fill) {
        return kind == Kind.ROTATION ? Interpolation.rotate(image, side, amount, fill)
                : Interpolation.roll(image, side, (int) amount);
    }

    /** @return a short label: {@code 45°} or {@code +5 px} */
    public String label() {
        String n = amount == Math.rint(amount) ? Long.toString((long) amount)
                : String.format(Locale.ROOT, "%.4g", amount).replaceAll("\\.?0+$", "");
        return kind == Kind.ROTATION ? n + "°" : (amount >= 0 ? "+" : "") + n + " px";
    }

    @Override
    public String toString() {
        return (kind == Kind.ROTATION ? "rotation " : "shift ") + label();
    }

    /**
     * A transformation bound to a group: applies the group element where the transformation is one.
     */
    public static final class Action {

        private final Transform transform;
        private final Group group;
        private final int element;

        private Action(Transform transform, Group group, int element) {
            this.transform = transform;
            this.group = group;
            this.element = element;
        }

        /** @return the transformation */
        public Transform transform() {
            return transform;
        }

        /** @return the group element applied exactly, or -1 when the transformation is interpolated */
        public int element() {
            return element;
        }

        /**
         * Applies the transformation to one image of a batch.
         *
         * @param src source values
         * @param srcOff offset of the {@code side x side} image
         * @param side the side (the group's, when there is a group)
         * @param fill the value outside the image (interpolated rotations only)
         * @param dst destination, not overlapping the source image
         * @param dstOff offset in the destination
         */
        public void apply(float[] src, int srcOff, int side, float fill, float[] dst, int dstOff) {
            if (element >= 0) {
                group.apply(element, src, srcOff, dst, dstOff);
            } else if (transform.kind() == Kind.ROTATION) {
                Interpolation.rotate(src, srcOff, side, transform.amount(), fill, dst, dstOff);
            } else {
                Interpolation.roll(src, srcOff, side, (int) transform.amount(), dst, dstOff);
            }
        }

        /**
         * @param image {@code side x side} values
         * @param side the side
         * @param fill the value outside the image
         * @return a new, transformed image
         */
        public float[] apply(float[] image, int side, float fill) {
            if (image.length != side * side) {
                throw new IllegalArgumentException("image has " + image.length + " values, not " + side + " x "
                        + side);
            }
            float[] out = new float[image.length];
            apply(image, 0, side, fill, out, 0);
            return out;
        }
    }
}
