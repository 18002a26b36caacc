package org.certhub.licence;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.certhub.catalog.CertificateType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The licence side of manual sealing: versions of a type that requires it wait in {@link VersionState#AWAITING_SEAL}
 * until a sealer releases them to the sign queue or sends them back ({@link VersionState#RETURNED}). A version sent
 * back is issued again, in place, when its record is re-driven or the upstream sends the corrected record under the
 * same business key: same licence, number and version number, new data, new verification token.
 * <p>
 * Every method runs in the caller's transaction.
 */
@Component
public class ManualSealing {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ManualSealing(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** The state a new version of the type starts in. */
    static VersionState initialState(CertificateType type) {
        return type.sealing().manual() ? VersionState.AWAITING_SEAL : VersionState.PENDING_SIGN;
    }

    /** Releases a waiting version to sealing; false when it is not (or no longer) waiting. */
    public boolean release(long versionId) {
        OffsetDateTime now = now();
        boolean released = jdbc.sql("update licence_version set state = ?, enqueued_at = ? where id = ? and state = ?")
                        .params(VersionState.PENDING_SIGN.name(), now, versionId, VersionState.AWAITING_SEAL.name())
                        .update()
                == 1;
        if (released) {
            long licenceId = jdbc.sql("select licence_id from licence_version where id = ?")
                    .param(versionId)
                    .query(Long.class)
                    .single();
            events.publishEvent(new LicenceEvent.VersionReleased(licenceId, versionId, now.toInstant()));
        }
        return released;
    }

    /**
     * The latest version of a licence that is not waiting for a sealer nor sent back: while a renewal or change
     * waits, the version before it is still the certificate in force. Null when there is none.
     */
    public Integer versionInForce(long licenceId) {
        return jdbc.sql("select max(version) from licence_version where licence_id = ? and state not in (?, ?)")
                .params(licenceId, VersionState.AWAITING_SEAL.name(), VersionState.RETURNED.name())
                .query(Integer.class)
                .optional()
                .orElse(null);
    }

    /**
     * The number of a licence's next version: after its current one, and after any a sealer sent back (they keep
     * their numbers and identifiers, and the licence's current version went back before them).
     */
    int nextVersion(long licenceId, int currentVersion) {
        int last = jdbc.sql("select max(version) from licence_version where licence_id = ?")
                .param(licenceId)
                .query(Integer.class)
                .single();
        return Math.max(last, currentVersion) + 1;
    }

    /** A version a sealer sent back, and the record it came from. */
    public record SentBack(long licenceId, long versionId, int version, long rawRecordId) {}

    /**
     * Sends a waiting version back; empty when it is not (or no longer) waiting. When it was the licence's current
     * version (a renewal or change), the licence falls back to its latest version that was not sent back, so that
     * the next operation builds on what was really issued.
     */
    public Optional<SentBack> sendBack(CertificateType type, long versionId) {
        int updated = jdbc.sql("update licence_version set state = ? where id = ? and state = ?")
                .params(VersionState.RETURNED.name(), versionId, VersionState.AWAITING_SEAL.name())
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        var sent = jdbc.sql("select licence_id, version, raw_record_id from licence_version where id = ?")
                .param(versionId)
                .query((rs, n) -> new SentBack(rs.getLong(1), versionId, rs.getInt(2), rs.getLong(3)))
                .single();
        int current = jdbc.sql("select current_version from licence where id = ? for update")
                .param(sent.licenceId())
                .query(Integer.class)
                .single();
        if (current == sent.version()) {
            jdbc.sql("""
                    select version, data from licence_version where licence_id = ? and version < ? and state <> ?
                    order by version desc fetch first 1 rows only""")
                    .params(sent.licenceId(), sent.version(), VersionState.RETURNED.name())
                    .query((rs, n) -> Map.entry(rs.getInt(1), JSON.readValue(rs.getString(2), DATA)))
                    .optional()
                    .ifPresent(earlier -> LicenceLibrary.moveCurrentVersion(
                            jdbc, type, sent.licenceId(), earlier.getKey(), null, earlier.getValue()));
        }
        events.publishEvent(new LicenceEvent.VersionSentBack(sent.licenceId(), versionId, now().toInstant()));
        return Optional.of(sent);
    }

    /**
     * Issues a new licence again whose only version was sent back: the version takes the new data and record and
     * waits for sealing again. Empty when the licence's version 1 was not sent back (a true duplicate).
     */
    Optional<IssueOutcome> reissueNew(
            CertificateType type, long licenceId, Map<String, String> data, long rawRecordId, LocalDate issuedOn) {
        int updated = jdbc.sql("""
                update licence_version set state = ?, data = ?, issued_on = ?, valid_from = ?, valid_to = ?,
                       verify_token = ?, raw_record_id = ?, enqueued_at = ?
                where licence_id = ? and version = 1 and state = ?""")
                .params(
                        initialState(type).name(),
                        JSON.writeValueAsString(data),
                        issuedOn,
                        issuedOn,
                        type.validTo(issuedOn, data),
                        LicenceLibrary.newToken(),
                        rawRecordId,
                        now(),
                        licenceId,
                        VersionState.RETURNED.name())
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        jdbc.sql("update licence set first_issued_on = ? where id = ?")
                .params(issuedOn, licenceId)
                .update();
        LicenceLibrary.moveCurrentVersion(jdbc, type, licenceId, 1, null, data);
        return Optional.of(issued(type, Operation.NEW, licenceId, 1));
    }

    /**
     * Applies a renewal or change again whose version was sent back (found by the operation's business key): the
     * version takes the new data, dates and record, becomes the licence's current version again and waits for
     * sealing. Empty when the operation's version was not sent back (a true duplicate). Refused when the status no
     * longer allows the operation, or when a later version was issued meanwhile.
     */
    Optional<IssueOutcome> reissueVersion(
            CertificateType type,
            Operation operation,
            String eventKey,
            Map<String, String> mergedData,
            String reason,
            long rawRecordId,
            String actor,
            LocalDate today) {
        record Returned(long eventId, long licenceId, long versionId, int version) {}
        var returned = jdbc.sql("""
                select e.id, e.licence_id, v.id, v.version from licence_event e
                join licence_version v on v.id = e.version_id
                where e.type_code = ? and e.business_key = ? and v.state = ?""")
                .params(type.code(), eventKey, VersionState.RETURNED.name())
                .query((rs, n) -> new Returned(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)))
                .optional()
                .orElse(null);
        if (returned == null) {
            return Optional.empty();
        }
        record Licence(
                LicenceStatus status,
                int currentVersion,
                long currentId,
                LocalDate validFrom,
                LocalDate validTo,
                String number) {}
        jdbc.sql("select id from licence where id = ? for update")
                .param(returned.licenceId())
                .query(Long.class)
                .single();
        var licence = jdbc.sql("""
                select l.status, l.current_version, v.id, v.valid_from, v.valid_to, l.number
                from licence l join licence_version v on v.licence_id = l.id and v.version = l.current_version
                where l.id = ?""")
                .param(returned.licenceId())
                .query((rs, n) -> new Licence(
                        LicenceStatus.valueOf(rs.getString(1)),
                        rs.getInt(2),
                        rs.getLong(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6)))
                .single();
        if (licence.currentVersion() != returned.version() - 1) {
            return Optional.of(new IssueOutcome.Refused(
                    "sent-back-superseded",
                    "退回的第 " + returned.version()
                            + " 版之后证照已有新版本，请作为新的业务重新报送 (a later version was issued after the version that was"
                            + " sent back: send the " + operation.id() + " again as a new operation)"));
        }
        LicenceStatus next = licence.status().after(operation).orElse(null);
        if (next == null) {
            return Optional.of(IssueOutcome.Refused.statusForbids(licence.number(), licence.status(), operation));
        }
        var validity = Validity.after(type, operation, licence.validFrom(), licence.validTo(), mergedData, today);
        jdbc.sql("""
                update licence_version set state = ?, data = ?, issued_on = ?, valid_from = ?, valid_to = ?,
                       verify_token = ?, raw_record_id = ?, enqueued_at = ?, predecessor_id = ?
                where id = ?""")
                .params(
                        initialState(type).name(),
                        JSON.writeValueAsString(mergedData),
                        today,
                        validity.from(),
                        validity.to(),
                        LicenceLibrary.newToken(),
                        rawRecordId,
                        now(),
                        licence.currentId(),
                        returned.versionId())
                .update();
        LicenceLibrary.moveCurrentVersion(jdbc, type, returned.licenceId(), returned.version(), next, mergedData);
        jdbc.sql("""
                update licence_event set from_status = ?, to_status = ?, reason = ?, raw_record_id = ?, actor = ?,
                       created_at = ? where id = ?""")
                .params(licence.status().name(), next.name(), reason, rawRecordId, actor, now(), returned.eventId())
                .update();
        if (licence.status() != next) {
            events.publishEvent(new LicenceEvent.StatusChanged(
                    returned.licenceId(),
                    returned.eventId(),
                    operation,
                    licence.status(),
                    next,
                    reason,
                    now().toInstant()));
        }
        return Optional.of(issued(type, operation, returned.licenceId(), returned.version()));
    }

    /** The version issued again, raising its event. */
    private IssueOutcome issued(CertificateType type, Operation operation, long licenceId, int version) {
        var issued = jdbc.sql("""
                select v.id, v.identifier, l.number from licence_version v join licence l on l.id = v.licence_id
                where v.licence_id = ? and v.version = ?""")
                .params(licenceId, version)
                .query((rs, n) -> new IssueOutcome.Issued(licenceId, rs.getLong(1), rs.getString(2), rs.getString(3)))
                .single();
        events.publishEvent(new LicenceEvent.VersionIssued(
                licenceId, issued.versionId(), issued.identifier(), operation, initialState(type), now().toInstant()));
        return issued;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
