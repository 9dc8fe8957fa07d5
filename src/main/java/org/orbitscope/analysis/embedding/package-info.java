/**
 * Orbit embeddings: penultimate-layer activations of every orbit point, PCA, t-SNE and the orbit/class
 * distance ratio.
 */
package org.orbitscope.analysis.embedding;
