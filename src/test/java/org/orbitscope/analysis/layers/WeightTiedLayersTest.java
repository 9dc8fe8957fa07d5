package org.orbitscope.analysis.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.Normalization;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.group.Groups;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.StoredModel;

/**
 * Weight-tying makes the pooled first layer invariant, so every layer from it to the logits is: the
 * measure must say so (to float rounding) for the shipped WT models and for untrained WT networks, and must
 * not say so of a data-augmented model.
 */
class WeightTiedLayersTest {

    private static TransformingDataset data;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static LayerProfile shipped(String name) {
        StoredModel m = ModelStore.load(Path.of("models", name));
        return LayerProfile.forModel(m, data, 200, LayerSettings.DEFAULT, LayerListener.NONE);
    }

    private static void assertInvariantFromTheFirstLayerOn(LayerProfile p, String what) {
        assertEquals(List.of("h1", "h2", "h3", "h4", "h5", "logits"),
                p.layers().stream().map(LayerInvariance::layer).toList());
        for (LayerInvariance l : p.layers()) {
            assertTrue(l.varyingUnits() > 0, what + " " + l.layer() + " has units that vary");
            assertTrue(l.value() <= 1e-9, what + " " + l.layer() + ": " + l.value());
            // a unit that barely varies around a large mean meets the float rounding of its activations
            assertTrue(l.quantile(1) <= 1e-6, what + " " + l.layer() + " worst unit: " + l.quantile(1));
        }
    }

    @Test
    void shippedWeightTiedModelsAreInvariantInEveryLayerAfterThePooling() {
        assertInvariantFromTheFirstLayerOn(shipped("tmnist-r4-wt-s0"), "WT R4");
        assertInvariantFromTheFirstLayerOn(shipped("tmnist-t3-wt-s0"), "WT T3");
    }

    @Test
    void untrainedWeightTiedNetworksAreInvariantForEveryGroupAndPooling() {
        Normalization norm = data.normalization();
        float[] x = Evaluator.inputs(data.test(), 64, norm);
        for (Group g : List.of(Groups.R4, Groups.T3, Groups.D4)) {
            for (Pooling pool : Pooling.values()) {
                Architecture arch = Architecture.weightTied(Parameters.PAPER_SIZES, g, pool);
                Network net = new Network(arch, Parameters.initialize(arch.sizes(), 5));
                for (LayerSettings.Denominator d : LayerSettings.Denominator.values()) {
                    LayerProfile p = LayerProfile.compute(net, x, 64, g, new LayerSettings(d), LayerListener.NONE);
                    assertInvariantFromTheFirstLayerOn(p, "WT " + g.id() + " " + pool + " " + d);
                }
            }
        }
    }

    @Test
    void aDataAugmentedModelIsNotInvariantInItsFirstLayer() {
        LayerProfile da = shipped("tmnist-r4-da-s0");
        assertTrue(da.layer("h1").value() > 0.1, "DA h1: " + da.layer("h1").value());
        for (LayerInvariance l : da.layers()) {
            assertTrue(l.value() > 1e-3, "DA " + l.layer() + ": " + l.value());
            assertTrue(l.value() <= 1, "total normalization is at most 1: " + l.value());
        }
    }
}
