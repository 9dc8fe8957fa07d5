/** Composition root: the launcher that starts the desktop app or the command line. */
package org.orbitscope.app;
