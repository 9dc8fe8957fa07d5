package org.orbitscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;

class NuTunerTest {

    private static TransformingDataset data;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static ModelConfig tiny(ModelKind kind) {
        return new ModelConfig(kind, "tmnist", "r4", 0, 3, 2, 64, 2e-3, Regularizer.L2, 1, Pooling.MAX,
                new int[] {1296, 16, 9}, 4, 1, 192);
    }

    @Test
    void reachableTargetIsBracketedAndRefinedToTheSmallestPassingNu() {
        NuTuner t = new NuTuner(tiny(ModelKind.IR), data, 1, 20, 0.5, SaliencySettings.DEFAULT);
        NuTuner.Point low = t.probe(1e-6);
        NuTuner.Point high = t.probe(1e4);
        assertTrue(high.li() < low.li(), "a larger nu gives a more invariant model: " + low + " vs " + high);
        // a target between the two probes' SI must be bracketed by them
        double target = (low.si() + high.si()) / 2;
        NuTuner tuner = new NuTuner(tiny(ModelKind.IR), data, 1, 20, target, SaliencySettings.DEFAULT);
        List<NuTuner.Point> seen = new ArrayList<>();
        NuTuner.Result r = tuner.search(new double[] {1e4, 1e-6}, 2, new NuTuner.Listener() {
            @Override
            public void onPoint(NuTuner.Point p) {
                seen.add(p);
            }
        });
        assertTrue(r.reached());
        assertEquals(4, r.curve().size(), "two grid points and two bisection steps");
        assertEquals(seen.size(), r.curve().size());
        for (int i = 1; i < r.curve().size(); i++) {
            assertTrue(r.curve().get(i - 1).nu() < r.curve().get(i).nu(), "curve sorted by nu");
        }
        double smallestPassing = r.curve().stream().filter(p -> p.si() >= target).mapToDouble(NuTuner.Point::nu)
                .min().orElseThrow();
        assertEquals(smallestPassing, r.chosenNu());
    }

    @Test
    void unreachableTargetFallsBackToTheMostInvariantProbe() {
        NuTuner t = new NuTuner(tiny(ModelKind.IR), data, 1, 10, 1.0, SaliencySettings.DEFAULT);
        NuTuner.Result r = t.search(new double[] {0.1, 1}, 2, new NuTuner.Listener() { });
        assertFalse(r.reached());
        assertEquals(4, r.curve().size(), "two grid points and two probes toward the SI peak");
        NuTuner.Point best = r.curve().stream().max(java.util.Comparator.comparingDouble(NuTuner.Point::si))
                .orElseThrow();
        assertEquals(best.nu(), r.chosenNu());
    }

    /** A synthetic probe: SI peaks at nu = 10^1.5 (about 32) at 0.955; accuracy falls with nu. */
    private static NuTuner.Point peaked(double nu) {
        double x = Math.log10(nu) - 1.5;
        return new NuTuner.Point(nu, 30, 0.95 - 0.01 * Math.log10(nu), 0.955 - 0.04 * x * x, 0, 0);
    }

    @Test
    void aPeakBetweenGridValuesIsFoundAndThenBisected() {
        double[] grid = {0.01, 0.1, 1, 10, 100, 1000};
        List<Double> probed = new ArrayList<>();
        NuTuner.Result r = NuTuner.search(grid, 4, 0.95, nu -> {
            probed.add(nu);
            return peaked(nu);
        }, new NuTuner.Listener() { });
        // 10 and 100 both give 0.945: the first step probes their midpoint, 32, which reaches 0.955
        assertEquals(32.0, probed.get(6));
        assertTrue(r.reached());
        // then bisection between 10 (missed) and 32 (reached): 18, then 24 or 13, ...
        assertEquals(10, probed.size(), "six grid points and four refinement probes");
        double smallestPassing = r.curve().stream().filter(p -> p.si() >= 0.95).mapToDouble(NuTuner.Point::nu)
                .min().orElseThrow();
        assertEquals(smallestPassing, r.chosenNu());
        assertTrue(r.chosenNu() < 32, "bisection moved below the peak: " + r.chosenNu());
        assertTrue(peaked(r.chosenNu()).si() >= 0.95);
    }

    @Test
    void withoutRefinementTheGridAloneDecides() {
        NuTuner.Result r = NuTuner.search(new double[] {1, 10, 100}, 0, 0.95, NuTunerTest::peaked,
                new NuTuner.Listener() { });
        assertFalse(r.reached());
        assertEquals(3, r.curve().size());
        assertEquals(10, r.chosenNu(), "10 and 100 tie on SI; 10 is more accurate");
    }

    @Test
    void bisectionMidpointsAreRounded() {
        assertEquals(3.2, NuTuner.roundSignificant(Math.sqrt(10), 2));
        assertEquals(180.0, NuTuner.roundSignificant(177.827941, 2));
        assertEquals(0.0032, NuTuner.roundSignificant(0.0031622, 2));
    }

    @Test
    void onlyIrModelsHaveANu() {
        assertThrows(OrbitscopeException.class,
                () -> new NuTuner(tiny(ModelKind.DA), data, 1, 10, 0.9, SaliencySettings.DEFAULT));
    }
}
