package org.certhub.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.intake.formats.RawRow;
import org.certhub.mapping.RejectReason;
import org.certhub.platform.Sha256;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The raw record store: every record that entered, with its provenance and what became of it. */
@Repository
public class RawRecordStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JdbcTemplate template;

    RawRecordStore(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Opens the delivery of a file: resumes the unfinished delivery of the same file (same source, name and
     * content) left by a crash, or starts a new one.
     */
    @Transactional
    public Delivery openFileDelivery(String sourceId, String fileName, String contentSha256, Instant modifiedAt) {
        // milliseconds: what every database keeps of a file time, so that the comparison below is exact
        var modified =
                modifiedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        var earlier = jdbc.sql("""
                select id, status from delivery
                where source_id = ? and file_name = ? and content_sha256 = ? and file_modified_at = ?
                  and status in ('RECEIVING', 'DONE')
                order by id desc fetch first 1 rows only""")
                .params(sourceId, fileName, contentSha256, modified)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional();
        if (earlier.isPresent()) {
            long id = (Long) earlier.get()[0];
            if (earlier.get()[1].equals("DONE")) {
                return new Delivery(id, sourceId, fileName, 0, true);
            }
            int stored = jdbc.sql("select coalesce(max(row_no), 0) from raw_record where delivery_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .single();
            return new Delivery(id, sourceId, fileName, stored, false);
        }
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into delivery (source_id, channel, file_name, content_sha256, file_modified_at, received_at, status)
                values (?, 'file', ?, ?, ?, ?, 'RECEIVING')""").params(sourceId, fileName, contentSha256, modified, now()).update(key, "id");
        return new Delivery(key.getKeyAs(Number.class).longValue(), sourceId, fileName, 0, false);
    }

    /**
     * Opens the delivery of a request or message: everything that arrived together over a channel other than a file.
     *
     * @param name   what the sender called it (a request's idempotency key, a message id), or null
     * @param origin where it came from (a topic, a table, a queue)
     */
    @Transactional
    public Delivery openDelivery(String sourceId, String channel, String name, String origin) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into delivery (source_id, channel, file_name, origin, received_at, status)
                values (?, ?, ?, ?, ?, 'RECEIVING')""")
                .params(sourceId, channel, truncate(name, 512), truncate(origin, 512), now())
                .update(key, "id");
        return new Delivery(key.getKeyAs(Number.class).longValue(), sourceId, name, 0, false);
    }

    /**
     * Stores rows of a delivery in one transaction and returns them with their ids. A row whose origin key the
     * source delivered before (a message polled again after a crash) is not stored again and not returned.
     */
    @Transactional
    public List<RawRecord> store(Delivery delivery, List<RawRow> rows) {
        var keys = rows.stream()
                .map(RawRow::originKey)
                .filter(java.util.Objects::nonNull)
                .toList();
        if (!keys.isEmpty()) {
            var seen = new java.util.HashSet<>(jdbc.sql("""
                    select origin_key from raw_record where source_id = :source and origin_key in (:keys)""")
                    .param("source", delivery.sourceId())
                    .param("keys", keys)
                    .query(String.class)
                    .list());
            if (!seen.isEmpty()) {
                rows = rows.stream()
                        .filter(r -> r.originKey() == null || !seen.contains(r.originKey()))
                        .toList();
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        var receivedAt = now();
        var payloads = new String[rows.size()];
        var hashes = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            payloads[i] = JSON.writeValueAsString(rows.get(i).values());
            hashes[i] = Sha256.hex(payloads[i]);
        }
        List<RawRow> toInsert = rows;
        template.batchUpdate("""
                insert into raw_record (delivery_id, source_id, row_no, received_at, payload, payload_sha256, status,
                                        origin, origin_key)
                values (?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?)""", new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(java.sql.PreparedStatement ps, int i) throws SQLException {
                RawRow row = toInsert.get(i);
                ps.setLong(1, delivery.id());
                ps.setString(2, delivery.sourceId());
                ps.setInt(3, row.rowNo());
                ps.setObject(4, receivedAt);
                ps.setString(5, payloads[i]);
                ps.setString(6, hashes[i]);
                ps.setString(7, truncate(row.origin(), 512));
                ps.setString(8, row.originKey());
            }

            @Override
            public int getBatchSize() {
                return toInsert.size();
            }
        });
        // only the ids are read back: the rows themselves are in hand (a delivery's row numbers are unique)
        var ids = new java.util.HashMap<Integer, Long>(rows.size() * 2);
        template.query(
                "select id, row_no from raw_record where delivery_id = ? and row_no between ? and ?",
                rs -> {
                    ids.put(rs.getInt(2), rs.getLong(1));
                },
                delivery.id(),
                rows.get(0).rowNo(),
                rows.get(rows.size() - 1).rowNo());
        var stored = new java.util.ArrayList<RawRecord>(rows.size());
        Instant at = receivedAt.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (int i = 0; i < rows.size(); i++) {
            RawRow row = rows.get(i);
            stored.add(new RawRecord(
                    ids.get(row.rowNo()),
                    delivery.id(),
                    delivery.sourceId(),
                    row.rowNo(),
                    at,
                    row.values(),
                    hashes[i],
                    RecordStatus.RECEIVED,
                    truncate(row.origin(), 512)));
        }
        return stored;
    }

    /**
     * Records of a source stored under these origin keys and not processed yet: what a delivery that failed after
     * storing left behind, for its redelivery to process at once instead of waiting for the sweeper.
     */
    public List<RawRecord> receivedWithOriginKeys(String sourceId, List<String> originKeys) {
        if (originKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select * from raw_record where source_id = :source and origin_key in (:keys) and status = 'RECEIVED'
                order by id""")
                .param("source", sourceId)
                .param("keys", originKeys)
                .query(RawRecordStore::record)
                .list();
    }

    @Transactional
    public void completeDelivery(long deliveryId) {
        jdbc.sql("""
                update delivery set status = 'DONE', completed_at = ?,
                       record_count = (select count(*) from raw_record where delivery_id = ?)
                where id = ?""").params(now(), deliveryId, deliveryId).update();
    }

    @Transactional
    public void failDelivery(long deliveryId, String error) {
        jdbc.sql("""
                update delivery set status = 'FAILED', completed_at = ?, error = ?,
                       record_count = (select count(*) from raw_record where delivery_id = ?)
                where id = ?""")
                .params(now(), truncate(error, 4000), deliveryId, deliveryId)
                .update();
    }

    /** Records a delivery that was refused whole (unreadable, empty, wrong header) before any row was stored. */
    @Transactional
    public long recordFailedFile(String sourceId, String fileName, String contentSha256, String error) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into delivery (source_id, channel, file_name, content_sha256, received_at, status, error, completed_at)
                values (?, 'file', ?, ?, ?, 'FAILED', ?, ?)""")
                .params(sourceId, fileName, contentSha256, now(), truncate(error, 4000), now())
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    /** Locks a record for processing in the caller's transaction; false when it was processed already. */
    public boolean claim(long recordId) {
        return jdbc.sql("select status from raw_record where id = ? for update")
                .param(recordId)
                .query(String.class)
                .optional()
                .filter(RecordStatus.RECEIVED.name()::equals)
                .isPresent();
    }

    public void markIssued(long recordId, String mappingVersion, String businessKey, long licenceId, Long versionId) {
        jdbc.sql("""
                update raw_record set status = 'ISSUED', mapping_version = ?, business_key = ?, licence_id = ?,
                       licence_version_id = ?, processed_at = ? where id = ?""")
                .params(mappingVersion, businessKey, licenceId, versionId, now(), recordId)
                .update();
    }

    public void markDuplicate(
            long recordId, String mappingVersion, String businessKey, long licenceId, long firstRecordId) {
        jdbc.sql("""
                update raw_record set status = 'DUPLICATE', mapping_version = ?, business_key = ?, licence_id = ?,
                       duplicate_of = ?, processed_at = ? where id = ?""")
                .params(mappingVersion, businessKey, licenceId, firstRecordId, now(), recordId)
                .update();
    }

    public void markRejected(long recordId, String mappingVersion, List<RejectReason> reasons) {
        jdbc.sql("update raw_record set status = 'REJECTED', mapping_version = ?, processed_at = ? where id = ?")
                .params(mappingVersion, now(), recordId)
                .update();
        jdbc.sql("delete from reject_reason where raw_record_id = ?")
                .param(recordId)
                .update();
        for (RejectReason r : reasons) {
            jdbc.sql(
                            "insert into reject_reason (raw_record_id, field, field_value, rule, message) values (?, ?, ?, ?, ?)")
                    .params(
                            recordId,
                            r.field(),
                            truncate(printable(r.value()), 4000),
                            r.rule(),
                            truncate(printable(r.message()), 1000))
                    .update();
        }
    }

    /**
     * A record whose licence version a sealer sent back becomes a reject again, with the sealer's reason, so that it
     * can be re-driven (or discarded) like any other; the licence it made stays linked.
     */
    public void markSentBack(long recordId, RejectReason reason) {
        String mappingVersion = jdbc.sql("select mapping_version from raw_record where id = ?")
                .param(recordId)
                .query(String.class)
                .single();
        markRejected(recordId, mappingVersion, List.of(reason));
    }

    /** Why a record was rejected, in the order the checks found it. */
    public List<RejectReason> reasons(long recordId) {
        return jdbc.sql(
                        "select field, field_value, rule, message from reject_reason where raw_record_id = ? order by id")
                .param(recordId)
                .query((rs, n) -> new RejectReason(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** A stored payload, column name to text in the order read. */
    public static Map<String, String> payload(String json) {
        return JSON.readValue(json, PAYLOAD);
    }

    /** Records still waiting to be mapped, received before the instant: work a crash left behind. */
    public List<RawRecord> stalled(Instant receivedBefore, int limit) {
        return jdbc.sql("""
                select * from raw_record where status = 'RECEIVED' and received_at < ? order by id fetch first ? rows only""")
                .params(receivedBefore.atOffset(ZoneOffset.UTC), limit)
                .query(RawRecordStore::record)
                .list();
    }

    public Optional<RawRecord> find(long recordId) {
        return jdbc.sql("select * from raw_record where id = ?")
                .param(recordId)
                .query(RawRecordStore::record)
                .optional();
    }

    private static RawRecord record(ResultSet rs, int row) throws SQLException {
        return new RawRecord(
                rs.getLong("id"),
                rs.getLong("delivery_id"),
                rs.getString("source_id"),
                rs.getInt("row_no"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                payload(rs.getString("payload")),
                rs.getString("payload_sha256"),
                RecordStatus.valueOf(rs.getString("status")),
                rs.getString("origin"));
    }

    /** Control characters as visible escapes: PostgreSQL refuses NUL in text, and operators cannot see the others. */
    static String printable(String s) {
        if (s == null || s.codePoints().noneMatch(Character::isISOControl)) {
            return s;
        }
        var sb = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append("\\u%04X".formatted(cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
