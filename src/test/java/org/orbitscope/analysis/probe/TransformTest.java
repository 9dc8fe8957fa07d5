package org.orbitscope.analysis.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.group.Groups;

/** Rotations by any angle and shifts by any pixel count, against the groups' exact permutations. */
class TransformTest {

    private static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return x;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }

    @Test
    void interpolatedRotationByQuarterTurnsIsTheR4ElementBitForBit() {
        float[] img = random(1, 36 * 36);
        for (int k = 0; k < 4; k++) {
            float[] group = Groups.R4.apply(k, img);
            for (double deg : new double[] {90.0 * k, 90.0 * k + 360, 90.0 * k - 360}) {
                float[] interpolated = Interpolation.rotate(img, 36, deg, -0.4f);
                assertArrayEquals(bits(group), bits(interpolated), "rotation by " + deg + " degrees");
            }
        }
    }

    @Test
    void quarterTurnIsCounterClockwiseLikeNumpyRot90() {
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        // numpy.rot90([[1,2,3],[4,5,6],[7,8,9]]) = [[3,6,9],[2,5,8],[1,4,7]]
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, Interpolation.rotate(img, 3, 90, 0));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, Interpolation.rotate(img, 3, -90, 0));
    }

    @Test
    void handComputedBilinearRotationBy45Degrees() {
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = Interpolation.rotate(img, 3, 45, 0);
        double s = Math.sqrt(0.5);
        // out(0,1) samples the source at (1 - s, 1 + s) = (0.2929, 1.7071): between 2, 3 (row 0) and 5, 6 (row 1)
        double fr = 1 - s;
        double fc = s;
        double expected01 = (1 - fr) * (1 - fc) * 2 + (1 - fr) * fc * 3 + fr * (1 - fc) * 5 + fr * fc * 6;
        assertEquals(3.5857864, expected01, 1e-7, "the hand computation itself");
        assertEquals(expected01, out[1], 1e-6);
        // out(0,0) samples (1 - 2s, 1) = (-0.414, 1): 0.586 of the 2 below it, the rest outside (fill)
        assertEquals(2 * (2 - Math.sqrt(2)), out[0], 1e-6);
        assertEquals(2 * (2 - Math.sqrt(2)) + (Math.sqrt(2) - 1) * -1, Interpolation.rotate(img, 3, 45, -1)[0], 1e-6);
        // the centre stays
        assertEquals(5f, out[4]);
    }

    @Test
    void rotationOfTheWholeImageKeepsTheCentreAndMovesTowardsTheLeftFirst() {
        // a bright pixel at the top, right of the centre column: 10 degrees counter-clockwise moves it left
        float[] img = new float[36 * 36];
        img[2 * 36 + 18] = 1;
        float[] out = Interpolation.rotate(img, 36, 10, 0);
        double sx = 0;
        double sum = 0;
        for (int p = 0; p < out.length; p++) {
            sx += out[p] * (p % 36);
            sum += out[p];
        }
        assertTrue(sx / sum < 18 - 2, "moved left: mean column " + sx / sum);
    }

    @Test
    void shiftsByTwelvePixelsAreT3ElementsBitForBit() {
        float[] img = random(2, 36 * 36);
        for (int k = 0; k < 3; k++) {
            Transform t = Transform.shift(12 * k);
            assertEquals(k, t.elementIn(Groups.T3));
            assertArrayEquals(bits(Groups.T3.apply(k, img)), bits(t.resample(img, 36, 0)));
        }
        assertEquals(-1, Transform.shift(5).elementIn(Groups.T3));
        assertEquals(2, Transform.shift(-12).elementIn(Groups.T3), "a left shift by 12 is the element +24");
        float[] small = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(new float[] {3, 1, 2, 6, 4, 5, 9, 7, 8}, Interpolation.roll(small, 3, 1));
    }

    @Test
    void theGroupElementsAreFoundByTheirPermutation() {
        assertEquals(0, Transform.IDENTITY.elementIn(Groups.R4));
        assertEquals(0, Transform.IDENTITY.elementIn(Groups.T3));
        assertEquals(1, Transform.rotation(90).elementIn(Groups.R4));
        assertEquals(3, Transform.rotation(-90).elementIn(Groups.R4));
        assertEquals(2, Transform.rotation(540).elementIn(Groups.D4));
        assertEquals(-1, Transform.rotation(45).elementIn(Groups.R4));
        assertEquals(-1, Transform.rotation(90).elementIn(Groups.T3));
        assertEquals(-1, Transform.rotation(90).elementIn(null));
        Transform.Action a = Transform.rotation(270).on(Groups.R4);
        assertEquals(3, a.element());
        float[] img = random(3, 36 * 36);
        assertArrayEquals(bits(Groups.R4.apply(3, img)), bits(a.apply(img, 36, 0)));
        assertEquals(1, Transform.rotation(270).inverse().elementIn(Groups.R4));
    }

    @Test
    void transformsValidateThemselves() {
        assertThrows(OrbitscopeException.class, () -> new Transform(Transform.Kind.SHIFT, 1.5));
        assertThrows(OrbitscopeException.class, () -> Transform.rotation(Double.NaN));
        assertThrows(OrbitscopeException.class, () -> new Transform(null, 0));
        assertEquals("45°", Transform.rotation(45).label());
        assertEquals("+5 px", Transform.shift(5).label());
        assertEquals("-3 px", Transform.shift(-3).label());
        assertEquals("22.5°", Transform.rotation(22.5).label());
    }

    @Test
    void gridsAreHalfOpenRangesOrLists() {
        List<Transform> angles = TransformGrid.parse("0:360:5", Transform.Kind.ROTATION);
        assertEquals(72, angles.size());
        assertEquals(0, angles.get(0).amount());
        assertEquals(355, angles.get(71).amount());
        List<Transform> fine = TransformGrid.parse("0:360:0.1", Transform.Kind.ROTATION);
        assertEquals(3600, fine.size());
        assertEquals(1, fine.get(900).elementIn(Groups.R4), "0.1-degree steps land on 90 exactly");
        List<Transform> shifts = TransformGrid.parse("0:36:1", Transform.Kind.SHIFT);
        assertEquals(36, shifts.size());
        assertEquals(Transform.shift(35), shifts.get(35));
        assertEquals(List.of(Transform.rotation(0), Transform.rotation(45), Transform.rotation(90)),
                TransformGrid.parse("0, 45,90", Transform.Kind.ROTATION));
        for (String bad : new String[] {"", "0:360", "0:360:0", "10:0:5", "a:b:c", "0:360:-5", "0:1000000:0.001"}) {
            assertThrows(OrbitscopeException.class, () -> TransformGrid.parse(bad, Transform.Kind.ROTATION), bad);
        }
        OrbitscopeException e = assertThrows(OrbitscopeException.class,
                () -> TransformGrid.parse("0:36:0.5", Transform.Kind.SHIFT));
        assertTrue(e.getMessage().contains("whole pixels"), e.getMessage());
    }
}
