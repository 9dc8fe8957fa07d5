package org.orbitscope.analysis.embedding;

/** Progress and cancellation of an embedding run; called on the computing thread. */
public interface EmbeddingListener {

    /** A listener that ignores progress and never cancels. */
    EmbeddingListener NONE = new EmbeddingListener() { };

    /**
     * Reports a finished block of t-SNE iterations.
     *
     * @param iteration iterations done so far
     * @param total iterations planned
     * @param cost the current Kullback-Leibler cost
     * @param coordinates a copy of the current layout, {@code points x 2}, safe to keep
     */
    default void onProgress(int iteration, int total, double cost, double[][] coordinates) {
    }

    /** @return true to stop the run at the next block of iterations */
    default boolean isCancelled() {
        return false;
    }
}
