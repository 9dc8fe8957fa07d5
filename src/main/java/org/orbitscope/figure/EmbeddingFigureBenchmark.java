package org.orbitscope.figure;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.orbitscope.analysis.embedding.EmbeddingPoint;
import org.orbitscope.analysis.embedding.OrbitClassRatio;
import org.orbitscope.analysis.embedding.OrbitEmbedding;

/**
 * Times a full drawing of the embedding figure, what the Embedding view does when a pan or zoom settles and
 * at every snapshot of a running layout: orbits of four points spread over ten Gaussian class clusters (the
 * shape of a t-SNE layout), drawn with traces and legend at 800 x 600, at pixel densities 1 and 2.
 */
public final class EmbeddingFigureBenchmark {

    /** One measured figure. */
    public record Result(String name, double value, String unit) {
    }

    private static final int REPEATS = 7;

    private EmbeddingFigureBenchmark() {
    }

    /**
     * @param points number of points, a multiple of four from 4
     * @return the median milliseconds of a drawing at each density, after two unmeasured ones
     */
    public static List<Result> run(int points) {
        EmbeddingFigure.State s = EmbeddingFigure.State.fitted(layout(points));
        List<Result> out = new ArrayList<>();
        for (int density = 1; density <= 2; density++) {
            double[] ms = new double[REPEATS];
            for (int r = -2; r < REPEATS; r++) {
                long t0 = System.nanoTime();
                BufferedImage[] layers = EmbeddingFigure.layers(s, 800, 600, density);
                if (layers[0].getWidth() != 800 * density) {
                    throw new IllegalStateException("unexpected figure size");
                }
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            out.add(new Result(String.format(Locale.ROOT, "render-embedding-%dpts-x%d", points, density),
                    ms[REPEATS / 2], "ms"));
        }
        return out;
    }

    private static OrbitEmbedding layout(int points) {
        if (points < 4 || points % 4 != 0) {
            throw new IllegalArgumentException("need a positive multiple of 4 points, got " + points);
        }
        SplittableRandom rng = new SplittableRandom(11);
        int samples = points / 4;
        List<EmbeddingPoint> pts = new ArrayList<>(points);
        double[][] xy = new double[points][];
        int[] sample = new int[points];
        int[] cls = new int[points];
        for (int s = 0; s < samples; s++) {
            int c = s % 10;
            double cx = 40 * Math.cos(2 * Math.PI * c / 10);
            double cy = 40 * Math.sin(2 * Math.PI * c / 10);
            for (int g = 0; g < 4; g++) {
                double x = cx + 8 * gaussian(rng);
                double y = cy + 8 * gaussian(rng);
                int i = 4 * s + g;
                pts.add(new EmbeddingPoint(s, g, c, c, x, y));
                xy[i] = new double[] {x, y};
                sample[i] = s;
                cls[i] = c;
            }
        }
        OrbitClassRatio.Result r = OrbitClassRatio.of(xy, sample, cls);
        return new OrbitEmbedding(OrbitEmbedding.Method.TSNE, pts, 4, List.of("0°", "90°", "180°", "270°"),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), r, r, 1000, 1);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
