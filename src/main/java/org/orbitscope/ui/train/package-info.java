/** Training from the desktop: the settings dialog, the background runs and the live dashboard. */
package org.orbitscope.ui.train;
