/** The Layers view: where each selected model's invariance lives, layer by layer and unit by unit. */
package org.orbitscope.ui.layers;
