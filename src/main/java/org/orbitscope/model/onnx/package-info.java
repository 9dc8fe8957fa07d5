/**
 * Import of ONNX classifiers (as written by {@code torch.onnx.export}): a bounded protobuf reader, a graph of
 * the supported operators run on Orbitscope's own engine (im2col and OpenBLAS products), and its input
 * gradients, so that an imported model answers {@link org.orbitscope.model.Classifier} like a native one.
 */
package org.orbitscope.model.onnx;
