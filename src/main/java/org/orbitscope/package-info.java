/** Orbitscope: see whether a network has learned genuine invariance or only looks invariant. */
package org.orbitscope;
