package org.orbitscope.analysis.embedding;

/**
 * One orbit point of an embedding.
 *
 * @param sample test-sample index
 * @param g group element applied to the sample
 * @param cls true class
 * @param predicted predicted class (-1 if unknown, e.g. read back from CSV)
 * @param x first embedding coordinate
 * @param y second embedding coordinate
 */
public record EmbeddingPoint(int sample, int g, int cls, int predicted, double x, double y) {
}
