/** Invariance metrics: Acc, LI, DI, SI and SigmaMax (SPEC section 5). */
package org.orbitscope.metrics;
