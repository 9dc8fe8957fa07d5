/** The JavaFX desktop application (the only package that imports javafx). */
package org.orbitscope.ui;
