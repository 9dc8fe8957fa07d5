/**
 * Where invariance lives: the normalized orbit variance of every unit of every layer of a model, per layer and
 * per unit, computed through the model interface on full group orbits.
 */
package org.orbitscope.analysis.layers;
