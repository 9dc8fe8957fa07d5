package org.orbitscope.model;

import java.util.Arrays;
import java.util.List;

/**
 * The one interface through which every metric, saliency map, embedding and view inspects a model: logits,
 * input gradients and named layer activations on a batch. Orbitscope's own networks ({@link Network}) answer
 * it, and so does any imported graph, so nothing downstream branches on where a model came from.
 *
 * <p>Inputs are the normalized, flattened 36 x 36 images ({@link #inputs()} values per row, row-major); the
 * outputs are logits. An instance keeps the activations of its last {@link #forward} for
 * {@link #inputGradient} and {@link #activations}, so one instance must not be used from two threads at once:
 * create one per thread (see {@link StoredModel#classifier()}).
 */
public interface Classifier {

    /**
     * A layer whose activations can be read.
     *
     * @param name the layer's name, unique in the model (e.g. {@code h1} or an imported node's output)
     * @param width the number of values per sample
     */
    record Layer(String name, int width) {
    }

    /** The name of the logits among {@link #layers()}. */
    String LOGITS = "logits";

    /** @return values per input row (1296) */
    int inputs();

    /** @return logits per row (the number of classes) */
    int outputs();

    /**
     * Runs the model on a batch and keeps what the other calls need.
     *
     * @param x inputs, {@code n x inputs()} row-major (may be kept by reference until the next forward)
     * @param n number of rows
     * @return the logits, {@code n x outputs()} row-major, in an internal buffer valid until the next
     *     forward (copy it to keep it)
     */
    float[] forward(float[] x, int n);

    /**
     * Back-propagates a gradient of the loss w.r.t. the logits of the last forward to the input.
     *
     * @param dLogits {@code n x outputs()} values
     * @param dInput where to write the {@code n x inputs()} input gradient (overwritten)
     */
    void inputGradient(float[] dLogits, float[] dInput);

    /** @return the layers whose activations {@link #activations} gives, input to output, logits last */
    List<Layer> layers();

    /**
     * @param layer a name from {@link #layers()}
     * @return that layer's activations in the last forward, {@code n x width}, in an internal buffer valid
     *     until the next forward
     * @throws IllegalArgumentException if the model has no such layer
     */
    float[] activations(String layer);

    /** @return the layer an embedding shows by default (the input of the last linear layer) */
    String embeddingLayer();

    /** Rows per forward/backward pass of a native network: large matrix products. */
    int LARGE_PASS_ROWS = 3200;

    /**
     * @return how many rows a forward and input-gradient pass should hold for this model to run fastest: many
     *     for a network whose time is in large matrix products ({@value #LARGE_PASS_ROWS}), fewer for one
     *     whose kept activations would otherwise outgrow the processor's caches
     */
    default int passRows() {
        return LARGE_PASS_ROWS;
    }

    /**
     * @param name a layer name
     * @return the layer of that name
     * @throws IllegalArgumentException if there is none
     */
    default Layer layer(String name) {
        for (Layer l : layers()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer '" + name + "' (layers: "
                + layers().stream().map(Layer::name).toList() + ")");
    }

    /**
     * Logits of a batch, copied out of the internal buffer.
     *
     * @param x inputs, {@code n x inputs()}
     * @param n rows
     * @return a new array of {@code n x outputs()} logits
     */
    default float[] logits(float[] x, int n) {
        return Arrays.copyOf(forward(x, n), n * outputs());
    }
}
