package org.certhub.licence;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.catalog.CertificateType;
import org.certhub.codes.LicenceIdentifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The licence library: issues licences and their versions, and answers what the later stages and the public
 * pages ask. The database is the source of truth for every state.
 */
@Service
public class LicenceLibrary {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separateTransaction;
    private final ManualSealing manualSealing;
    private final ApplicationEventPublisher events;

    LicenceLibrary(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ManualSealing manualSealing,
            Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.clock = clock;
        this.jdbc = jdbc;
        this.manualSealing = manualSealing;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Issues a new licence for canonical data, or reports the licence already issued for the same business key.
     * Runs in the caller's transaction; a concurrent issuance of the same key fails that transaction with a
     * {@link DuplicateKeyException}, and a retry then finds the licence.
     */
    public IssueOutcome issueNew(
            CertificateType type, Map<String, String> data, String businessKey, long rawRecordId, LocalDate issuedOn) {
        var existing = jdbc.sql("""
                select l.id, v.raw_record_id from licence l join licence_version v on v.licence_id = l.id and v.version = 1
                where l.type_code = ? and l.business_key = ?""")
                .params(type.code(), businessKey)
                .query((rs, n) -> new IssueOutcome.Duplicate(rs.getLong(1), rs.getLong(2)))
                .optional();
        if (existing.isPresent()) {
            // a licence whose version a sealer sent back takes the corrected record instead
            return manualSealing
                    .reissueNew(type, existing.get().licenceId(), data, rawRecordId, issuedOn)
                    .orElse(existing.get());
        }
        var scopeValues = new HashMap<>(data);
        scopeValues.put("year", Integer.toString(issuedOn.getYear()));
        String number;
        if (type.numbering().counted()) {
            number = type.numbering()
                    .format(
                            scopeValues,
                            nextSerial(type.code(), type.numbering().scope(scopeValues)));
        } else {
            number = type.numbering().format(scopeValues);
        }
        String identifierSerial = number.replaceAll("[^0-9A-Z]", "");
        if (!type.numbering().counted()) {
            var refused = refuseNumber(type, number, identifierSerial);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        var identifier =
                new LicenceIdentifier(type.code(), type.issuingAuthority().creditCode(), identifierSerial, 1);
        OffsetDateTime now = now();

        var licenceKey = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into licence (type_code, business_key, number, serial, issuer_code, holder_name, holder_code,
                                     status, current_version, first_issued_on, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(
                        type.code(),
                        businessKey,
                        number,
                        identifierSerial,
                        type.issuingAuthority().creditCode(),
                        data.get(type.holderNameField()),
                        data.get(type.holderCodeField()),
                        LicenceStatus.VALID.name(),
                        issuedOn,
                        now)
                .update(licenceKey, "id");
        long licenceId = licenceKey.getKeyAs(Number.class).longValue();
        long versionId = insertVersion(
                licenceId,
                1,
                identifier.toString(),
                data,
                issuedOn,
                issuedOn,
                type.validTo(issuedOn, data),
                Operation.NEW,
                null,
                rawRecordId,
                now,
                ManualSealing.initialState(type));
        events.publishEvent(new LicenceEvent.VersionIssued(
                licenceId,
                versionId,
                identifier.toString(),
                Operation.NEW,
                ManualSealing.initialState(type),
                now.toInstant()));
        return new IssueOutcome.Issued(licenceId, versionId, identifier.toString(), number);
    }

    /**
     * A number another system assigned is refused when it gives no identifier serial, or when another licence of
     * the type already has it (or one that differs only in what the serial leaves out).
     */
    private Optional<IssueOutcome> refuseNumber(CertificateType type, String number, String identifierSerial) {
        if (identifierSerial.isEmpty()) {
            return Optional.of(new IssueOutcome.Refused(
                    "number-serial",
                    "证书编号“" + number + "”中没有可作证照标识序号的数字或大写字母 (the number gives no identifier serial)"));
        }
        return jdbc.sql("select number from licence where type_code = ? and issuer_code = ? and serial = ?")
                .params(type.code(), type.issuingAuthority().creditCode(), identifierSerial)
                .query(String.class)
                .optional()
                .map(taken -> new IssueOutcome.Refused(
                        "number-taken",
                        "证书编号“" + number + "”已被另一证照（" + taken + "）使用 (the number is already used by another licence)"));
    }

    /** The current state of a licence, as operations on it need it. */
    public record Current(
            long licenceId,
            long versionId,
            String typeCode,
            String number,
            String serial,
            String issuerCode,
            int version,
            LicenceStatus status,
            Map<String, String> data,
            LocalDate validFrom,
            LocalDate validTo) {}

    /** The licence of a type by its printed number, or by the identifier of any of its versions. */
    public Optional<Current> findCurrent(String typeCode, String numberOrIdentifier) {
        return jdbc.sql("""
                select l.id, v.id, l.type_code, l.number, l.serial, l.issuer_code, l.current_version, l.status, v.data,
                       v.valid_from, v.valid_to
                from licence l join licence_version v on v.licence_id = l.id and v.version = l.current_version
                where l.type_code = ? and (l.number = ? or l.id = (select x.licence_id from licence_version x
                                                                   where x.identifier = ?))""")
                .params(typeCode, numberOrIdentifier, numberOrIdentifier)
                .query((rs, n) -> new Current(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getInt(7),
                        LicenceStatus.valueOf(rs.getString(8)),
                        JSON.readValue(rs.getString(9), DATA),
                        rs.getObject(10, LocalDate.class),
                        rs.getObject(11, LocalDate.class)))
                .optional();
    }

    /**
     * Applies an operation to an existing licence in the caller's transaction. Renewal and change make a new
     * version from the current data merged with {@code changes} (validated by the caller); renewal starts a new
     * validity period on {@code today}, change keeps the current one. Status operations change the status and
     * record why. The same {@code businessKey} again is reported as a duplicate.
     */
    public IssueOutcome apply(
            CertificateType type,
            Operation operation,
            String licenceRef,
            Map<String, String> mergedData,
            String reason,
            String businessKey,
            long rawRecordId,
            String actor,
            LocalDate today) {
        String eventKey = operation.id() + "|" + businessKey;
        var earlier = jdbc.sql(
                        "select licence_id, raw_record_id from licence_event where type_code = ? and business_key = ?")
                .params(type.code(), eventKey)
                .query((rs, n) -> new IssueOutcome.Duplicate(rs.getLong(1), rs.getLong(2)))
                .optional();
        if (earlier.isPresent()) {
            // an operation whose version a sealer sent back takes the corrected record instead
            return manualSealing
                    .reissueVersion(type, operation, eventKey, mergedData, reason, rawRecordId, actor, today)
                    .orElse(earlier.get());
        }
        Current current = findCurrent(type.code(), licenceRef).orElse(null);
        if (current == null) {
            return IssueOutcome.Refused.licenceNotFound(licenceRef, operation);
        }
        if (type.sealing().manual() && manualSealing.versionInForce(current.licenceId()) == null) {
            return new IssueOutcome.Refused(
                    "licence-not-sealed",
                    "证照“" + current.number() + "”尚未经用印审批签发，无法" + operation.label()
                            + " (the licence was never sealed: it waits for a sealer or was sent back)");
        }
        // lock the licence: operations on one licence happen one at a time, in order
        LicenceStatus status = LicenceStatus.valueOf(jdbc.sql("select status from licence where id = ? for update")
                .param(current.licenceId())
                .query(String.class)
                .single());
        LicenceStatus next = status.after(operation).orElse(null);
        if (next == null) {
            return IssueOutcome.Refused.statusForbids(current.number(), status, operation);
        }
        OffsetDateTime now = now();
        Long versionId = null;
        IssueOutcome outcome;
        if (operation.makesVersion()) {
            int version = manualSealing.nextVersion(current.licenceId(), current.version());
            var identifier = new LicenceIdentifier(type.code(), current.issuerCode(), current.serial(), version);
            var validity = Validity.after(type, operation, current.validFrom(), current.validTo(), mergedData, today);
            versionId = insertVersion(
                    current.licenceId(),
                    version,
                    identifier.toString(),
                    mergedData,
                    today,
                    validity.from(),
                    validity.to(),
                    operation,
                    current.versionId(),
                    rawRecordId,
                    now,
                    ManualSealing.initialState(type));
            moveCurrentVersion(jdbc, type, current.licenceId(), version, next, mergedData);
            events.publishEvent(new LicenceEvent.VersionIssued(
                    current.licenceId(),
                    versionId,
                    identifier.toString(),
                    operation,
                    ManualSealing.initialState(type),
                    now.toInstant()));
            outcome = new IssueOutcome.Issued(current.licenceId(), versionId, identifier.toString(), current.number());
        } else {
            jdbc.sql("update licence set status = ?, status_reason = ?, status_changed_at = ? where id = ?")
                    .params(next.name(), reason, now, current.licenceId())
                    .update();
            outcome = null;
        }
        var eventKeyHolder = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into licence_event (licence_id, type_code, business_key, operation, from_status, to_status,
                                           reason, version_id, raw_record_id, actor, created_at, enqueued_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        current.licenceId(),
                        type.code(),
                        eventKey,
                        operation.id(),
                        status.name(),
                        next.name(),
                        reason,
                        versionId,
                        rawRecordId,
                        actor,
                        now,
                        now)
                .update(eventKeyHolder, "id");
        long eventId = eventKeyHolder.getKeyAs(Number.class).longValue();
        if (status != next) {
            events.publishEvent(new LicenceEvent.StatusChanged(
                    current.licenceId(), eventId, operation, status, next, reason, now.toInstant()));
        }
        return outcome != null ? outcome : new IssueOutcome.StatusChanged(current.licenceId(), eventId, next);
    }

    private long insertVersion(
            long licenceId,
            int version,
            String identifier,
            Map<String, String> data,
            LocalDate issuedOn,
            LocalDate validFrom,
            LocalDate validTo,
            Operation operation,
            Long predecessorId,
            long rawRecordId,
            OffsetDateTime now,
            VersionState state) {
        var versionKey = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into licence_version (licence_id, version, identifier, state, data, issued_on, valid_from,
                                             valid_to, verify_token, raw_record_id, created_at, enqueued_at,
                                             operation, predecessor_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        licenceId,
                        version,
                        identifier,
                        state.name(),
                        JSON.writeValueAsString(data),
                        issuedOn,
                        validFrom,
                        validTo,
                        newToken(),
                        rawRecordId,
                        now,
                        now,
                        operation.id(),
                        predecessorId)
                .update(versionKey, "id");
        return versionKey.getKeyAs(Number.class).longValue();
    }

    /** A status change waiting to be published, with the licence's current version. */
    public record StatusEvent(
            long eventId,
            Operation operation,
            LicenceStatus status,
            String reason,
            OffsetDateTime at,
            LicenceVersionView current) {}

    public Optional<StatusEvent> findUnpublishedEvent(long eventId) {
        return jdbc.sql("""
                select e.id, e.operation, e.to_status, e.reason, e.created_at, v.id
                from licence_event e join licence l on l.id = e.licence_id
                join licence_version v on v.licence_id = l.id and v.version = l.current_version
                where e.id = ? and e.published_at is null and e.failed_at is null and e.version_id is null""")
                .param(eventId)
                .query((rs, n) -> new Object[] {
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getObject(5, OffsetDateTime.class),
                    rs.getLong(6)
                })
                .optional()
                .map(r -> new StatusEvent(
                        (Long) r[0],
                        Operation.valueOf(((String) r[1]).toUpperCase()),
                        LicenceStatus.valueOf((String) r[2]),
                        (String) r[3],
                        (OffsetDateTime) r[4],
                        findVersion((Long) r[5]).orElseThrow()));
    }

    /** The status changes of a licence not yet published, oldest first. */
    public List<Long> unpublishedStatusEvents(long licenceId) {
        return jdbc.sql("""
                select id from licence_event where licence_id = ? and published_at is null and failed_at is null
                  and version_id is null
                order by id""").param(licenceId).query(Long.class).list();
    }

    public void markEventPublished(long eventId) {
        OffsetDateTime now = now();
        jdbc.sql("update licence_event set published_at = ? where id = ? and published_at is null")
                .params(now, eventId)
                .update();
        jdbc.sql("select licence_id from licence_event where id = ?")
                .param(eventId)
                .query(Long.class)
                .optional()
                .ifPresent(licenceId -> events.publishEvent(
                        new LicenceEvent.StatusChangePublished(licenceId, eventId, now.toInstant())));
    }

    /** Status changes not yet published whose last hand-over to a queue is older than the instant. */
    public List<Long> stalledEvents(Instant enqueuedBefore, int limit) {
        return jdbc.sql("""
                select id from licence_event where published_at is null and failed_at is null and version_id is null
                  and (enqueued_at is null or enqueued_at < ?) order by id fetch first ? rows only""")
                .params(enqueuedBefore.atOffset(ZoneOffset.UTC), limit)
                .query(Long.class)
                .list();
    }

    public void markEventsEnqueued(List<Long> eventIds) {
        if (!eventIds.isEmpty()) {
            jdbc.sql("update licence_event set enqueued_at = :now where id in (:ids)")
                    .param("now", now())
                    .param("ids", eventIds)
                    .update();
        }
    }

    /** The next serial of a numbering scope; unique under concurrent issuance (the row lock serialises). */
    long nextSerial(String typeCode, String scope) {
        int updated = bumpSerial(typeCode, scope);
        if (updated == 0) {
            // Create the scope's counter in its own transaction so that a concurrent creator's duplicate key
            // does not abort the caller's transaction (PostgreSQL would).
            separateTransaction.executeWithoutResult(s -> {
                try {
                    jdbc.sql("insert into number_sequence (type_code, scope, last_value) values (?, ?, 0)")
                            .params(typeCode, scope)
                            .update();
                } catch (DuplicateKeyException alreadyThere) {
                    // another node or thread created it first
                }
            });
            bumpSerial(typeCode, scope);
        }
        return jdbc.sql("select last_value from number_sequence where type_code = ? and scope = ?")
                .params(typeCode, scope)
                .query(Long.class)
                .single();
    }

    private int bumpSerial(String typeCode, String scope) {
        return jdbc.sql("update number_sequence set last_value = last_value + 1 where type_code = ? and scope = ?")
                .params(typeCode, scope)
                .update();
    }

    static String newToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final String VIEW = """
            select l.id as licence_id, v.id as version_id, l.type_code, v.identifier, v.version, l.number, l.status,
                   v.state, v.data, l.first_issued_on, v.issued_on, v.valid_from, v.valid_to, v.verify_token,
                   v.file_path, v.file_sha256, v.signed_at, l.current_version, l.status_reason, l.status_changed_at,
                   v.operation, v.ofd_file_path, v.ofd_file_sha256
            from licence_version v join licence l on l.id = v.licence_id
            """;

    /**
     * One version of a licence that is suspended, revoked or cancelled: an entry the status list marks.
     *
     * @param versionId the version's id, its index in the status list
     */
    public record StatusEntry(long versionId, LicenceStatus status) {}

    /** Every version of every licence that is suspended, revoked or cancelled. */
    public List<StatusEntry> withdrawnOrSuspended() {
        return jdbc.sql("""
                        select v.id, l.status from licence l join licence_version v on v.licence_id = l.id
                        where l.status in ('SUSPENDED', 'REVOKED', 'CANCELLED')""")
                .query((rs, n) -> new StatusEntry(rs.getLong(1), LicenceStatus.valueOf(rs.getString(2))))
                .list();
    }

    /** The highest version id so far (0 when none): the status list is at least this long. */
    public long highestVersionId() {
        return jdbc.sql("select coalesce(max(id), 0) from licence_version")
                .query(Long.class)
                .single();
    }

    /**
     * The view with the version in force as the current one: while a later version waits for a sealer (or was sent
     * back), the one before it is the certificate its holder has.
     */
    private static final String IN_FORCE_VIEW = VIEW.replace("l.current_version,", "v.version as current_version,");

    /** The version {@code v} is its licence's version in force: the latest one not waiting for a sealer nor sent back. */
    private static final String IN_FORCE =
            """
            v.version = (select max(x.version) from licence_version x where x.licence_id = l.id
                         and x.state not in ('%s', '%s'))""".formatted(VersionState.AWAITING_SEAL.name(), VersionState.RETURNED.name());

    /**
     * A holder's certificates: of each licence whose holder has this code (ID number or credit code, as issued), the
     * version in force, as the current version; newest licence first. A licence none of whose versions is in force
     * (its first waits for a sealer) is left out.
     */
    public List<LicenceVersionView> certificatesOfHolder(String holderCode) {
        return jdbc.sql(IN_FORCE_VIEW + " where l.holder_code = ? and " + IN_FORCE
                        + " order by l.first_issued_on desc, l.id desc")
                .param(holderCode)
                .query(LicenceLibrary::view)
                .list();
    }

    /**
     * The versions in force of valid licences whose validity ends between the two days, both included, soonest
     * first: the certificates about to lapse.
     */
    public List<LicenceVersionView> validEndingBetween(LocalDate from, LocalDate to) {
        return jdbc.sql(IN_FORCE_VIEW + " where v.valid_to between ? and ? and l.status = ? and " + IN_FORCE
                        + " order by v.valid_to, l.id")
                .params(from, to, LicenceStatus.VALID.name())
                .query(LicenceLibrary::view)
                .list();
    }

    public Optional<LicenceVersionView> findVersion(long versionId) {
        return jdbc.sql(VIEW + " where v.id = ?")
                .param(versionId)
                .query(LicenceLibrary::view)
                .optional();
    }

    /** The versions with the given ids that exist, in no particular order. */
    public List<LicenceVersionView> findVersions(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(VIEW + " where v.id in (:ids)")
                .param("ids", versionIds)
                .query(LicenceLibrary::view)
                .list();
    }

    public Optional<LicenceVersionView> findByToken(String token) {
        return jdbc.sql(VIEW + " where v.verify_token = ?")
                .param(token)
                .query(LicenceLibrary::view)
                .optional();
    }

    /** Every version of the licences with this number (one licence per type may have it), oldest first. */
    public List<LicenceVersionView> findByNumber(String number) {
        return jdbc.sql(VIEW + " where l.number = ? order by l.id, v.version")
                .param(number)
                .query(LicenceLibrary::view)
                .list();
    }

    public Optional<LicenceVersionView> findByIdentifier(String identifier) {
        return jdbc.sql(VIEW + " where v.identifier = ?")
                .param(identifier)
                .query(LicenceLibrary::view)
                .optional();
    }

    /**
     * Records the sealed file, which seal and key version sealed it and, for B-LTA, when its newest timestamp's TSA
     * certificate expires (the archive re-timestamping job works from it; null below B-LTA), in one statement; false
     * when another worker sealed this version first.
     */
    public boolean markSigned(
            long versionId,
            String filePath,
            String fileSha256,
            String sealId,
            int sealKeyVersion,
            Instant archiveTimestampExpiry) {
        return markSigned(
                new SealedFile(versionId, filePath, fileSha256, sealId, sealKeyVersion, archiveTimestampExpiry, null));
    }

    private boolean markSigned(SealedFile f) {
        OffsetDateTime now = now();
        OfdFile ofd = f.ofd();
        return jdbc.sql("""
                update licence_version set state = ?, file_path = ?, file_sha256 = ?, signed_at = ?, enqueued_at = ?,
                                           seal_id = ?, seal_key_version = ?, archive_expires_at = ?,
                                           ofd_file_path = ?, ofd_file_sha256 = ?, ofd_seal_id = ?,
                                           ofd_seal_key_version = ?,
                                           attempts = 0, last_error = null, lease_owner = null, lease_until = null
                where id = ? and state = ?""")
                        .params(
                                VersionState.SIGNED.name(),
                                f.filePath(),
                                f.fileSha256(),
                                now,
                                now,
                                f.sealId(),
                                f.sealKeyVersion(),
                                f.archiveTimestampExpiry() == null
                                        ? null
                                        : f.archiveTimestampExpiry().atOffset(ZoneOffset.UTC),
                                ofd == null ? null : ofd.filePath(),
                                ofd == null ? null : ofd.fileSha256(),
                                ofd == null ? null : ofd.sealId(),
                                ofd == null ? null : ofd.sealKeyVersion(),
                                f.versionId(),
                                VersionState.PENDING_SIGN.name())
                        .update()
                == 1;
    }

    /** A sealed file ready to be recorded, see {@link #markSigned(long, String, String, String, int, Instant)}. */
    public record SealedFile(
            long versionId,
            String filePath,
            String fileSha256,
            String sealId,
            int sealKeyVersion,
            Instant archiveTimestampExpiry,
            OfdFile ofd) {}

    /** The OFD file of a version whose type issues one, sealed in the same step as its PDF by an SM2 seal. */
    public record OfdFile(String filePath, String fileSha256, String sealId, int sealKeyVersion) {}

    /**
     * Records a batch of sealed files in one transaction (one commit instead of one per file); returns the ids this
     * call marked, without those another worker sealed first.
     */
    public List<Long> markSigned(List<SealedFile> files) {
        return separateTransaction.execute(status -> {
            var marked = files.stream().filter(this::markSigned).toList();
            if (!marked.isEmpty()) {
                Instant at = clock.instant();
                Map<Long, Long> licences =
                        licencesOf(marked.stream().map(SealedFile::versionId).toList());
                marked.forEach(f -> events.publishEvent(new LicenceEvent.VersionSealed(
                        licences.get(f.versionId()),
                        f.versionId(),
                        f.sealId(),
                        f.sealKeyVersion(),
                        f.fileSha256(),
                        at)));
            }
            return marked.stream().map(SealedFile::versionId).toList();
        });
    }

    /** The licence of each version, by version id. */
    private Map<Long, Long> licencesOf(Collection<Long> versionIds) {
        var licences = new HashMap<Long, Long>();
        jdbc.sql("select id, licence_id from licence_version where id in (:ids)")
                .param("ids", versionIds)
                .query((rs, n) -> licences.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return licences;
    }

    private void publishForVersion(long versionId, java.util.function.LongFunction<LicenceEvent> event) {
        Map<Long, Long> licences = licencesOf(List.of(versionId));
        if (licences.containsKey(versionId)) {
            events.publishEvent(event.apply(licences.get(versionId)));
        }
    }

    /** Sets a pending version aside with the reason it could not be sealed now; false if it was not pending. */
    public boolean park(long versionId, String reason) {
        String trimmed = trim(reason);
        OffsetDateTime now = now();
        boolean parked = jdbc.sql("""
                update licence_version set state = ?, park_reason = ?, parked_at = ?, lease_owner = null,
                                           lease_until = null
                where id = ? and state = ?""")
                        .params(VersionState.PARKED.name(), trimmed, now, versionId, VersionState.PENDING_SIGN.name())
                        .update()
                == 1;
        if (parked) {
            publishForVersion(
                    versionId,
                    licenceId -> new LicenceEvent.VersionParked(licenceId, versionId, trimmed, now.toInstant()));
        }
        return parked;
    }

    /**
     * Makes versions parked before the instant pending again, without a queue mark so the sweeper's next look
     * hands them to the sign queue; their last park reason stays for the record. Returns how many.
     */
    public int resumeParked(Instant parkedBefore) {
        return jdbc.sql("update licence_version set state = ?, enqueued_at = null where state = ? and parked_at < ?")
                .params(
                        VersionState.PENDING_SIGN.name(),
                        VersionState.PARKED.name(),
                        parkedBefore.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** A parked version and why. */
    public record Parked(long versionId, String identifier, String reason, OffsetDateTime parkedAt) {}

    /** Parked versions, oldest first. */
    public List<Parked> parked(int limit) {
        return jdbc.sql("""
                select id, identifier, park_reason, parked_at from licence_version where state = ?
                order by parked_at, id fetch first ? rows only""")
                .params(VersionState.PARKED.name(), limit)
                .query((rs, n) -> new Parked(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /**
     * Sends a sealed version whose file is missing or changed back to sealing (SIGNED to PENDING_SIGN, without a queue
     * mark); false when it was not SIGNED.
     */
    public boolean resealDamaged(long versionId, String reason) {
        String why = trim(reason);
        boolean back = jdbc.sql("""
                        update licence_version set state = ?, enqueued_at = null, last_error = ?, lease_owner = null,
                                                   lease_until = null
                        where id = ? and state = ?""")
                        .params(VersionState.PENDING_SIGN.name(), why, versionId, VersionState.SIGNED.name())
                        .update()
                == 1;
        if (back) {
            Instant at = clock.instant();
            publishForVersion(
                    versionId, licenceId -> new LicenceEvent.VersionFileDamaged(licenceId, versionId, why, at));
        }
        return back;
    }

    /**
     * Notes a failed attempt of a stage on a version still in that stage. After {@code maxAttempts} failed attempts
     * in a row the version becomes {@link VersionState#FAILED} with the stage and the reason, and nothing retries it
     * until an operator re-drives it ({@link #retryFailed}).
     *
     * @return true when the version is now FAILED; false when it stays in its stage to be tried again (or left it:
     *     another worker sealed it)
     */
    public boolean recordFailure(long versionId, FailedStage stage, String reason, int maxAttempts) {
        String error = trim(reason);
        return Boolean.TRUE.equals(separateTransaction.execute(status -> {
            int counted = jdbc.sql("""
                    update licence_version set attempts = attempts + 1, last_error = ? where id = ? and state = ?""")
                    .params(error, versionId, stage.stageState().name())
                    .update();
            if (counted == 0) {
                return false;
            }
            // the update holds the row's lock until the end of the transaction
            int attempts = jdbc.sql("select attempts from licence_version where id = ?")
                    .param(versionId)
                    .query(Integer.class)
                    .single();
            if (attempts < maxAttempts) {
                return false;
            }
            OffsetDateTime now = now();
            jdbc.sql("update licence_version set state = ?, failed_stage = ?, failed_at = ? where id = ? and state = ?")
                    .params(
                            VersionState.FAILED.name(),
                            stage.name(),
                            now,
                            versionId,
                            stage.stageState().name())
                    .update();
            publishForVersion(
                    versionId,
                    licenceId -> new LicenceEvent.VersionFailed(
                            licenceId, versionId, stage, error, attempts, now.toInstant()));
            return true;
        }));
    }

    /**
     * Puts a failed version back in the stage where it failed, with its attempts counted from zero; the caller hands
     * it to that stage's queue (or the sweeper does). Empty when the version is not FAILED.
     */
    public Optional<FailedStage> retryFailed(long versionId, String actor) {
        return separateTransaction.execute(status -> {
            Optional<FailedStage> stage = jdbc.sql(
                            "select failed_stage from licence_version where id = ? and state = ? for update")
                    .params(versionId, VersionState.FAILED.name())
                    .query(String.class)
                    .optional()
                    .map(FailedStage::valueOf);
            stage.ifPresent(s -> {
                jdbc.sql("""
                        update licence_version set state = ?, attempts = 0, failed_stage = null, failed_at = null,
                                                   enqueued_at = null
                        where id = ? and state = ?""")
                        .params(s.stageState().name(), versionId, VersionState.FAILED.name())
                        .update();
                Instant at = clock.instant();
                publishForVersion(
                        versionId, licenceId -> new LicenceEvent.VersionRetried(licenceId, versionId, s, actor, at));
            });
            return stage;
        });
    }

    /** A version that failed for good, with the stage, the last error and how many attempts it had. */
    public record Failed(
            long versionId,
            String identifier,
            FailedStage stage,
            String reason,
            int attempts,
            OffsetDateTime failedAt) {}

    /** Failed versions, oldest failure first. */
    public List<Failed> failed(int limit) {
        return failed(null, limit);
    }

    /** Failed versions of a stage (of any, when null), oldest failure first. */
    public List<Failed> failed(FailedStage stage, int limit) {
        return jdbc.sql("""
                select id, identifier, failed_stage, last_error, attempts, failed_at from licence_version
                where state = :state and (:stage is null or failed_stage = :stage)
                order by failed_at, id fetch first :limit rows only""")
                .param("state", VersionState.FAILED.name())
                .param("stage", stage == null ? null : stage.name(), java.sql.Types.VARCHAR)
                .param("limit", limit)
                .query((rs, n) -> new Failed(
                        rs.getLong(1),
                        rs.getString(2),
                        FailedStage.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    public long countFailed() {
        return jdbc.sql("select count(*) from licence_version where state = ?")
                .param(VersionState.FAILED.name())
                .query(Long.class)
                .single();
    }

    /**
     * Notes a failed attempt to publish a status change; after {@code maxAttempts} in a row the change is failed
     * for good: nothing sends it again until an operator re-drives it ({@link #retryFailedEvent}).
     *
     * @return true when the change is now failed for good
     */
    public boolean recordEventFailure(long eventId, String reason, int maxAttempts) {
        String error = trim(reason);
        return Boolean.TRUE.equals(separateTransaction.execute(status -> {
            int counted = jdbc.sql("""
                    update licence_event set attempts = attempts + 1, last_error = ?
                    where id = ? and published_at is null and failed_at is null""").params(error, eventId).update();
            if (counted == 0) {
                return false;
            }
            int attempts = jdbc.sql("select attempts from licence_event where id = ?")
                    .param(eventId)
                    .query(Integer.class)
                    .single();
            if (attempts < maxAttempts) {
                return false;
            }
            OffsetDateTime now = now();
            jdbc.sql("update licence_event set failed_at = ? where id = ?")
                    .params(now, eventId)
                    .update();
            jdbc.sql("select licence_id from licence_event where id = ?")
                    .param(eventId)
                    .query(Long.class)
                    .optional()
                    .ifPresent(licenceId -> events.publishEvent(
                            new LicenceEvent.StatusChangeFailed(licenceId, eventId, error, attempts, now.toInstant())));
            return true;
        }));
    }

    /** Makes a status change that failed for good publishable again; false when it had not failed. */
    public boolean retryFailedEvent(long eventId) {
        return jdbc.sql("""
                        update licence_event set failed_at = null, attempts = 0, enqueued_at = null
                        where id = ? and failed_at is not null and published_at is null""").param(eventId).update() == 1;
    }

    /** A status change that could not be published, with the last error. */
    public record FailedStatusChange(
            long eventId, long licenceId, String operation, String reason, int attempts, OffsetDateTime failedAt) {}

    public List<FailedStatusChange> failedStatusChanges(int limit) {
        return jdbc.sql("""
                select id, licence_id, operation, last_error, attempts, failed_at from licence_event
                where failed_at is not null and published_at is null order by failed_at, id fetch first ? rows only""")
                .param(limit)
                .query((rs, n) -> new FailedStatusChange(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    public long countFailedStatusChanges() {
        return jdbc.sql("select count(*) from licence_event where failed_at is not null and published_at is null")
                .query(Long.class)
                .single();
    }

    private static String trim(String reason) {
        return reason == null ? "" : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    public boolean markPublished(long versionId) {
        boolean published = jdbc.sql(
                                "update licence_version set state = ?, attempts = 0, last_error = null, lease_owner = null, lease_until = null where id = ? and state = ?")
                        .params(VersionState.PUBLISHED.name(), versionId, VersionState.SIGNED.name())
                        .update()
                == 1;
        if (published) {
            Instant at = clock.instant();
            publishForVersion(versionId, licenceId -> new LicenceEvent.VersionPublished(licenceId, versionId, at));
        }
        return published;
    }

    /** Notes that versions were handed to a queue, so the sweeper leaves them alone for a while. */
    public void markEnqueued(List<Long> versionIds) {
        if (!versionIds.isEmpty()) {
            jdbc.sql("update licence_version set enqueued_at = :now where id in (:ids)")
                    .param("now", now())
                    .param("ids", versionIds)
                    .update();
        }
    }

    /**
     * Claims the versions among the ids that are in the state and that no one holds (or whose holder's lease
     * expired) for the owner until the instant, each with one conditional update, so that two nodes never both hold
     * one; returns those the owner holds now.
     *
     * @param owner a name no other claim uses: the node's name and the batch's
     */
    public List<Long> claim(Collection<Long> versionIds, VersionState state, String owner, Instant until) {
        if (versionIds.isEmpty()) {
            return List.of();
        }
        return separateTransaction.execute(status -> {
            jdbc.sql("""
                    update licence_version set lease_owner = :owner, lease_until = :until
                    where id in (:ids) and state = :state and (lease_until is null or lease_until < :now)""")
                    .param("owner", owner)
                    .param("until", until.atOffset(ZoneOffset.UTC))
                    .param("ids", versionIds)
                    .param("state", state.name())
                    .param("now", now())
                    .update();
            return jdbc.sql("select id from licence_version where id in (:ids) and lease_owner = :owner order by id")
                    .param("ids", versionIds)
                    .param("owner", owner)
                    .query(Long.class)
                    .list();
        });
    }

    /** Holds the owner's versions among the ids until the instant: while their batch runs on. */
    public void renewLease(Collection<Long> versionIds, String owner, Instant until) {
        if (!versionIds.isEmpty()) {
            jdbc.sql("update licence_version set lease_until = :until where id in (:ids) and lease_owner = :owner")
                    .param("until", until.atOffset(ZoneOffset.UTC))
                    .param("ids", versionIds)
                    .param("owner", owner)
                    .update();
        }
    }

    /**
     * Lets go of every version a node held when it stopped: called as the node starts, before it seals anything, so
     * that what it was sealing when it died is sealed again at once rather than after the lease.
     *
     * @return how many versions it held
     */
    public int releaseLeasesOf(String node) {
        return jdbc.sql(
                        "update licence_version set lease_owner = null, lease_until = null where lease_owner like ? escape '\\'")
                .param(node.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%")
                .update();
    }

    /** Lets the owner's versions among the ids go, for another batch or node to take. */
    public void releaseLease(Collection<Long> versionIds, String owner) {
        if (!versionIds.isEmpty()) {
            jdbc.sql("""
                    update licence_version set lease_owner = null, lease_until = null
                    where id in (:ids) and lease_owner = :owner""").param("ids", versionIds).param("owner", owner).update();
        }
    }

    /**
     * Versions in a state whose last hand-over to a queue is older than the instant (or never happened) and that no
     * node holds ({@link #claim}): a version being sealed, however long its batch takes, is not stalled.
     */
    public List<Long> stalled(VersionState state, Instant enqueuedBefore, int limit) {
        return jdbc.sql("""
                select id from licence_version where state = ? and (enqueued_at is null or enqueued_at < ?)
                  and (lease_until is null or lease_until < ?)
                order by id fetch first ? rows only""")
                .params(state.name(), enqueuedBefore.atOffset(ZoneOffset.UTC), now(), limit)
                .query(Long.class)
                .list();
    }

    private static final String ARCHIVE_DUE = """
            from licence_version where archive_expires_at is not null and file_path is not null
              and ((archive_due_at is null and archive_expires_at < :horizon) or archive_due_at <= :now)""";

    /** A sealed B-LTA file whose newest timestamp must be renewed. */
    public record ArchiveDue(long versionId, String identifier, String filePath, String sha256, Instant expiresAt) {}

    /**
     * B-LTA files due for a new document timestamp: their newest timestamp's TSA certificate expires before the
     * horizon, or an earlier attempt set them aside until now. Files that failed before come after the others.
     */
    public List<ArchiveDue> archivesDue(Instant horizon, int limit) {
        return jdbc.sql("select id, identifier, file_path, file_sha256, archive_expires_at " + ARCHIVE_DUE
                        + " order by archive_due_at nulls first, archive_expires_at, id fetch first :limit rows only")
                .param("horizon", horizon.atOffset(ZoneOffset.UTC))
                .param("now", now())
                .param("limit", limit)
                .query((rs, n) -> new ArchiveDue(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** How many B-LTA files are due, see {@link #archivesDue(Instant, int)}. */
    public int archivesDueCount(Instant horizon) {
        return jdbc.sql("select count(*) " + ARCHIVE_DUE)
                .param("horizon", horizon.atOffset(ZoneOffset.UTC))
                .param("now", now())
                .query(Integer.class)
                .single();
    }

    /** Sets a due archive file aside, behind the files that have not failed, until the instant. */
    public void deferArchive(long versionId, Instant until) {
        jdbc.sql("update licence_version set archive_due_at = ? where id = ?")
                .params(until.atOffset(ZoneOffset.UTC), versionId)
                .update();
    }

    /**
     * Points a version at its re-timestamped file, only if it still points at the file that was read
     * ({@code expectedSha256}); false when another node changed it first.
     */
    public boolean replaceArchiveFile(
            long versionId,
            String expectedSha256,
            String filePath,
            String fileSha256,
            Instant timestampExpiry,
            Instant nextDue) {
        boolean replaced = jdbc.sql("""
                update licence_version set file_path = ?, file_sha256 = ?, archive_expires_at = ?, archive_due_at = ?
                where id = ? and file_sha256 = ?""")
                        .params(
                                filePath,
                                fileSha256,
                                timestampExpiry.atOffset(ZoneOffset.UTC),
                                nextDue.atOffset(ZoneOffset.UTC),
                                versionId,
                                expectedSha256)
                        .update()
                == 1;
        if (replaced) {
            Instant at = clock.instant();
            publishForVersion(
                    versionId,
                    licenceId -> new LicenceEvent.ArchiveTimestampRenewed(licenceId, versionId, fileSha256, at));
        }
        return replaced;
    }

    /** The licence's current version becomes {@code version}, with its holder and, unless null, a new status. */
    static void moveCurrentVersion(
            JdbcClient jdbc,
            CertificateType type,
            long licenceId,
            int version,
            LicenceStatus status,
            Map<String, String> data) {
        jdbc.sql("""
                        update licence set current_version = ?, status = coalesce(?, status), holder_name = ?,
                               holder_code = ?
                        where id = ?""")
                .params(
                        version,
                        status == null ? null : status.name(),
                        data.get(type.holderNameField()),
                        data.get(type.holderCodeField()),
                        licenceId)
                .update();
    }

    private static LicenceVersionView view(ResultSet rs, int row) throws SQLException {
        var signedAt = rs.getObject("signed_at", OffsetDateTime.class);
        return new LicenceVersionView(
                rs.getLong("licence_id"),
                rs.getLong("version_id"),
                rs.getString("type_code"),
                rs.getString("identifier"),
                rs.getInt("version"),
                rs.getString("number"),
                LicenceStatus.valueOf(rs.getString("status")),
                VersionState.valueOf(rs.getString("state")),
                JSON.readValue(rs.getString("data"), DATA),
                rs.getObject("first_issued_on", LocalDate.class),
                rs.getObject("issued_on", LocalDate.class),
                rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class),
                rs.getString("verify_token"),
                rs.getString("file_path"),
                rs.getString("file_sha256"),
                signedAt == null ? null : signedAt.toInstant(),
                rs.getInt("current_version"),
                rs.getString("status_reason"),
                rs.getObject("status_changed_at", OffsetDateTime.class),
                Operation.parse(rs.getString("operation")).orElse(Operation.NEW),
                rs.getString("ofd_file_path"),
                rs.getString("ofd_file_sha256"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
