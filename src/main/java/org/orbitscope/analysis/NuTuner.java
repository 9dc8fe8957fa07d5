package org.orbitscope.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.Network;
import org.orbitscope.train.Trainer;
import org.orbitscope.train.TrainingListener;
import org.orbitscope.train.TrainingResult;

/**
 * Tunes the IR weight nu as the paper does (section 4.1): the value whose model reaches saliency
 * invariance {@code SI >= target} on the validation set with the best accuracy.
 *
 * <p>Since a larger nu buys invariance with accuracy, the search looks for the smallest nu that reaches
 * the target: short training runs on a logarithmic grid, ascending, until one reaches it (the bracket),
 * then geometric bisection (midpoints rounded to two significant digits) between the last nu that missed
 * and the first that reached it. If no grid value reaches it, the refinement probes first climb toward
 * the SI peak between grid values (SI falls again once a large nu starves the network). Each probe is
 * a full training run of {@code shortEpochs} epochs from the same seeds, evaluated on the first
 * {@code samples} validation samples (identity orientation, full orbits, SPEC section 5 metrics).
 */
public final class NuTuner {

    /**
     * One evaluated probe.
     *
     * @param nu regularizer weight
     * @param epochs epochs trained
     * @param accuracy validation accuracy over full orbits
     * @param si validation saliency invariance
     * @param li validation logit invariance
     * @param di validation distribution invariance
     */
    public record Point(double nu, int epochs, double accuracy, double si, double li, double di) {
    }

    /**
     * Outcome of a search.
     *
     * @param curve every probe, sorted by nu
     * @param chosenNu the smallest nu that reached the target, or, if none did, the probe with the best SI
     * @param reached whether any probe reached the target
     */
    public record Result(List<Point> curve, double chosenNu, boolean reached) {
    }

    /** Receives each probe as it finishes and may stop the search. */
    public interface Listener {
        /**
         * @param point the probe just evaluated
         */
        default void onPoint(Point point) {
        }

        /** @return true to stop after the current probe */
        default boolean isCancelled() {
            return false;
        }
    }

    private final ModelConfig base;
    private final TransformingDataset data;
    private final int shortEpochs;
    private final int samples;
    private final double target;
    private final SaliencySettings settings;

    /**
     * @param base the IR configuration to tune (its nu is ignored)
     * @param data the dataset it names
     * @param shortEpochs epochs of each probe run
     * @param samples validation samples each probe is evaluated on
     * @param targetSi the SI to reach, e.g. 0.95
     * @param settings saliency settings of the SI
     */
    public NuTuner(ModelConfig base, TransformingDataset data, int shortEpochs, int samples, double targetSi,
            SaliencySettings settings) {
        if (base.kind() != ModelKind.IR) {
            throw new OrbitscopeException("nu is tuned for IR models only, not " + base.kind() + ".");
        }
        if (shortEpochs < 1 || samples < 1 || !(targetSi > 0 && targetSi <= 1)) {
            throw new OrbitscopeException("tune-nu needs epochs >= 1, samples >= 1 and a target SI in (0, 1].");
        }
        this.base = base;
        this.data = data;
        this.shortEpochs = shortEpochs;
        this.samples = Math.min(samples, data.validation().size());
        this.target = targetSi;
        this.settings = settings;
    }

    /**
     * Trains and evaluates one probe.
     *
     * @param nu regularizer weight
     * @return the probe
     */
    public Point probe(double nu) {
        ModelConfig cfg = base.withNu(nu).withEpochs(shortEpochs);
        TrainingResult r = new Trainer(cfg, data).train(null, new TrainingListener() { });
        if (r.best() == null) {
            return new Point(nu, shortEpochs, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Split val = data.validation();
        Network net = new Network(cfg.architecture(), r.best());
        Evaluation e = Evaluator.evaluate(net, Evaluator.inputs(val, samples, data.normalization()),
                Evaluator.labels(val, samples), samples, cfg.groupValue(), data.normalization(), settings,
                data.id().id(), Evaluator.SILENT);
        return new Point(nu, shortEpochs, e.accuracy(), e.si(), e.li(), e.di());
    }

    /**
     * @param v a positive number
     * @param digits significant digits to keep
     * @return {@code v} rounded to that many significant digits (nu values stay readable: 3.2, not 3.16227766)
     */
    static double roundSignificant(double v, int digits) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).doubleValue();
    }

    /**
     * Searches nu.
     *
     * @param grid ascending candidate values (e.g. 0.01, 0.1, 1, 10, 100, 1000)
     * @param refineSteps extra probes after the grid: toward the SI peak while nothing has reached the
     *     target, then geometric bisection once a bracket is found
     * @param listener progress receiver
     * @return the curve and the chosen nu
     */
    public Result search(double[] grid, int refineSteps, Listener listener) {
        return search(grid, refineSteps, target, this::probe, listener);
    }

    /**
     * The search itself, over any probe function (the tests use synthetic curves).
     *
     * <p>SI first rises with nu and then falls again once the regularizer starves the network, so when no
     * grid value reaches the target the best one may still sit beside a higher peak. Each refinement step
     * then probes the geometric midpoint between the best probe and its better neighbour. As soon as a
     * probe reaches the target, the remaining steps bisect between it and the probe below it, toward the
     * smallest nu that reaches the target.
     */
    static Result search(double[] grid, int refineSteps, double target, java.util.function.DoubleFunction<Point> probe,
            Listener listener) {
        double[] g = grid.clone();
        Arrays.sort(g);
        List<Point> curve = new ArrayList<>();
        Point lastMiss = null;
        Point firstHit = null;
        for (double nu : g) {
            Point p = probeInto(curve, probe, nu, listener);
            if (p.si() >= target) {
                firstHit = p;
                break;
            }
            lastMiss = p;
            if (listener.isCancelled()) {
                break;
            }
        }
        int steps = 0;
        while (firstHit == null && steps < refineSteps && !listener.isCancelled()) {
            Double mid = towardPeak(curve);
            if (mid == null) {
                break;
            }
            Point p = probeInto(curve, probe, mid, listener);
            steps++;
            if (p.si() >= target) {
                firstHit = p;
                lastMiss = curve.stream().filter(q -> q.nu() < p.nu()).max(Comparator.comparingDouble(Point::nu))
                        .orElse(null);
            }
        }
        if (firstHit != null && lastMiss != null) {
            for (; steps < refineSteps && !listener.isCancelled(); steps++) {
                double mid = roundSignificant(Math.sqrt(lastMiss.nu() * firstHit.nu()), 2);
                if (mid <= lastMiss.nu() || mid >= firstHit.nu()) {
                    break; // the bracket is as narrow as two significant digits allow
                }
                Point p = probeInto(curve, probe, mid, listener);
                if (p.si() >= target) {
                    firstHit = p;
                } else {
                    lastMiss = p;
                }
            }
        }
        curve.sort(Comparator.comparingDouble(Point::nu));
        if (firstHit == null) {
            // No probe reached the target: take the most invariant one (the best SI, then the best accuracy);
            // past that point a larger nu only starves the network and SI falls again.
            Point best = curve.stream().filter(p -> !Double.isNaN(p.si()))
                    .max(Comparator.comparingDouble(Point::si).thenComparingDouble(Point::accuracy))
                    .orElse(curve.get(curve.size() - 1));
            return new Result(List.copyOf(curve), best.nu(), false);
        }
        return new Result(List.copyOf(curve), firstHit.nu(), true);
    }

    /** Runs one probe, adds it to the curve and reports it. */
    private static Point probeInto(List<Point> curve, java.util.function.DoubleFunction<Point> probe, double nu,
            Listener listener) {
        Point p = probe.apply(nu);
        curve.add(p);
        listener.onPoint(p);
        return p;
    }

    /**
     * @param curve the probes so far
     * @return the geometric midpoint between the most invariant probe and its more invariant neighbour
     *     (the other neighbour if that midpoint was probed already), or null if there is none left
     */
    private static Double towardPeak(List<Point> curve) {
        List<Point> sorted = curve.stream().filter(p -> !Double.isNaN(p.si()))
                .sorted(Comparator.comparingDouble(Point::nu)).toList();
        if (sorted.size() < 2) {
            return null;
        }
        int b = 0;
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).si() > sorted.get(b).si()) {
                b = i;
            }
        }
        List<Point> sides = new ArrayList<>();
        if (b > 0) {
            sides.add(sorted.get(b - 1));
        }
        if (b < sorted.size() - 1) {
            sides.add(sorted.get(b + 1));
        }
        sides.sort(Comparator.comparingDouble(Point::si).reversed());
        for (Point side : sides) {
            double mid = roundSignificant(Math.sqrt(sorted.get(b).nu() * side.nu()), 2);
            boolean fresh = curve.stream().noneMatch(p -> p.nu() == mid);
            if (fresh && mid != sorted.get(b).nu() && mid != side.nu()) {
                return mid;
            }
        }
        return null;
    }
}
