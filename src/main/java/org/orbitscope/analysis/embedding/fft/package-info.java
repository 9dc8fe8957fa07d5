/**
 * FFT-accelerated interpolation for t-SNE (Linderman et al., Nature Methods 2019): the repulsive forces of
 * all points at once, in time linear in the points.
 */
package org.orbitscope.analysis.embedding.fft;
