/** Export of what a view shows: PNG snapshots and CSV of the plotted data. */
package org.orbitscope.ui.export;
