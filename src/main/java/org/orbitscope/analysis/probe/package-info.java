/**
 * The probe: a model's answer to any input at any transformation, beyond the group's own elements. Rotations
 * by any angle (bilinear interpolation) and cyclic shifts by any number of pixels, invariance profiles over a
 * grid of angles or shifts, the test samples ranked by how far from invariant each one is, and the import of
 * drawings and image files at the dataset's geometry.
 */
package org.orbitscope.analysis.probe;
