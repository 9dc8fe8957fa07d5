/** The Embedding view: t-SNE of the penultimate activations over each sample's orbit, drawn on a canvas. */
package org.orbitscope.ui.embedding;
