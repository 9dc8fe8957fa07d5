package org.orbitscope.analysis.embedding;

/**
 * One iterative 2-D layout (a t-SNE optimization, a UMAP optimization), advanced in blocks so that progress can
 * be shown and the run cancelled.
 */
public interface LayoutRun {

    /** @return steps done (t-SNE iterations, UMAP epochs) */
    int iterations();

    /**
     * Runs more steps.
     *
     * @param steps number of steps
     */
    void update(int steps);

    /** @return the Kullback-Leibler cost after the last update (t-SNE), or NaN for a method without one */
    double cost();

    /** @return a copy of the layout, {@code n x 2} */
    double[][] coordinates();
}
