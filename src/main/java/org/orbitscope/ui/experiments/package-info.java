/** The Experiments tab: the paper's Table 1, drift (Fig. 4), spectral (Fig. 5) and nu-tuning curves. */
package org.orbitscope.ui.experiments;
