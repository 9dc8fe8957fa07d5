/** The desktop app's import of ONNX classifiers: choose the file, say what it classifies, import it. */
package org.orbitscope.ui.onnx;
