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
import org.orbitscope.data.DataFingerprint;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Group;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Classifier;
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

    /**
     * Key of the cached drift points in a card's metrics:
     * {@code drift -> {entries: [{key: {...}, points: [point...]}]}}, one entry per distinct {@link Key}.
     */
    public static final String CARD_KEY = "drift";

    private static final Logger LOG = Logger.getLogger(DriftStudy.class.getName());

    /**
     * Everything a drift point depends on besides beta: the weights, the normalization and group of the model,
     * both datasets (id, split seed, content checksum) and the number of test samples. Cached points are
     * reused only when all of it matches.
     *
     * @param weightsSha256 checksum of the model's weights
     * @param normMean the model's normalization mean
     * @param normStd the model's normalization std
     * @param group the group id of the orbits
     * @param mnist the T-MNIST data the blends were made of
     * @param fmnist the T-FMNIST data the blends were made of
     * @param samples the first N test samples
     */
    public record Key(String weightsSha256, double normMean, double normStd, String group, DataFingerprint mnist,
            DataFingerprint fmnist, int samples) {

        /**
         * @param card the model's card
         * @param mnist T-MNIST
         * @param fmnist T-FMNIST
         * @param samples first N test samples (capped at the test split's size)
         * @return the key of that study
         */
        public static Key of(ModelCard card, TransformingDataset mnist, TransformingDataset fmnist, int samples) {
            return new Key(card.weightsSha256(), card.normalization().mean(), card.normalization().std(),
                    card.config().group(), mnist.fingerprint(), fmnist.fingerprint(),
                    Math.min(samples, mnist.test().size()));
        }

        /** @return the key as stored in the card */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("weightsSha256", weightsSha256);
            m.put("normMean", normMean);
            m.put("normStd", normStd);
            m.put("group", group);
            m.put("mnist", mnist.asMap());
            m.put("fmnist", fmnist.asMap());
            m.put("samples", samples);
            return m;
        }

        /**
         * @param o a key read back from a card
         * @return true if it is this key
         */
        public boolean matches(Object o) {
            return o instanceof Map<?, ?> m && Objects.equals(weightsSha256, m.get("weightsSha256"))
                    && m.get("normMean") instanceof Number mean && (float) mean.doubleValue() == (float) normMean
                    && m.get("normStd") instanceof Number std && (float) std.doubleValue() == (float) normStd
                    && group.equals(m.get("group")) && mnist.matches(m.get("mnist"))
                    && fmnist.matches(m.get("fmnist"))
                    && m.get("samples") instanceof Number n && n.intValue() == samples;
        }
    }

    private DriftStudy() {
    }

    /**
     * Refuses to blend a dataset with itself: both were read from files of the same content (a wrong
     * data folder), which would give an accuracy ratio of 1 at every beta.
     *
     * @param mnist the data loaded as T-MNIST
     * @param fmnist the data loaded as T-FMNIST
     * @throws OrbitscopeException if their files have the same content
     */
    public static void requireDistinct(TransformingDataset mnist, TransformingDataset fmnist) {
        if (mnist.fingerprint().contentSha256().equals(fmnist.fingerprint().contentSha256())) {
            throw new OrbitscopeException("T-MNIST (" + mnist.directory() + ") and T-FMNIST (" + fmnist.directory()
                    + ") were read from files of the same content: the drift blends two different datasets.");
        }
    }

    /**
     * Drift points of a model, read from its card when every beta was computed before under the same
     * {@link Key} (weights, both datasets' content and split seed, samples), otherwise computed and stored
     * into the card (so the app and the command line share them). Pass a model without a directory to skip
     * the cache.
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
        Key key = Key.of(model.card(), mnist, fmnist, samples);
        Optional<List<Point>> known = fromCard(model.card(), key, betas);
        if (known.isPresent()) {
            return known.get();
        }
        List<Point> points = run(model, mnist, fmnist, betas, samples);
        try {
            storeInCard(model.dir(), key, points);
        } catch (OrbitscopeException e) {
            // a busy or read-only model still gets its numbers, just not cached
            LOG.log(Level.INFO, "Drift points not cached: " + e.getMessage());
        }
        return points;
    }

    /** @return the stored points of the entry with this key, or null */
    private static List<?> storedPoints(ModelCard card, Key key) {
        if (!(card.metrics().get(CARD_KEY) instanceof Map<?, ?> drift)
                || !(drift.get("entries") instanceof List<?> entries)) {
            // absent, or written before drift points were keyed by their data: not reused
            return null;
        }
        for (Object e : entries) {
            if (e instanceof Map<?, ?> entry && key.matches(entry.get("key"))
                    && entry.get("points") instanceof List<?> points) {
                return points;
            }
        }
        return null;
    }

    /**
     * @param card a model card
     * @param key what the points must have been computed from
     * @param betas the wanted blend weights
     * @return the cached points for every beta, or empty if any is missing
     */
    public static Optional<List<Point>> fromCard(ModelCard card, Key key, double[] betas) {
        List<?> stored = storedPoints(card, key);
        if (stored == null) {
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
     * Merges drift points into a model's card, under its write claim, in the entry of their key; nothing
     * is stored if the weights changed since they were computed.
     *
     * @param dir model directory
     * @param key what the points were computed from
     * @param points the points (non-finite ones are not stored)
     */
    public static void storeInCard(Path dir, Key key, List<Point> points) {
        ModelStore.updateCard(dir, card -> {
            if (!Objects.equals(card.weightsSha256(), key.weightsSha256())) {
                throw new OrbitscopeException(dir + " was saved again while its drift was computed.");
            }
            Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
            List<Object> entries = new ArrayList<>();
            Map<Double, Map<String, Object>> byBeta = new java.util.TreeMap<>();
            if (metrics.get(CARD_KEY) instanceof Map<?, ?> old && old.get("entries") instanceof List<?> list) {
                for (Object e : list) {
                    if (e instanceof Map<?, ?> entry && key.matches(entry.get("key"))
                            && entry.get("points") instanceof List<?> stored) {
                        for (Object o : stored) {
                            Point p = point(o);
                            if (p != null) {
                                byBeta.put(p.beta(), asMap(p));
                            }
                        }
                    } else if (e instanceof Map<?, ?> entry && entry.get("key") instanceof Map<?, ?> other
                            && Objects.equals(card.weightsSha256(), other.get("weightsSha256"))) {
                        // entries of other data or sample counts on these weights stay
                        entries.add(e);
                    }
                }
            }
            for (Point p : points) {
                if (Double.isFinite(p.accuracyRatio()) && Double.isFinite(p.di()) && Double.isFinite(p.li())) {
                    byBeta.put(p.beta(), asMap(p));
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key.asMap());
            entry.put("points", new ArrayList<>(byBeta.values()));
            entries.add(entry);
            Map<String, Object> drift = new LinkedHashMap<>();
            drift.put("entries", entries);
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
        requireDistinct(mnist, fmnist);
        Split reference = TransformingDataset.drift(mnist, fmnist, 0);
        int n = Math.min(samples, reference.size());
        Classifier net = model.classifier();
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
