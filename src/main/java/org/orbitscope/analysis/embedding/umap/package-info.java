/**
 * UMAP (McInnes, Healy and Melville, 2018) as umap-learn computes it: a fuzzy graph of each point's exact nearest
 * neighbours, a curve fitted to the minimum distance, and stochastic gradient descent with negative sampling from a
 * PCA start, reproducible for a seed.
 */
package org.orbitscope.analysis.embedding.umap;
