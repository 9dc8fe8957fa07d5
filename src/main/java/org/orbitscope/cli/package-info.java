/** Headless command line (picocli): one class per sub-command. */
package org.orbitscope.cli;
