package org.orbitscope.analysis.layers;

/** Progress and cancellation of a layer-invariance computation; called on the computing thread. */
public interface LayerListener {

    /** A listener that ignores progress and never cancels. */
    LayerListener NONE = new LayerListener() { };

    /**
     * @param done samples whose orbits have been through the model
     * @param total samples to do
     */
    default void onProgress(int done, int total) {
    }

    /** @return true to stop at the next batch of orbits */
    default boolean isCancelled() {
        return false;
    }
}
