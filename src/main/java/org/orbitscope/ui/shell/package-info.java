/** The main window: toolbar, model library, view area and status bar. */
package org.orbitscope.ui.shell;
