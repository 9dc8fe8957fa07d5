package org.orbitscope.analysis.probe;

import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;

/**
 * Where a dataset puts its objects in the image, so that a drawing or an imported picture is framed the way
 * the network saw its training data. MNIST scales each digit to fit a 20 x 20 box (aspect ratio kept) and
 * places it so that its centre of mass is at the centre of the 28 x 28 field; Fashion-MNIST scales each
 * product so that its longer side fills the 28 x 28 field and centres its bounding box. Both datasets are then
 * zero-padded by 4 pixels to 36 x 36 (SPEC section 1).
 *
 * @param box side of the box the object's longer side is scaled to, in pixels, 1..field
 * @param field side of the source field, in pixels (28)
 * @param centring how the object is placed in the field
 * @param pad zero padding on every side, in pixels (4)
 */
public record DigitGeometry(int box, int field, Centring centring, int pad) {

    /** How the object is placed in its field. */
    public enum Centring {
        /** Its centre of mass (pixel values as weights) at the field's centre (MNIST). */
        CENTER_OF_MASS,
        /** Its bounding box centred in the field (Fashion-MNIST). */
        BOUNDING_BOX
    }

    /** MNIST's: 20 x 20 box, centre of mass at the centre of 28 x 28, padded to 36 x 36. */
    public static final DigitGeometry MNIST = new DigitGeometry(20, 28, Centring.CENTER_OF_MASS, 4);
    /** Fashion-MNIST's: the longer side fills 28 x 28, bounding box centred, padded to 36 x 36. */
    public static final DigitGeometry FASHION = new DigitGeometry(28, 28, Centring.BOUNDING_BOX, 4);

    /** Checks the sizes. */
    public DigitGeometry {
        if (field < 1 || box < 1 || box > field || pad < 0 || centring == null) {
            throw new OrbitscopeException("A digit geometry needs 1 <= box <= field, pad >= 0 and a centring; got box "
                    + box + ", field " + field + ", pad " + pad + ".");
        }
    }

    /**
     * @param id a dataset
     * @return the geometry of its images
     */
    public static DigitGeometry of(DatasetId id) {
        return id == DatasetId.TFMNIST ? FASHION : MNIST;
    }

    /** @return the side of the padded image, {@code field + 2 * pad} (36) */
    public int side() {
        return field + 2 * pad;
    }
}
