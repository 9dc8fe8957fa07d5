/** Experiments built on the metrics: evaluation tables, drift and spectral analyses. */
package org.orbitscope.analysis;
