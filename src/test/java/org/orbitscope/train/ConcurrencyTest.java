package org.orbitscope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;
import org.orbitscope.metrics.Evaluation;
import org.orbitscope.metrics.Evaluator;
import org.orbitscope.metrics.SaliencySettings;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelKind;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.Pooling;
import org.orbitscope.model.Regularizer;
import org.orbitscope.model.StoredModel;

/** Work running side by side: results as when alone, and never two writers in one model directory. */
class ConcurrencyTest {

    private static TransformingDataset data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        data = TransformingDataset.load(DatasetId.TMNIST, 0);
    }

    private static ModelConfig tiny(int epochs, long seed) {
        return new ModelConfig(ModelKind.DA, "tmnist", "r4", 0, seed, epochs, 64, 2e-3, Regularizer.L2, 1,
                Pooling.MAX, new int[] {1296, 24, 16, 9}, 8, 1, 256);
    }

    private static Evaluation evaluate(StoredModel m) {
        int n = 40;
        return Evaluator.evaluate(m.network(), Evaluator.inputs(data.test(), n, data.normalization()),
                Evaluator.labels(data.test(), n), n, m.card().config().groupValue(), data.normalization(),
                SaliencySettings.DEFAULT, "tmnist", Evaluator.SILENT);
    }

    @Test
    void evaluatingAndEmbeddingWhileAnotherModelTrainsGiveTheSameNumbers() throws Exception {
        Path dir = tmp.resolve("m");
        new Trainer(tiny(2, 1), data).train(dir, new TrainingListener() { });
        StoredModel m = ModelStore.load(dir);
        Evaluation alone = evaluate(m);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TrainingResult> training = pool.submit(() -> new Trainer(tiny(40, 2), data)
                    .train(tmp.resolve("other"), new TrainingListener() { }));
            Evaluation during = evaluate(m);
            // the embedding's activations, PCA layout and orbit/class ratio too
            org.orbitscope.analysis.embedding.OrbitEmbedding embDuring = org.orbitscope.analysis.embedding
                    .OrbitEmbedder.forModel(m, data, 40, org.orbitscope.analysis.embedding.EmbeddingListener.NONE)
                    .pca();
            assertTrue(!training.isDone(), "the evaluation overlapped the training run");
            training.get(120, TimeUnit.SECONDS);
            org.orbitscope.analysis.embedding.OrbitEmbedding embAlone = org.orbitscope.analysis.embedding
                    .OrbitEmbedder.forModel(m, data, 40, org.orbitscope.analysis.embedding.EmbeddingListener.NONE)
                    .pca();
            assertEquals(embAlone.points(), embDuring.points(), "the same PCA layout");
            assertEquals(embAlone.activationRatio().ratio(), embDuring.activationRatio().ratio(), 1e-12);
            for (String k : List.of(Evaluation.ACC, Evaluation.LI, Evaluation.DI, Evaluation.SI,
                    Evaluation.SIGMA_MAX)) {
                assertEquals(alone.asMap().get(k), during.asMap().get(k), 1e-9 * Math.abs(alone.asMap().get(k)), k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRunsStartedTogetherIntoOneDirectoryLeaveOneIntactModel() throws Exception {
        Path dir = tmp.resolve("same");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<TrainingResult>> runs = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            runs.add(pool.submit(() -> {
                go.await();
                return new Trainer(tiny(3, seed), data).train(dir, new TrainingListener() { });
            }));
        }
        go.countDown();
        int ok = 0;
        int refused = 0;
        for (Future<TrainingResult> f : runs) {
            try {
                f.get(120, TimeUnit.SECONDS);
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof OrbitscopeException, e.getCause().toString());
                String msg = e.getCause().getMessage();
                assertTrue(msg.contains("being written by another training run") || msg.contains("already holds"),
                        msg);
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        assertEquals(1, refused);
        StoredModel m = ModelStore.load(dir);
        assertEquals(3, m.card().history().size());
        ModelStore.lockForWriting(dir).close(); // the claim was released
    }

    /** Adds {@code count} metrics named {@code prefix-i} to a card, one update each. */
    static void addMetrics(Path dir, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            ModelStore.updateCard(dir, card -> {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(card.metrics());
                m.put(key, (double) key.length());
                return card.withMetrics(m);
            });
        }
    }

    /** Child-process entry: {@code DIR PREFIX COUNT}. */
    public static void main(String[] args) {
        addMetrics(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
    }

    @Test
    void cardUpdatesFromThreadsAndAnotherProcessAreNeverLost() throws Exception {
        Path dir = tmp.resolve("m");
        new Trainer(tiny(1, 1), data).train(dir, new TrainingListener() { });
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(javaExe.toString(), "-cp", System.getProperty("java.class.path"),
                ConcurrencyTest.class.getName(), dir.toString(), "child", "40").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile());
        Process child = pb.start();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String prefix = "thread" + t;
            writers.add(pool.submit(() -> addMetrics(dir, prefix, 40)));
        }
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
        assertEquals(0, child.exitValue(), () -> readQuietly(tmp.resolve("child.log")));
        java.util.Map<String, Object> metrics = ModelStore.readCard(dir).metrics();
        for (String prefix : List.of("thread0", "thread1", "thread2", "child")) {
            for (int i = 0; i < 40; i++) {
                assertTrue(metrics.containsKey(prefix + "-" + i), prefix + "-" + i + " was lost");
            }
        }
        ModelStore.load(dir); // weights and card still agree
    }

    @Test
    void cardUpdateWaitsForAWriterAndGivesUpWithAClearMessage() throws Exception {
        Path dir = tmp.resolve("m");
        new Trainer(tiny(1, 1), data).train(dir, new TrainingListener() { });
        try (ModelStore.WriteLock training = ModelStore.lockForWriting(dir)) {
            OrbitscopeException e = org.junit.jupiter.api.Assertions.assertThrows(OrbitscopeException.class,
                    () -> ModelStore.lockForWriting(dir, 100));
            assertTrue(e.getMessage().startsWith(dir + " is being written"), e.getMessage());
        }
        ModelStore.lockForWriting(dir, 100).close();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
