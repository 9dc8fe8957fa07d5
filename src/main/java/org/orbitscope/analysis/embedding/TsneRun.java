package org.orbitscope.analysis.embedding;

/** One t-SNE optimization, advanced in blocks so that progress can be shown and the run cancelled. */
interface TsneRun {

    /** @return gradient steps done */
    int iterations();

    /**
     * Runs more gradient steps.
     *
     * @param steps number of steps
     */
    void update(int steps);

    /** @return the Kullback-Leibler cost after the last update */
    double cost();

    /** @return a copy of the layout, {@code n x 2} */
    double[][] coordinates();
}
