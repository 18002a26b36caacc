package org.certhub.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.certhub.mapping.RejectReason;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A record's story: where it came from, what it said, and what became of it. */
@RestController
class RecordController {

    private final JdbcClient jdbc;
    private final RawRecordStore store;

    RecordController(JdbcClient jdbc, RawRecordStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    record Provenance(long recordId, String source, String channel, String file, String fileSha256, int row,
            OffsetDateTime receivedAt, String payloadSha256, String status, String mappingVersion,
            OffsetDateTime processedAt, String licenceIdentifier, String licenceNumber, Long duplicateOf,
            List<RejectReason> rejectReasons, Map<String, String> payload) {
    }

    @GetMapping("/api/v1/records/{id}")
    Provenance record(@PathVariable long id) {
        return jdbc.sql("""
                select r.id, r.source_id, d.channel, d.file_name, d.content_sha256, r.row_no, r.received_at,
                       r.payload_sha256, r.status, r.mapping_version, r.processed_at, v.identifier, l.number,
                       r.duplicate_of, r.payload
                from raw_record r join delivery d on d.id = r.delivery_id
                left join licence l on l.id = r.licence_id
                left join licence_version v on v.licence_id = l.id and v.version = 1
                where r.id = ?""").param(id)
                .query((rs, n) -> new Provenance(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class), rs.getString(12),
                        rs.getString(13), rs.getObject(14, Long.class), store.reasons(rs.getLong(1)),
                        RawRecordStore.payload(rs.getString(15))))
                .optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no record " + id));
    }
}
