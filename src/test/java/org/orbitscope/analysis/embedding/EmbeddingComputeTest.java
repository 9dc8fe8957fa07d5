package org.orbitscope.analysis.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.embedding.umap.UmapSettings;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.group.Groups;
import org.orbitscope.model.Architecture;
import org.orbitscope.model.Network;
import org.orbitscope.model.Parameters;
import org.orbitscope.model.Pooling;

/** Orbit activations, PCA, the orbit/class ratio, t-SNE runs, settings checks and the CSV format. */
class EmbeddingComputeTest {

    private static final int[] SIZES = {1296, 32, 16, 9};
    private static TransformingDataset data;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static int[] first(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private static OrbitActivations activations(Architecture arch, int n) {
        Network net = new Network(arch, Parameters.initialize(SIZES, 7));
        return OrbitActivations.compute(net, data.test(), first(n), Groups.R4, data.normalization(),
                EmbeddingListener.NONE);
    }

    @Test
    void weightTiedOrbitPointsCoincideInActivationSpace() {
        OrbitActivations acts = activations(Architecture.weightTied(SIZES, Groups.R4, Pooling.MAX), 12);
        assertEquals(48, acts.points());
        assertEquals(16, acts.width());
        OrbitClassRatio.Result r = new OrbitEmbedder(acts, data.id().classNames()).activationRatio();
        assertTrue(r.sameClass() > 1e-3, "distinct samples are apart: " + r.sameClass());
        assertEquals(0, r.orbit(), 1e-5 * r.sameClass(), "orbit points coincide");
        assertEquals(0, r.ratio(), 1e-5);
        for (int p = 0; p < acts.points(); p++) {
            assertEquals(acts.predicted()[p - p % 4], acts.predicted()[p], "same prediction along the orbit");
        }
    }

    @Test
    void plainNetworkOrbitPointsSpreadOut() {
        OrbitActivations acts = activations(Architecture.plain(SIZES), 12);
        OrbitClassRatio.Result r = new OrbitEmbedder(acts, data.id().classNames()).activationRatio();
        assertTrue(r.ratio() > 0.1, "ratio " + r.ratio());
    }

    @Test
    void ratioMatchesHandWorkedValues() {
        // Samples 0 and 1 (class 0), 2 (class 0), 3 (class 1); two points per sample.
        double[][] xy = {{0, 0}, {3, 4}, {10, 0}, {10, 2}, {0, 10}, {0, 10}, {50, 50}, {60, 50}};
        int[] sample = {0, 0, 1, 1, 2, 2, 3, 3};
        int[] cls = {0, 0, 0, 0, 0, 0, 1, 1};
        OrbitClassRatio.Result r = OrbitClassRatio.of(xy, sample, cls);
        assertEquals((5 + 2 + 0 + 10) / 4.0, r.orbit(), 1e-12);
        double s01 = 10 + Math.hypot(10, 2) + Math.hypot(7, 4) + Math.hypot(7, 2);
        double s02 = 10 + 10 + Math.hypot(3, 6) + Math.hypot(3, 6);
        double s12 = Math.hypot(10, 10) * 2 + Math.hypot(10, 8) * 2;
        assertEquals((s01 + s02 + s12) / 12, r.sameClass(), 1e-12);
    }

    @Test
    void pcaScoresAreUncorrelatedSortedAndKeepTheVariance() {
        int n = 60;
        java.util.Random rnd = new java.util.Random(3);
        float[] x = new float[n * 3];
        double total = 0;
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextGaussian() * 5;
            double b = rnd.nextGaussian();
            x[3 * i] = (float) (a + b);
            x[3 * i + 1] = (float) (a - b);
            x[3 * i + 2] = (float) (0.1 * rnd.nextGaussian() + 4);
            for (int c = 0; c < 3; c++) {
                mean[c] += x[3 * i + c] / (double) n;
            }
        }
        for (int i = 0; i < n * 3; i++) {
            total += (x[i] - mean[i % 3]) * (x[i] - mean[i % 3]);
        }
        double[][] p = Pca.project(x, n, 3, 3);
        double[][] gram = new double[3][3];
        for (double[] row : p) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        assertEquals(total, gram[0][0] + gram[1][1] + gram[2][2], 1e-6 * total);
        assertTrue(gram[0][0] > gram[1][1] && gram[1][1] > gram[2][2]);
        assertEquals(0, gram[0][1], 1e-6 * total);
        assertEquals(0, gram[0][2], 1e-6 * total);
        assertEquals(0, gram[1][2], 1e-6 * total);
        assertEquals(2, Pca.project(x, n, 3, 2)[0].length);
    }

    @Test
    void theVarianceExplainedByEachComponentIsItsShareOfTheTotal() {
        // 8 samples x R4 = 32 points: a column of +-3, an uncorrelated column of +-1, a constant column
        int n = 32;
        float[] v = new float[n * 3];
        for (int i = 0; i < n; i++) {
            v[i * 3] = i % 2 == 0 ? 3 : -3;
            v[i * 3 + 1] = (i / 2) % 2 == 0 ? 1 : -1;
            v[i * 3 + 2] = 5;
        }
        OrbitActivations acts = new OrbitActivations(new int[] {0, 1, 2, 3, 4, 5, 6, 7},
                org.orbitscope.group.Groups.R4, v, 3, new int[n], new int[n]);
        OrbitEmbedder e = new OrbitEmbedder(acts, data.id().classNames());
        double[] share = e.explainedVariance(3);
        assertEquals(0.9, share[0], 1e-9);
        assertEquals(0.1, share[1], 1e-9);
        assertEquals(0, share[2], 1e-9);
        assertEquals("PC1 90.0%, PC2 10.0% of the variance", OrbitEmbedder.explainedText(e.explainedVariance(2)));
    }

    @ParameterizedTest
    @EnumSource(value = TsneSettings.Method.class, mode = EnumSource.Mode.EXCLUDE, names = "UMAP")
    void tsneReportsProgressAndSeparatesOrbitsOfAPlainNetwork(TsneSettings.Method method) {
        OrbitEmbedder e = new OrbitEmbedder(activations(Architecture.plain(SIZES), 40), data.id().classNames());
        OrbitEmbedding pca = e.pca();
        assertEquals(OrbitEmbedding.Method.PCA, pca.method());
        assertEquals(160, pca.points().size());
        AtomicInteger reports = new AtomicInteger();
        OrbitEmbedding t = e.layout(new TsneSettings(10, 300, 200, 1, method), new EmbeddingListener() {
            @Override
            public void onProgress(int iteration, int total, double cost, double[][] coordinates) {
                reports.incrementAndGet();
                assertEquals(160, coordinates.length);
            }
        });
        assertEquals(OrbitEmbedding.Method.TSNE, t.method());
        assertEquals(300, t.iterations());
        assertEquals(12, reports.get());
        assertTrue(Double.isFinite(t.layoutRatio().ratio()));
        EmbeddingPoint p = t.points().get(5);
        assertEquals(1, p.sample());
        assertEquals(1, p.g());
        assertEquals(data.test().label(1), p.cls());
    }

    @Test
    void umapReportsProgressEveryTenEpochsAndStops() {
        OrbitEmbedder e = new OrbitEmbedder(activations(Architecture.plain(SIZES), 40), data.id().classNames());
        AtomicInteger reports = new AtomicInteger();
        OrbitEmbedding u = e.layout(new TsneSettings(10, 300, 200, 1, TsneSettings.Method.UMAP),
                new EmbeddingListener() {
                    @Override
                    public void onProgress(int epoch, int total, double cost, double[][] coordinates) {
                        reports.incrementAndGet();
                        assertEquals(500, total, "umap-learn's epochs up to 10,000 points");
                        assertEquals(160, coordinates.length);
                        assertTrue(Double.isNaN(cost));
                    }
                });
        assertEquals(OrbitEmbedding.Method.UMAP, u.method());
        assertEquals(500, u.iterations());
        assertEquals(50, reports.get());
        assertTrue(Double.isNaN(u.cost()));
        assertTrue(Double.isFinite(u.layoutRatio().ratio()));
        AtomicInteger blocks = new AtomicInteger();
        assertThrows(CancellationException.class, () -> e.umap(UmapSettings.DEFAULT, new EmbeddingListener() {
            @Override
            public void onProgress(int epoch, int total, double cost, double[][] coordinates) {
                blocks.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return blocks.get() >= 3;
            }
        }));
        assertEquals(3, blocks.get());
    }

    @Test
    void tsneStopsWhenCancelled() {
        OrbitEmbedder e = new OrbitEmbedder(activations(Architecture.plain(SIZES), 20), data.id().classNames());
        AtomicInteger blocks = new AtomicInteger();
        assertThrows(CancellationException.class, () -> e.layout(new TsneSettings(5, 1000, 200, 0),
                new EmbeddingListener() {
                    @Override
                    public void onProgress(int iteration, int total, double cost, double[][] coordinates) {
                        blocks.incrementAndGet();
                    }

                    @Override
                    public boolean isCancelled() {
                        return blocks.get() >= 2;
                    }
                }));
        assertEquals(2, blocks.get());
    }

    @Test
    void nonFiniteActivationsAreRefusedWithTheReason() {
        float[] values = {0, 1, 2, 3, Float.NaN, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        OrbitActivations acts = new OrbitActivations(new int[] {0, 1}, Groups.R4, values, 2, new int[8], new int[8]);
        OrbitEmbedder e = new OrbitEmbedder(acts, data.id().classNames());
        OrbitscopeException pca = assertThrows(OrbitscopeException.class, e::pca);
        assertTrue(pca.getMessage().contains("NaN"), pca.getMessage());
        assertThrows(OrbitscopeException.class, () -> e.layout(new TsneSettings(2, 250, 200, 0),
                EmbeddingListener.NONE));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(OrbitscopeException.class, () -> new TsneSettings(0.5, 1000, 200, 0));
        assertThrows(OrbitscopeException.class, () -> new TsneSettings(30, 10, 200, 0));
        assertThrows(OrbitscopeException.class, () -> new TsneSettings(30, 1000, -1, 0));
        TsneSettings s = new TsneSettings(30, 1000, 200, 0, TsneSettings.Method.EXACT);
        s.checkFits(2000, 4L << 30);
        OrbitscopeException tooMany = assertThrows(OrbitscopeException.class, () -> s.checkFits(12_000, 64L << 30));
        assertTrue(tooMany.getMessage().contains("12000 x 12000"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("Barnes-Hut"), "suggests the other method: " + tooMany.getMessage());
        OrbitscopeException heap = assertThrows(OrbitscopeException.class, () -> s.checkFits(8000, 1L << 30));
        assertTrue(heap.getMessage().contains("heap"), heap.getMessage());
        assertThrows(OrbitscopeException.class, () -> s.checkFits(60, 4L << 30), "perplexity too large");
        // Barnes-Hut needs no n x n matrices: the same point counts fit a small heap, up to its time limit
        assertEquals(TsneSettings.Method.AUTO, TsneSettings.DEFAULT.method());
        assertEquals(TsneSettings.Method.BARNES_HUT, TsneSettings.Method.AUTO.resolve(TsneSettings.FFT_FROM));
        assertEquals(TsneSettings.Method.FFT, TsneSettings.Method.AUTO.resolve(TsneSettings.FFT_FROM + 1));
        assertEquals(TsneSettings.Method.EXACT, TsneSettings.Method.EXACT.resolve(50_000));
        TsneSettings bh = new TsneSettings(30, 1000, 200, 0, TsneSettings.Method.BARNES_HUT);
        bh.checkFits(12_000, 1L << 30);
        bh.checkFits(TsneSettings.MAX_POINTS_BARNES_HUT, 1L << 30);
        OrbitscopeException slow = assertThrows(OrbitscopeException.class, () -> bh.checkFits(50_000, 64L << 30));
        assertTrue(slow.getMessage().contains("50000 points"), slow.getMessage());
        assertThrows(OrbitscopeException.class, () -> bh.checkFits(60, 4L << 30), "perplexity too large");
        // auto turns to the FFT where Barnes-Hut is refused; the FFT has its own limit
        TsneSettings.DEFAULT.checkFits(200_000, 4L << 30);
        OrbitscopeException huge = assertThrows(OrbitscopeException.class,
                () -> TsneSettings.DEFAULT.checkFits(TsneSettings.MAX_POINTS_FFT + 1, 64L << 30));
        assertTrue(huge.getMessage().contains("FFT"), huge.getMessage());
        assertEquals(TsneSettings.Method.FFT, TsneSettings.Method.parse("FFT"));
        assertEquals(TsneSettings.Method.AUTO, TsneSettings.Method.parse("auto"));
        assertEquals(TsneSettings.Method.EXACT, TsneSettings.Method.parse("Exact"));
        assertThrows(OrbitscopeException.class, () -> TsneSettings.Method.parse("fast"));
    }

    @Test
    void csvRoundTrips() throws Exception {
        List<EmbeddingPoint> pts = List.of(new EmbeddingPoint(3, 0, 7, 7, 1.25, -3.0e-7),
                new EmbeddingPoint(3, 1, 7, 2, Math.PI, 1e10), new EmbeddingPoint(9, 3, 0, 0, -0.0, 42));
        StringBuilder sb = new StringBuilder();
        EmbeddingCsv.write(pts, sb);
        assertTrue(sb.toString().startsWith("sample,g,class,x,y\n"));
        List<EmbeddingPoint> back = EmbeddingCsv.read(new StringReader(sb.toString()));
        assertEquals(pts.size(), back.size());
        for (int i = 0; i < pts.size(); i++) {
            EmbeddingPoint a = pts.get(i);
            EmbeddingPoint b = back.get(i);
            assertEquals(a.sample(), b.sample());
            assertEquals(a.g(), b.g());
            assertEquals(a.cls(), b.cls());
            assertEquals(a.x(), b.x(), 0);
            assertEquals(a.y(), b.y(), 0);
        }
        assertThrows(OrbitscopeException.class, () -> EmbeddingCsv.read(new StringReader("a,b\n1,2\n")));
    }
}
