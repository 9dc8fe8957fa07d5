/** Training engine: DA, IR and WT training with listeners, checkpoints and reproducible seeds (SPEC section 4). */
package org.orbitscope.train;
