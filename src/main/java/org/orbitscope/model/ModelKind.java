package org.orbitscope.model;

/** The three kinds of model of the paper. */
public enum ModelKind {
    /** Plain MLP trained with data augmentation. */
    DA,
    /** Plain MLP trained with data augmentation and an invariance regularizer. */
    IR,
    /** Weight-tied MLP: first layer pooled over the group orbit, genuinely invariant. */
    WT,
    /** A classifier imported from an ONNX file: inspected like the others, never trained here. */
    ONNX;

    /** @return true if the architecture is weight-tied */
    public boolean weightTied() {
        return this == WT;
    }
}
