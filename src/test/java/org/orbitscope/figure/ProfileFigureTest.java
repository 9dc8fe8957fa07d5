package org.orbitscope.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.group.Groups;

/** The profile figure's axes, marks and colours, on hand-made profiles. */
class ProfileFigureTest {

    private static ProfileFigure.Series series(String name, Transform.Kind kind, double step, int n, double li) {
        List<InvarianceProfile.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Transform t = kind == Transform.Kind.ROTATION ? Transform.rotation(i * step) : Transform.shift(i);
            int e = t.elementIn(kind == Transform.Kind.ROTATION ? Groups.R4 : Groups.T3);
            points.add(new InvarianceProfile.Point(t, e, e >= 0 ? 0 : li, e >= 0 ? 0 : li / 100, 0.5));
        }
        return new ProfileFigure.Series(name, kind == Transform.Kind.ROTATION ? Groups.R4 : Groups.T3, points);
    }

    @Test
    void quarterTurnsAndTwelvePixelShiftsAreMarkedOnTicksOfTheGroup() {
        List<ProfileFigure.Series> r = List.of(series("DA", Transform.Kind.ROTATION, 5, 72, 40));
        assertArrayEquals(new double[] {0, 90, 180, 270}, ProfileFigure.elements(r, Transform.Kind.ROTATION));
        assertArrayEquals(new double[] {0, 90, 180, 270, 360}, ProfileFigure.xTicks(0, 355, Transform.Kind.ROTATION));
        List<ProfileFigure.Series> t = List.of(series("WT", Transform.Kind.SHIFT, 1, 36, 40));
        assertArrayEquals(new double[] {0, 12, 24}, ProfileFigure.elements(t, Transform.Kind.SHIFT));
        assertArrayEquals(new double[] {0, 6, 12, 18, 24, 30, 36}, ProfileFigure.xTicks(0, 35, Transform.Kind.SHIFT));
        // a narrow range gets ordinary ticks rather than one lone quarter turn
        assertTrue(ProfileFigure.xTicks(0, 20, Transform.Kind.ROTATION).length > 2);
    }

    @Test
    void kindsGetTheirColoursUnlessTwoWouldShareOne() {
        List<ProfileFigure.Series> kinds = List.of(series("DA", Transform.Kind.ROTATION, 45, 8, 1),
                series("WT", Transform.Kind.ROTATION, 45, 8, 1));
        assertEquals(List.of(DriftFigure.color("DA"), DriftFigure.color("WT")), ProfileFigure.colors(kinds));
        List<ProfileFigure.Series> seeds = List.of(series("DA s0", Transform.Kind.ROTATION, 45, 8, 1),
                series("DA s1", Transform.Kind.ROTATION, 45, 8, 1));
        List<java.awt.Color> c = ProfileFigure.colors(seeds);
        assertNotEquals(c.get(0), c.get(1));
    }

    @Test
    void zerosAreCountedOnTheFloorAndMixedKindsAreRefused() {
        // 8 angles, zeros at the four quarter turns, LI and DI each: 8 of 16 values below the floor
        Figure f = ProfileFigure.figure(List.of(series("WT", Transform.Kind.ROTATION, 45, 8, 50)), 10, 1);
        String svg = f.toSvg();
        assertTrue(svg.contains("8 of the 16 LI and DI values are below 1e-9"), "the footnote counts them");
        BufferedImage img = f.toImage();
        assertEquals(ProfileFigure.WIDTH, img.getWidth());
        assertThrows(IllegalArgumentException.class, () -> ProfileFigure.figure(List.of(
                series("DA", Transform.Kind.ROTATION, 45, 8, 1), series("DA", Transform.Kind.SHIFT, 1, 36, 1)), 10, 1));
    }
}
