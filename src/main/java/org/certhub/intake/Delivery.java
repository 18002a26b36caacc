package org.certhub.intake;

/**
 * One delivery of a source (a file); {@code lastStoredRow} is the last row already in the raw store,
 * non-zero only when an interrupted delivery is resumed.
 */
public record Delivery(long id, String sourceId, String fileName, int lastStoredRow) {
}
