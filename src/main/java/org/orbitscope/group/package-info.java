/** Symmetry groups acting on 36x36 images as exact pixel permutations (SPEC section 2). */
package org.orbitscope.group;
