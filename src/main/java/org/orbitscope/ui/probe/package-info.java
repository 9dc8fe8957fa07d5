/** The Probe tab: any input (a test sample, a drawing, an image file) at any angle or shift, model by model. */
package org.orbitscope.ui.probe;
