/** Datasets: IDX files, Transforming-MNIST/FMNIST splits, normalization and the drift blend (SPEC section 1). */
package org.orbitscope.data;
