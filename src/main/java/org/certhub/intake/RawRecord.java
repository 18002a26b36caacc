package org.certhub.intake;

import java.time.Instant;
import java.util.Map;

/**
 * One record as it arrived, with its provenance.
 *
 * @param rowNo   the row in the file as a spreadsheet shows it (the header is row 1), or the record's position in
 *                its message or request
 * @param payload field path to text, exactly as read
 * @param origin  where it came from inside its delivery (topic/partition/offset, table and key), or null
 */
public record RawRecord(
        long id,
        long deliveryId,
        String sourceId,
        int rowNo,
        Instant receivedAt,
        Map<String, String> payload,
        String payloadSha256,
        RecordStatus status,
        String origin) {}
