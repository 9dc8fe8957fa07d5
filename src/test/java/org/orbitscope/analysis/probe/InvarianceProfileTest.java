package org.orbitscope.analysis.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/** Invariance profiles of the shipped models beyond the group's elements. */
class InvarianceProfileTest {

    private static final int N = 60;
    private static Split test;
    private static float[] images;
    private static int[] labels;

    @BeforeAll
    static void data() {
        test = TransformingDataset.load(DatasetId.TMNIST, 0).test();
        images = InvarianceProfile.images(test, N);
        labels = Evaluator.labels(test, N);
    }

    private static List<InvarianceProfile.Point> profile(String model, List<Transform> grid) {
        StoredModel m = ModelStore.load(Path.of("models", model));
        return InvarianceProfile.compute(m.classifier(), m.card().normalization(), m.card().config().groupValue(),
                images, labels, N, grid, Evaluator.SILENT);
    }

    @Test
    void weightTiedIsExactlyInvariantAtQuarterTurnsOnlyAndNotBetween() {
        List<InvarianceProfile.Point> p = profile("tmnist-r4-wt-s0",
                TransformGrid.parse("0,45,90,135,180,225,270,315", Transform.Kind.ROTATION));
        assertEquals(0.0, p.get(0).li(), "no change at 0 degrees");
        for (int i : new int[] {2, 4, 6}) {
            InvarianceProfile.Point q = p.get(i);
            assertEquals(i / 2, q.element(), "the R4 element is applied exactly");
            assertTrue(q.li() <= 1e-9, q.transform() + ": LI " + q.li());
            assertTrue(q.di() <= 1e-9, q.transform() + ": DI " + q.di());
            assertEquals(p.get(0).accuracy(), q.accuracy(), q.transform().toString());
        }
        for (int i : new int[] {1, 3, 5, 7}) {
            InvarianceProfile.Point q = p.get(i);
            assertEquals(-1, q.element());
            assertTrue(q.li() > 1e-3, q.transform() + ": interpolated angles are not invariant, LI " + q.li());
            assertTrue(q.accuracy() < p.get(0).accuracy(), q.transform() + " accuracy " + q.accuracy());
        }
    }

    @Test
    void weightTiedT3IsExactlyInvariantAtTwelvePixelShiftsOnly() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-t3-wt-s0"));
        List<InvarianceProfile.Point> p = InvarianceProfile.compute(m.classifier(), m.card().normalization(),
                Groups.T3, images, labels, N, TransformGrid.parse("0,6,12,18,24,30", Transform.Kind.SHIFT),
                Evaluator.SILENT);
        for (int i : new int[] {2, 4}) {
            assertTrue(p.get(i).li() <= 1e-9, p.get(i).transform() + ": LI " + p.get(i).li());
        }
        for (int i : new int[] {1, 3, 5}) {
            assertTrue(p.get(i).li() > 1e-3, p.get(i).transform() + ": LI " + p.get(i).li());
        }
    }

    @Test
    void theMeanOverTheGroupElementsIsTheEvaluationsLiDiAndAccuracy() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        List<InvarianceProfile.Point> p = profile("tmnist-r4-da-s0",
                TransformGrid.parse("0:360:90", Transform.Kind.ROTATION));
        double li = 0;
        double di = 0;
        double acc = 0;
        for (InvarianceProfile.Point q : p) {
            li += q.li() / 4;
            di += q.di() / 4;
            acc += q.accuracy() / 4;
        }
        float[] x = Evaluator.inputs(test, N, m.card().normalization());
        double[] ev = Evaluator.outputs(m.classifier(), x, labels, N, Groups.R4);
        assertEquals(ev[0], acc, 1e-12);
        // equal up to the float32 rounding of logits computed in batches of another size
        assertEquals(ev[1], li, 1e-6 * ev[1]);
        assertEquals(ev[2], di, 1e-5 * ev[2]);
        assertTrue(li > 1, "DA is far from invariant: LI " + li);
    }

    @Test
    void aCancelledProfileStops() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        Evaluator.Listener cancelAfterTwo = new Evaluator.Listener() {
            private int done;

            @Override
            public void onProgress(int d, int total) {
                done = d;
            }

            @Override
            public boolean isCancelled() {
                return done >= 2;
            }
        };
        assertThrows(CancellationException.class, () -> InvarianceProfile.compute(m.classifier(),
                m.card().normalization(), Groups.R4, images, labels, N,
                TransformGrid.parse("0:360:5", Transform.Kind.ROTATION), cancelAfterTwo));
    }
}
