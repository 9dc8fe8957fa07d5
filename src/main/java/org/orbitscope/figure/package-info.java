/**
 * Publication figures drawn with Java2D, shared by the command line (headless PNG) and the desktop app
 * (shown on screen from the same image), so that what a user sees and what a paper prints are the same.
 */
package org.orbitscope.figure;
