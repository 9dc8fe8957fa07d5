/** Plumbing shared by the desktop views: selection, background tasks, dialogs and the view contract. */
package org.orbitscope.ui.common;
