package org.certhub.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.mapping.RejectReason;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A record's whole story, for operators and auditors: where it came from (source, channel, file and row, topic and
 * offset, table and key), what it said, which mapping version read it, what became of it (the licence version it
 * made, the publication acknowledgement, or its reject reasons) and what operators did with it.
 */
@Component
public class RecordStories {

    private final JdbcClient jdbc;
    private final RawRecordStore store;

    RecordStories(JdbcClient jdbc, RawRecordStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** Where the record came from. */
    public record Origin(
            String source,
            String channel,
            long deliveryId,
            String file,
            String fileSha256,
            int row,
            String origin,
            OffsetDateTime receivedAt,
            String payloadSha256) {}

    /** What the record made: a licence version (new, renewal, change) or a status change, and its publication. */
    public record Result(
            String status,
            String mappingVersion,
            OffsetDateTime processedAt,
            String businessKey,
            String licenceNumber,
            String licenceIdentifier,
            String operation,
            String versionState,
            String fileSha256,
            List<String> acknowledgements,
            Long duplicateOf,
            List<RejectReason> rejectReasons) {}

    /** A re-drive or discard. */
    public record Action(
            String action,
            String actor,
            String reason,
            String previousStatus,
            String previousReasons,
            OffsetDateTime at) {}

    public record RecordStory(
            long recordId, Origin origin, Result result, List<Action> actions, Map<String, String> payload) {

        /**
         * The story as anyone may see it ({@link PersonalDataViews}): every ID number in what the record said, its
         * business key, its reject reasons and what operators wrote, masked.
         */
        public RecordStory masked() {
            Result r = result;
            return new RecordStory(
                    recordId,
                    origin,
                    new Result(
                            r.status(),
                            r.mappingVersion(),
                            r.processedAt(),
                            CitizenIdNumber.maskWithin(r.businessKey()),
                            r.licenceNumber(),
                            r.licenceIdentifier(),
                            r.operation(),
                            r.versionState(),
                            r.fileSha256(),
                            r.acknowledgements(),
                            r.duplicateOf(),
                            r.rejectReasons().stream().map(RejectReason::masked).toList()),
                    actions.stream()
                            .map(a -> new Action(
                                    a.action(),
                                    a.actor(),
                                    CitizenIdNumber.maskWithin(a.reason()),
                                    a.previousStatus(),
                                    CitizenIdNumber.maskWithin(a.previousReasons()),
                                    a.at()))
                            .toList(),
                    PersonalDataViews.masked(payload));
        }
    }

    public Optional<RecordStory> find(long id) {
        return jdbc.sql("""
                select r.id, r.source_id, d.channel, d.id, d.file_name, d.content_sha256, r.row_no, r.origin,
                       r.received_at, r.payload_sha256, r.status, r.mapping_version, r.processed_at, r.business_key,
                       l.number, coalesce(v.identifier, cv.identifier), coalesce(v.operation, e.operation), v.state,
                       v.file_sha256, r.duplicate_of, r.payload, v.id, e.published_at, d.origin
                from raw_record r join delivery d on d.id = r.delivery_id
                left join licence l on l.id = r.licence_id
                left join licence_version v on v.id = r.licence_version_id
                left join licence_version cv on cv.licence_id = l.id and cv.version = l.current_version
                left join licence_event e on e.raw_record_id = r.id and e.version_id is null
                where r.id = ?""")
                .param(id)
                .query((rs, n) -> {
                    long versionId = rs.getLong(22);
                    var acks = new java.util.ArrayList<String>();
                    if (!rs.wasNull()) {
                        acks.addAll(jdbc.sql("""
                                select target || ': ' || status || coalesce(' ' || acknowledgement, '')
                                from publication where licence_version_id = ? order by target""")
                                .param(versionId)
                                .query(String.class)
                                .list());
                    }
                    var eventPublished = rs.getObject(23, OffsetDateTime.class);
                    if (eventPublished != null) {
                        acks.add("status notice published " + eventPublished);
                    }
                    String origin = rs.getString(8) != null ? rs.getString(8) : rs.getString(24);
                    return new RecordStory(
                            rs.getLong(1),
                            new Origin(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getLong(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getInt(7),
                                    origin,
                                    rs.getObject(9, OffsetDateTime.class),
                                    rs.getString(10)),
                            new Result(
                                    rs.getString(11),
                                    rs.getString(12),
                                    rs.getObject(13, OffsetDateTime.class),
                                    rs.getString(14),
                                    rs.getString(15),
                                    rs.getString(16),
                                    rs.getString(17),
                                    rs.getString(18),
                                    rs.getString(19),
                                    acks,
                                    rs.getObject(20, Long.class),
                                    store.reasons(rs.getLong(1))),
                            actions(rs.getLong(1)),
                            RawRecordStore.payload(rs.getString(21)));
                })
                .optional();
    }

    private List<Action> actions(long id) {
        return jdbc.sql("""
                select action, actor, reason, previous_status, previous_reasons, acted_at from record_action
                where raw_record_id = ? order by id""")
                .param(id)
                .query((rs, n) -> new Action(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }
}
