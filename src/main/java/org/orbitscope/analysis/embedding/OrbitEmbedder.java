package org.orbitscope.analysis.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.embedding.umap.Umap;
import org.orbitscope.analysis.embedding.umap.UmapSettings;
import org.orbitscope.data.Split;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.model.StoredModel;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * Lays out the orbit points of a model's penultimate activations in 2-D: an immediate PCA projection,
 * then t-SNE (Barnes-Hut, FFT-accelerated, or exact with smile) or UMAP on the top {@value #PCA_DIMS} principal
 * components, in blocks of steps so progress is reported and cancellation is honoured.
 */
public final class OrbitEmbedder {

    /** Dimensions kept by PCA before t-SNE. */
    public static final int PCA_DIMS = 50;
    /** Default number of test samples. */
    public static final int DEFAULT_SAMPLES = 500;
    /** t-SNE iterations between progress reports and cancellation checks. */
    public static final int BLOCK = 25;
    /** UMAP epochs between progress reports and cancellation checks. */
    public static final int UMAP_BLOCK = 10;

    private final OrbitActivations activations;
    private final List<String> classNames;
    private final int[] pointSamples;
    private OrbitClassRatio.Result activationRatio;
    private double[][] reduced;

    /**
     * @param activations the orbit activations
     * @param classNames a name per class
     */
    public OrbitEmbedder(OrbitActivations activations, List<String> classNames) {
        this.activations = activations;
        this.classNames = List.copyOf(classNames);
        this.pointSamples = activations.pointSamples();
    }

    /**
     * Computes the activations of the first {@code samples} test samples of a model's dataset.
     *
     * @param model the model
     * @param data its dataset (same id and split seed as the model card)
     * @param samples number of test samples, at least 2
     * @param listener checked for cancellation
     * @return an embedder over those activations
     */
    public static OrbitEmbedder forModel(StoredModel model, TransformingDataset data, int samples,
            EmbeddingListener listener) {
        return forModel(model, data, samples, null, listener);
    }

    /**
     * Computes the activations of one layer of the first {@code samples} test samples of a model's dataset.
     *
     * @param model the model
     * @param data its dataset (same id and split seed as the model card)
     * @param samples number of test samples, at least 2
     * @param layer a layer of the model, or {@code null} for its embedding layer (the last hidden layer)
     * @param listener checked for cancellation
     * @return an embedder over those activations
     * @throws OrbitscopeException if the model has no such layer
     */
    public static OrbitEmbedder forModel(StoredModel model, TransformingDataset data, int samples, String layer,
            EmbeddingListener listener) {
        Split test = data.test();
        if (samples < 2 || samples > test.size()) {
            throw new OrbitscopeException("The number of samples must be between 2 and " + test.size() + ", got "
                    + samples + ".");
        }
        int[] idx = new int[samples];
        for (int i = 0; i < samples; i++) {
            idx[i] = i;
        }
        org.orbitscope.model.Classifier net = model.classifier();
        String kept = layer == null ? net.embeddingLayer() : layer;
        if (net.layers().stream().noneMatch(l -> l.name().equals(kept))) {
            throw new OrbitscopeException("The model has no layer '" + kept + "' (layers: "
                    + net.layers().stream().map(org.orbitscope.model.Classifier.Layer::name).toList() + ").");
        }
        OrbitActivations acts = OrbitActivations.compute(net, kept, test, idx,
                model.card().config().groupValue(), model.card().normalization(), listener);
        return new OrbitEmbedder(acts, data.id().classNames());
    }

    /** @return the activations */
    public OrbitActivations activations() {
        return activations;
    }

    /** @return the orbit/class distance ratio in activation space (computed once) */
    public synchronized OrbitClassRatio.Result activationRatio() {
        if (activationRatio == null) {
            activationRatio = OrbitClassRatio.of(activations.values(), activations.points(), activations.width(),
                    pointSamples, activations.labels());
        }
        return activationRatio;
    }

    private synchronized double[][] reduced() {
        if (reduced == null) {
            for (float v : activations.values()) {
                if (!Float.isFinite(v)) {
                    throw new OrbitscopeException("The model's activations contain NaN or infinite values (did its "
                            + "training diverge?), so they cannot be laid out.");
                }
            }
            reduced = Pca.project(activations.values(), activations.points(), activations.width(), PCA_DIMS);
        }
        return reduced;
    }

    /**
     * The share of the activations' total variance along each of the first principal components: the variance
     * of the component's scores over the sum of every activation's variance.
     *
     * @param components how many, at most {@value #PCA_DIMS}
     * @return one share per component, decreasing, in [0, 1] (0 when the activations do not vary)
     * @throws OrbitscopeException if an activation is not finite
     */
    public double[] explainedVariance(int components) {
        double[][] r = reduced();
        int n = r.length;
        int width = activations.width();
        float[] v = activations.values();
        double total = 0;
        for (int c = 0; c < width; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += v[i * width + c];
            }
            mean /= Math.max(1, n);
            for (int i = 0; i < n; i++) {
                double d = v[i * width + c] - mean;
                total += d * d;
            }
        }
        int k = Math.min(components, n == 0 ? 0 : r[0].length);
        double[] share = new double[k];
        for (int q = 0; q < k; q++) {
            double s = 0;
            for (double[] row : r) {
                s += row[q] * row[q];
            }
            share[q] = total > 0 ? s / total : 0;
        }
        return share;
    }

    /**
     * @param shares the variance shares of the first principal components
     * @return them in words, e.g. {@code PC1 41.2%, PC2 13.0% of the variance}
     */
    public static String explainedText(double[] shares) {
        StringBuilder b = new StringBuilder();
        for (int q = 0; q < shares.length; q++) {
            b.append(q == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "PC%d %.1f%%", q + 1,
                    100 * shares[q]));
        }
        return b.append(" of the variance").toString();
    }

    /**
     * @return the projection on the first two principal components
     * @throws OrbitscopeException if an activation is not finite
     */
    public OrbitEmbedding pca() {
        return result(OrbitEmbedding.Method.PCA, pcaCoordinates(), 0, Double.NaN);
    }

    private double[][] pcaCoordinates() {
        double[][] r = reduced();
        double[][] xy = new double[r.length][2];
        for (int i = 0; i < r.length; i++) {
            xy[i][0] = r[i][0];
            xy[i][1] = r[i].length > 1 ? r[i][1] : 0;
        }
        return xy;
    }

    /**
     * Runs t-SNE, or UMAP if the settings say so, on the top principal components.
     *
     * @param settings perplexity, iterations, learning rate, seed and method ({@link TsneSettings.Method#UMAP}
     *     runs UMAP with {@link UmapSettings#DEFAULT} and this seed)
     * @param listener progress (a copied layout every {@value #BLOCK} iterations, or {@value #UMAP_BLOCK} UMAP
     *     epochs) and cancellation
     * @return the final layout
     * @throws OrbitscopeException if the points would not fit in memory or time
     * @throws CancellationException if the listener cancels
     */
    public OrbitEmbedding layout(TsneSettings settings, EmbeddingListener listener) {
        if (settings.method() == TsneSettings.Method.UMAP) {
            return umap(UmapSettings.DEFAULT.withSeed(settings.seed()), listener);
        }
        int n = activations.points();
        settings.checkFits(n, Runtime.getRuntime().maxMemory());
        double[][] x = reduced();
        if (listener.isCancelled()) {
            throw new CancellationException("t-SNE cancelled");
        }
        LayoutRun stepper = start(x, settings, listener::isCancelled);
        run(stepper, settings.iterations(), BLOCK, "t-SNE", listener);
        return result(OrbitEmbedding.Method.TSNE, stepper.coordinates(), stepper.iterations(), stepper.cost());
    }

    /**
     * Runs UMAP on the top principal components, from the PCA layout.
     *
     * @param settings neighbours, minimum distance, spread, epochs, negative samples and seed
     * @param listener progress (a copied layout every {@value #UMAP_BLOCK} epochs) and cancellation
     * @return the final layout
     * @throws OrbitscopeException if there are too few or too many points
     * @throws CancellationException if the listener cancels
     */
    public OrbitEmbedding umap(UmapSettings settings, EmbeddingListener listener) {
        settings.checkFits(activations.points());
        double[][] x = reduced();
        double[][] start = pcaCoordinates();
        if (listener.isCancelled()) {
            throw new CancellationException("UMAP cancelled");
        }
        Umap run = new Umap(x, start, settings, listener::isCancelled);
        run(run, run.epochs(), UMAP_BLOCK, "UMAP", listener);
        return result(OrbitEmbedding.Method.UMAP, run.coordinates(), run.iterations(), Double.NaN);
    }

    /** Advances a run to {@code total} steps in blocks, reporting after each and checking for cancellation. */
    private static void run(LayoutRun stepper, int total, int block, String what, EmbeddingListener listener) {
        int done = stepper.iterations();
        while (done < total) {
            if (listener.isCancelled()) {
                throw new CancellationException(what + " cancelled after " + done + " steps");
            }
            int k = Math.min(block - (done % block == 0 ? 0 : done % block), total - done);
            stepper.update(k);
            done += k;
            listener.onProgress(done, total, stepper.cost(), stepper.coordinates());
        }
    }

    /**
     * Starts a t-SNE run of the settings' method on points.
     *
     * @param x the points, {@code n x d}
     * @param settings perplexity, learning rate, seed and method
     * @param cancelled polled during Barnes-Hut's neighbour search
     * @return the run, before its first block of iterations
     */
    static LayoutRun start(double[][] x, TsneSettings settings, java.util.function.BooleanSupplier cancelled) {
        return switch (settings.method().resolve(x.length)) {
            case UMAP -> throw new IllegalArgumentException("UMAP is not a t-SNE: run it with umap()");
            case EXACT -> exact(x, settings);
            case FFT -> new BarnesHutTsne(x, settings.perplexity(), settings.learningRate(),
                    BarnesHutTsne.DEFAULT_THETA, new org.orbitscope.analysis.embedding.fft.InterpolatedRepulsion(),
                    settings.seed(), cancelled);
            default -> new BarnesHutTsne(x, settings.perplexity(), settings.learningRate(),
                    BarnesHutTsne.DEFAULT_THETA, settings.seed(), cancelled);
        };
    }

    private static LayoutRun exact(double[][] x, TsneSettings settings) {
        int n = x.length;
        if (n == x[0].length) {
            // smile reads a square matrix as distances: pad one zero column so it stays data.
            double[][] padded = new double[n][];
            for (int i = 0; i < n; i++) {
                padded[i] = java.util.Arrays.copyOf(x[i], x[i].length + 1);
            }
            x = padded;
        }
        MathEx.setSeed(settings.seed());
        // smile does its first iteration in the constructor
        TSNE tsne = new TSNE(x, 2, settings.perplexity(), settings.learningRate(), 1);
        return new LayoutRun() {
            private int done = 1;

            @Override
            public int iterations() {
                return done;
            }

            @Override
            public void update(int steps) {
                tsne.update(steps);
                done += steps;
            }

            @Override
            public double cost() {
                return tsne.cost();
            }

            @Override
            public double[][] coordinates() {
                return copy(tsne.coordinates);
            }
        };
    }

    /**
     * Builds the result for a layout (e.g. a progress snapshot) without its ratio cost when asked.
     *
     * @param method how the layout was made
     * @param xy the layout, {@code points x 2} (kept)
     * @param iterations iterations done
     * @param cost t-SNE cost or NaN
     * @return the embedding
     */
    public OrbitEmbedding result(OrbitEmbedding.Method method, double[][] xy, int iterations, double cost) {
        int order = activations.group().order();
        List<EmbeddingPoint> pts = new ArrayList<>(xy.length);
        for (int p = 0; p < xy.length; p++) {
            pts.add(new EmbeddingPoint(pointSamples[p], p % order, activations.labels()[p],
                    activations.predicted()[p], xy[p][0], xy[p][1]));
        }
        OrbitClassRatio.Result layout = OrbitClassRatio.of(xy, pointSamples, activations.labels());
        return new OrbitEmbedding(method, pts, order, activations.group().labels(), classNames, layout,
                activationRatio(), iterations, cost);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
