package org.orbitscope.analysis.embedding;

import java.util.List;

/**
 * A 2-D layout of orbit points with the orbit/class distance ratios that summarise it.
 *
 * @param method how the layout was made
 * @param points the points, orbit by orbit ({@code |G|} consecutive points per sample)
 * @param groupOrder number of group elements per orbit
 * @param groupLabels a label per group element
 * @param classNames a name per class
 * @param layoutRatio the orbit/class distance ratio in the 2-D layout
 * @param activationRatio the orbit/class distance ratio in the activation space
 * @param iterations t-SNE iterations or UMAP epochs done (0 for PCA)
 * @param cost final t-SNE cost (NaN for PCA and UMAP)
 */
public record OrbitEmbedding(Method method, List<EmbeddingPoint> points, int groupOrder, List<String> groupLabels,
        List<String> classNames, OrbitClassRatio.Result layoutRatio, OrbitClassRatio.Result activationRatio,
        int iterations, double cost) {

    /** How a layout was made. */
    public enum Method {
        /** The first two principal components: immediate, linear. */
        PCA("PCA"),
        /** t-SNE on the top principal components. */
        TSNE("t-SNE"),
        /** UMAP on the top principal components. */
        UMAP("UMAP");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** @return its name in text and figures: PCA, t-SNE or UMAP */
        public String label() {
            return label;
        }
    }

    /** Copies the lists. */
    public OrbitEmbedding {
        points = List.copyOf(points);
        groupLabels = List.copyOf(groupLabels);
        classNames = List.copyOf(classNames);
    }
}
