package org.certhub.intake.formats;

import java.util.Map;

/**
 * A record as a reader or a channel produced it, before it is stored.
 *
 * @param rowNo     its position in the delivery: the spreadsheet row of a file (header is row 1), the index of a
 *                  record in a message or request (from 1)
 * @param values    field path to text, exactly as read
 * @param origin    where it came from inside the delivery, for people (topic/partition/offset, table and key);
 *                  null for files, whose row number says it
 * @param originKey what makes the record the same when it is delivered again (a Kafka offset, a table key); null
 *                  when the channel cannot tell
 */
public record RawRow(int rowNo, Map<String, String> values, String origin, String originKey) {

    public RawRow(int rowNo, Map<String, String> values) {
        this(rowNo, values, null, null);
    }
}
