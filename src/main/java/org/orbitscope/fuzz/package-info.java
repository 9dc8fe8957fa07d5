/**
 * Fuzzing of every parser of outside files (IDX, .npz, model cards with their weights): mutated valid files
 * must parse or fail with our own error, never with another exception and never hang. The test suite runs
 * thousands of cases; the {@code fuzz} command runs as many as one asks for.
 */
package org.orbitscope.fuzz;
