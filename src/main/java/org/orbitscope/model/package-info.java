/** Networks (MLP and weight-tied MLP), their gradients, and the model store (SPEC sections 3 and 6). */
package org.orbitscope.model;
