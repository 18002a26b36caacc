/**
 * Edits of {@code routes/} and {@code mappings/} taken while the hub runs, each only after it is checked; a broken
 * edit leaves what runs in place and is reported.
 */
package org.certhub.reload;
