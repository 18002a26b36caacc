package org.certhub.intake;

/**
 * One delivery of a source (a file); {@code lastStoredRow} is the last row already in the raw store,
 * non-zero only when an interrupted delivery is resumed; {@code alreadyDone} when the very same file (same name,
 * content and modification time) was completed before a crash kept it from being moved out of the inbox.
 */
public record Delivery(long id, String sourceId, String fileName, int lastStoredRow, boolean alreadyDone) {}
