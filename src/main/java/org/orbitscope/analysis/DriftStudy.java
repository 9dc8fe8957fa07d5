package org.orbitscope.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Network;
import org.orbitscope.model.StoredModel;

/**
 * Reliability under distribution drift (paper section 4.3, Fig. 4): a model's invariance and accuracy on
 * the blend {@code D(beta) = (1-beta) T-MNIST + beta T-FMNIST} of the test splits (SPEC section 1), with
 * the model's own normalization, over full orbits.
 */
public final class DriftStudy {

    /**
     * One drift level.
     *
     * @param beta blend weight in [0, 1]
     * @param accuracy accuracy over all orbit points of D(beta)
     * @param accuracyRatio {@code Acc(D(beta)) / Acc(D(0))}
     * @param di distribution invariance error on D(beta)
     * @param li logit invariance error on D(beta)
     */
    public record Point(double beta, double accuracy, double accuracyRatio, double di, double li) {
    }

    /** Key of the cached drift points in a card's metrics: {@code drift -> samples -> [point...]}. */
    public static final String CARD_KEY = "drift";

    private static final Logger LOG = Logger.getLogger(DriftStudy.class.getName());

    private DriftStudy() {
    }

    /**
     * Drift points of a model, read from its card when every beta was computed before on the same number
     * of samples, otherwise computed and stored into the card (so the app and the command line share them).
     * The shipped datasets are assumed: pass a model without a directory to skip the cache.
     *
     * @param model the model
     * @param mnist T-MNIST at the model's split seed
     * @param fmnist T-FMNIST at the same split seed
     * @param betas blend weights, each in [0, 1]
     * @param samples first N test samples
     * @return one point per beta, in the given order
     */
    public static List<Point> runCached(StoredModel model, TransformingDataset mnist, TransformingDataset fmnist,
            double[] betas, int samples) {
        if (model.dir() == null) {
            return run(model, mnist, fmnist, betas, samples);
        }
        Optional<List<Point>> known = fromCard(model.card(), betas, samples);
        if (known.isPresent()) {
            return known.get();
        }
        List<Point> points = run(model, mnist, fmnist, betas, samples);
        try {
            storeInCard(model.dir(), model.card().weightsSha256(), samples, points);
        } catch (OrbitscopeException e) {
            // a busy or read-only model still gets its numbers, just not cached
            LOG.log(Level.INFO, "Drift points not cached: " + e.getMessage());
        }
        return points;
    }

    /**
     * @param card a model card
     * @param betas the wanted blend weights
     * @param samples the number of test samples
     * @return the cached points for every beta, or empty if any is missing
     */
    public static Optional<List<Point>> fromCard(ModelCard card, double[] betas, int samples) {
        if (!(card.metrics().get(CARD_KEY) instanceof Map<?, ?> drift)
                || !(drift.get(String.valueOf(samples)) instanceof List<?> stored)) {
            return Optional.empty();
        }
        List<Point> out = new ArrayList<>();
        for (double b : betas) {
            Point found = null;
            for (Object o : stored) {
                Point p = point(o);
                if (p != null && Math.abs(p.beta() - b) < 1e-12) {
                    found = p;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            out.add(found);
        }
        return Optional.of(out);
    }

    private static Point point(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return null;
        }
        double[] v = new double[5];
        String[] keys = {"beta", "accuracy", "accuracyRatio", "DI", "LI"};
        for (int i = 0; i < keys.length; i++) {
            if (!(m.get(keys[i]) instanceof Number n)) {
                return null;
            }
            v[i] = n.doubleValue();
        }
        return new Point(v[0], v[1], v[2], v[3], v[4]);
    }

    /**
     * Merges drift points into a model's card, under its write claim; nothing is stored if the weights
     * changed since they were computed.
     *
     * @param dir model directory
     * @param weightsSha256 checksum of the weights the points describe
     * @param samples the number of test samples
     * @param points the points (non-finite ones are not stored)
     */
    public static void storeInCard(Path dir, String weightsSha256, int samples, List<Point> points) {
        ModelStore.updateCard(dir, card -> {
            if (!Objects.equals(card.weightsSha256(), weightsSha256)) {
                throw new OrbitscopeException(dir + " was saved again while its drift was computed.");
            }
            Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
            Map<String, Object> drift = new LinkedHashMap<>();
            if (metrics.get(CARD_KEY) instanceof Map<?, ?> old) {
                old.forEach((k, v) -> drift.put(String.valueOf(k), v));
            }
            Map<Double, Map<String, Object>> byBeta = new java.util.TreeMap<>();
            if (drift.get(String.valueOf(samples)) instanceof List<?> stored) {
                for (Object o : stored) {
                    Point p = point(o);
                    if (p != null) {
                        byBeta.put(p.beta(), asMap(p));
                    }
                }
            }
            for (Point p : points) {
                if (Double.isFinite(p.accuracyRatio()) && Double.isFinite(p.di()) && Double.isFinite(p.li())) {
                    byBeta.put(p.beta(), asMap(p));
                }
            }
            drift.put(String.valueOf(samples), new ArrayList<>(byBeta.values()));
            metrics.put(CARD_KEY, drift);
            return card.withMetrics(metrics);
        });
    }

    private static Map<String, Object> asMap(Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("beta", p.beta());
        m.put("accuracy", p.accuracy());
        m.put("accuracyRatio", p.accuracyRatio());
        m.put("DI", p.di());
        m.put("LI", p.li());
        return m;
    }

    /**
     * @param model the model
     * @param mnist T-MNIST at the model's split seed
     * @param fmnist T-FMNIST at the same split seed
     * @param betas blend weights, each in [0, 1]
     * @param samples first N test samples (at most the split size)
     * @return one point per beta, in the given order
     */
    public static List<Point> run(StoredModel model, TransformingDataset mnist, TransformingDataset fmnist,
            double[] betas, int samples) {
        for (double b : betas) {
            if (!(b >= 0 && b <= 1)) {
                throw new OrbitscopeException("Drift weight beta " + b + " is outside [0, 1].");
            }
        }
        Split reference = TransformingDataset.drift(mnist, fmnist, 0);
        int n = Math.min(samples, reference.size());
        Network net = model.network();
        Group group = model.card().config().groupValue();
        int[] y = Evaluator.labels(reference, n);
        double acc0 = Evaluator.outputs(net, Evaluator.inputs(reference, n, model.card().normalization()), y, n,
                group)[0];
        List<Point> out = new ArrayList<>();
        for (double b : betas) {
            Split split = TransformingDataset.drift(mnist, fmnist, b);
            double[] r = Evaluator.outputs(net, Evaluator.inputs(split, n, model.card().normalization()), y, n, group);
            out.add(new Point(b, r[0], acc0 > 0 ? r[0] / acc0 : Double.NaN, r[2], r[1]));
        }
        return out;
    }
}
