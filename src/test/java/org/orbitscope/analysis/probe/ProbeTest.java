package org.orbitscope.analysis.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.InvarianceErrors;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.Classifier;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/** One input at one angle: the probe's numbers against the evaluation's at the group's elements. */
class ProbeTest {

    private static Split test;

    @BeforeAll
    static void data() {
        test = TransformingDataset.load(DatasetId.TMNIST, 0).test();
    }

    @Test
    void atAGroupElementTheProbeGivesTheOrbitsLogitErrorKlAndSaliencyCosine() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        Normalization norm = m.card().normalization();
        Classifier net = m.classifier();
        int sample = 3;
        float[] image = test.image(sample);
        Probe.Result r = Probe.run(net, norm, Groups.R4, image, test.label(sample), Transform.rotation(90),
                SaliencySettings.DEFAULT);
        assertEquals(1, r.element());
        assertArrayEquals(Groups.R4.apply(1, image), r.transformed());
        float[] x = new float[1296];
        test.fill(new int[] {sample}, null, null, norm, x);
        float[] orbit = Evaluator.orbits(x, 1, Groups.R4);
        float[] logits = net.logits(orbit, 4);
        // equal up to the float32 rounding of logits computed in batches of another size
        assertEquals(InvarianceErrors.logit(logits, 0, logits, 9, 9), r.li(), 1e-5 * r.li());
        assertEquals(InvarianceErrors.distribution(logits, 0, logits, 9, 9), r.kl(), 1e-4 * r.kl() + 1e-12);
        assertEquals(InvarianceErrors.argmax(logits, 9, 9), r.transformedPredicted());
        List<OrbitSaliency.Row> rows = OrbitSaliency.compute(net, Groups.R4, norm, x, new int[] {test.label(sample)},
                new int[] {sample}, SaliencySettings.DEFAULT);
        assertEquals(rows.get(0).cosine()[1], r.cosine(), 1e-5);
        assertEquals(test.label(sample), r.target(), "a test sample's saliency is of its true label");
        double sum = 0;
        for (double p : r.transformedProbabilities()) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void betweenTheElementsTheImageIsInterpolatedAndTheSaliencyRealignedByTheInverse() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-wt-s0"));
        float[] image = test.image(0);
        Probe.Result at90 = Probe.run(m.classifier(), m.card().normalization(), Groups.R4, image, -1,
                Transform.rotation(90), SaliencySettings.DEFAULT);
        assertTrue(at90.li() <= 1e-9, "WT at 90 degrees: LI " + at90.li());
        assertTrue(at90.cosine() > 0.999, "WT's realigned saliency at 90 degrees: cosine " + at90.cosine());
        assertEquals(at90.predicted(), at90.target(), "without a label the predicted class is attributed");
        Probe.Result at45 = Probe.run(m.classifier(), m.card().normalization(), Groups.R4, image, -1,
                Transform.rotation(45), SaliencySettings.DEFAULT);
        assertEquals(-1, at45.element());
        assertArrayEquals(Interpolation.rotate(image, 36, 45, 0), at45.transformed());
        assertTrue(at45.li() > 1e-3, "WT at 45 degrees: LI " + at45.li());
        assertArrayEquals(Interpolation.rotate(at45.transformedSaliency(), 36, -45, 0), at45.realigned());
    }

    @Test
    void theStepIsTimedOverEveryTransformation() {
        StoredModel m = ModelStore.load(Path.of("models", "tmnist-r4-da-s0"));
        Probe.Timing t = Probe.time(m.classifier(), m.card().normalization(), Groups.R4, test.image(0), -1,
                TransformGrid.parse("0:360:60", Transform.Kind.ROTATION), SaliencySettings.DEFAULT, 1);
        assertEquals(6, t.steps());
        assertTrue(t.meanMillis() > 0 && t.maxMillis() >= t.medianMillis() && t.medianMillis() > 0, t.toString());
    }
}
