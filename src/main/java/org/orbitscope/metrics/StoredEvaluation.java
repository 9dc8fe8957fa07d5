package org.orbitscope.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.StoredModel;

/**
 * Metrics kept in a model's card together with what they were computed on (weights, data, samples,
 * settings), so that they are reused only when all of it matches: shared by {@code evaluate},
 * {@code reproduce-models} and the desktop app's evaluation after training.
 */
public final class StoredEvaluation {

    private StoredEvaluation() {
    }

    /**
     * Evaluates a model on the first {@code samples} test samples over full orbits and stores the metrics in its
     * card.
     *
     * @param m the model (loaded from its directory)
     * @param data its dataset
     * @param samples test samples, 1..test size
     * @param settings saliency settings
     * @param listener progress and cancellation
     * @return the evaluation
     * @throws OrbitscopeException if the model was saved again meanwhile (the metrics are then not stored)
     */
    public static Evaluation evaluateAndStore(StoredModel m, TransformingDataset data, int samples,
            SaliencySettings settings, Evaluator.Listener listener) {
        Split test = data.test();
        float[] x = Evaluator.inputs(test, samples, m.card().normalization());
        int[] y = Evaluator.labels(test, samples);
        Evaluation e = Evaluator.evaluate(m.classifier(), x, y, samples, m.card().config().groupValue(),
                m.card().normalization(), settings, m.card().config().dataset(), listener);
        store(m, e, data);
        return e;
    }

    /**
     * @param card a model card
     * @param data the data an evaluation would run on
     * @param samples the number of test samples it would take
     * @param settings its saliency settings
     * @return true if the card holds metrics computed on exactly that: these weights, data (content and split
     *     seed), samples and settings
     */
    public static boolean evaluatedOn(ModelCard card, TransformingDataset data, int samples,
            SaliencySettings settings) {
        return card.metrics().containsKey(Evaluation.SI) && card.metrics().get("evaluation") instanceof Map<?, ?> ev
                && java.util.Objects.equals(ev.get("weightsSha256"), card.weightsSha256())
                && data.fingerprint().matches(ev.get("data"))
                && ev.get("samples") instanceof Number n && n.intValue() == samples
                && settings.asMap().equals(ev.get("settings"));
    }

    /**
     * @param e an evaluation
     * @param data the data it ran on
     * @return what the numbers were computed on, as stored under {@code metrics.evaluation}
     */
    public static Map<String, Object> description(Evaluation e, TransformingDataset data) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", e.dataset());
        // what the numbers were computed on: reused (reproduce-models) only when all of it matches
        d.put("data", data.fingerprint().asMap());
        d.put("split", "test");
        d.put("splitSeed", data.splitSeed());
        d.put("samples", e.samples());
        d.put("sampleSelection", "the first " + e.samples() + " samples of the test split, in split order");
        d.put("group", e.group());
        d.put("settings", e.settings().asMap());
        return d;
    }

    /**
     * Stores the metrics into the model's card under the directory's write claim, merged into the card as
     * it is now (another process may have stored other metrics meanwhile). Nothing is stored if the model
     * was re-saved since it was loaded: the numbers would describe other weights.
     *
     * @param m the model evaluated
     * @param e its evaluation
     * @param data the data it ran on
     * @throws OrbitscopeException if the model was saved again meanwhile
     */
    public static void store(StoredModel m, Evaluation e, TransformingDataset data) {
        if (m.dir() == null) {
            return;
        }
        Map<String, Object> ev = description(e, data);
        ev.put("weightsSha256", m.card().weightsSha256());
        ev.put("evaluated", ModelStore.now());
        ModelStore.updateCard(m.dir(), card -> {
            if (!java.util.Objects.equals(card.weightsSha256(), m.card().weightsSha256())) {
                throw new OrbitscopeException(m.dir() + " was saved again while it was evaluated.");
            }
            Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
            // JSON has no NaN: a metric that does not apply (IGGap of another method) is left out
            e.asMap().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    metrics.put(k, v);
                } else {
                    metrics.remove(k);
                }
            });
            metrics.put("evaluation", ev);
            return card.withMetrics(metrics).withUpdated(ModelStore.now());
        });
    }
}
