/** Sources, format readers and the raw record store with each record's provenance. */
package org.certhub.intake;
