/** The orbit saliency grid view: saliency maps of samples across their group orbits, for up to three models. */
package org.orbitscope.ui.saliency;
