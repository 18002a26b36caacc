package org.certhub.intake;

import java.util.List;

/**
 * The raw payloads of these records were purged ({@link RawPayloadPurge}). Published inside the purge's transaction:
 * the owner of any other table that keeps values from these records (an operator's history of a record's reject
 * reasons) clears them in the same transaction.
 *
 * @param recordIds the raw records whose payloads are gone
 */
public record RawPayloadsPurged(List<Long> recordIds) {}
