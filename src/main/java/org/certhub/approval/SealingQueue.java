package org.certhub.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.RawRecordStore;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.ManualSealing;
import org.certhub.licence.VersionState;
import org.certhub.mapping.RejectReason;
import org.certhub.platform.Endpoints;
import org.certhub.sealing.SigningStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sealing queue: licence versions of types that require manual sealing, waiting for a sealer. A sealer lists a
 * batch, previews any item, approves items (they go to the sign queue and are sealed and published as usual) or
 * sends them back with a reason (their records become rejects with rule {@value #SENT_BACK}). Each decision is
 * recorded per version with the batch, who and when.
 */
@Service
public class SealingQueue {

    private static final Logger log = LoggerFactory.getLogger(SealingQueue.class);

    /** The reject rule of a record whose version a sealer sent back. */
    public static final String SENT_BACK = "sent-back";

    static final int MAX_BATCH = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LicenceLibrary library;
    private final ManualSealing manualSealing;
    private final RawRecordStore records;
    private final SigningStage signing;
    private final Catalogue catalogue;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;

    SealingQueue(
            JdbcClient jdbc,
            LicenceLibrary library,
            ManualSealing manualSealing,
            RawRecordStore records,
            SigningStage signing,
            Catalogue catalogue,
            ProducerTemplate producer,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.library = library;
        this.manualSealing = manualSealing;
        this.records = records;
        this.signing = signing;
        this.catalogue = catalogue;
        this.producer = producer;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A version waiting for a sealer, as the queue lists it: the holder's ID number is masked. */
    public record Item(
            long versionId,
            String licenceNumber,
            String identifier,
            String typeCode,
            String typeName,
            String operation,
            String holderName,
            String holderIdNumber,
            LocalDate issuedOn,
            String source,
            long recordId,
            OffsetDateTime waitingSince) {}

    /** Waiting versions, oldest first, optionally of one type and one source. */
    public List<Item> list(String typeCode, String source, int limit) {
        var sql = new StringBuilder("""
                select v.id, l.number, v.identifier, l.type_code, v.operation, v.data, v.issued_on, r.source_id, r.id,
                       v.enqueued_at
                from licence_version v join licence l on l.id = v.licence_id
                join raw_record r on r.id = v.raw_record_id
                where v.state = ?""");
        var params = new ArrayList<Object>(List.of(VersionState.AWAITING_SEAL.name()));
        if (typeCode != null && !typeCode.isBlank()) {
            sql.append(" and l.type_code = ?");
            params.add(typeCode);
        }
        if (source != null && !source.isBlank()) {
            sql.append(" and r.source_id = ?");
            params.add(source);
        }
        sql.append(" order by v.enqueued_at, v.id fetch first ? rows only");
        params.add(Math.max(1, Math.min(limit, MAX_BATCH)));
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> {
                    CertificateType type = catalogue.get(rs.getString(4));
                    Map<String, String> data = JSON.readValue(rs.getString(6), DATA);
                    return new Item(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            type.code(),
                            type.name(),
                            rs.getString(5),
                            data.get(type.holderNameField()),
                            CitizenIdNumber.mask(data.get(type.holderCodeField())),
                            rs.getObject(7, LocalDate.class),
                            rs.getString(8),
                            rs.getLong(9),
                            rs.getObject(10, OffsetDateTime.class));
                })
                .list();
    }

    /** The version is not in the sealing queue (any more), so this cannot be done to it. */
    public static final class NotInQueueException extends RuntimeException {
        NotInQueueException(long versionId, VersionState state) {
            super("证照版本 " + versionId + " 的状态为 " + state + "，不在用印审批队列中 (version " + versionId + " is " + state
                    + ", not in the sealing queue)");
        }
    }

    /** No licence version has this id. */
    public static final class NoSuchVersionException extends RuntimeException {
        NoSuchVersionException(long versionId) {
            super("证照版本 " + versionId + " 不存在 (no licence version " + versionId + ")");
        }
    }

    /**
     * The certificate of a waiting (or sent-back) version, rendered exactly as it will be sealed, without the seal,
     * and marked as a preview.
     */
    public byte[] preview(long versionId) {
        LicenceVersionView v = library.findVersion(versionId).orElseThrow(() -> new NoSuchVersionException(versionId));
        if (v.state() != VersionState.AWAITING_SEAL && v.state() != VersionState.RETURNED) {
            throw new NotInQueueException(versionId, v.state());
        }
        return PreviewStamp.stamp(signing.renderUnsealed(v));
    }

    /** What became of one item of a batch. */
    public enum Outcome {
        /** Approved: on its way to sealing. */
        APPROVED,
        /** Sent back with the reason. */
        SENT_BACK,
        /** Not waiting for a sealer (approved or sent back already, or of a type sealed automatically). */
        NOT_WAITING,
        /** No licence version has this id. */
        NOT_FOUND
    }

    public record ItemResult(long versionId, String identifier, Outcome outcome, String state) {}

    /** A sealer's decision on a batch: who, when, and what became of each item. */
    public record BatchResult(String batchId, String decidedBy, OffsetDateTime decidedAt, List<ItemResult> items) {}

    /**
     * Approves the versions: each that is still waiting goes to sealing (and then publication, as usual) and the
     * approval is recorded; each that is not is reported as such.
     */
    public BatchResult approve(List<Long> versionIds, String actor) {
        var batch = new Batch(checked(versionIds), actor, now());
        var results = transaction.execute(s -> {
            var list = new ArrayList<ItemResult>();
            for (long id : batch.versionIds()) {
                list.add(decide(batch, id, null));
            }
            return list;
        });
        var approved = results.stream()
                .filter(r -> r.outcome() == Outcome.APPROVED)
                .map(ItemResult::versionId)
                .toList();
        // after the commit: the sign step finds them pending. A message lost here is re-sent by the sweeper.
        if (!approved.isEmpty()) {
            try {
                producer.sendBody(Endpoints.ENQUEUE_SIGN, approved);
            } catch (RuntimeException e) {
                log.warn(
                        "Approved versions {} could not be handed to the sign queue now; the sweeper will: {}",
                        approved,
                        e.getMessage());
            }
        }
        return batch.result(results);
    }

    /**
     * Sends the versions back with the reason: each that is still waiting leaves the queue unsealed, and its record
     * becomes a reject ({@value #SENT_BACK}) that can be re-driven once the upstream corrected it.
     */
    public BatchResult sendBack(List<Long> versionIds, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("退回须说明原因 (a reason is required to send back)");
        }
        if (reason.length() > 500) {
            throw new IllegalArgumentException("退回原因不能超过 500 字 (the reason is longer than 500 characters)");
        }
        var batch = new Batch(checked(versionIds), actor, now());
        return batch.result(transaction.execute(s -> {
            var list = new ArrayList<ItemResult>();
            for (long id : batch.versionIds()) {
                list.add(decide(batch, id, reason.strip()));
            }
            return list;
        }));
    }

    private record Batch(String id, List<Long> versionIds, String actor, OffsetDateTime at) {

        Batch(List<Long> versionIds, String actor, OffsetDateTime at) {
            this(UUID.randomUUID().toString(), versionIds, actor, at);
        }

        BatchResult result(List<ItemResult> items) {
            return new BatchResult(id, actor, at, items);
        }
    }

    private static List<Long> checked(List<Long> versionIds) {
        if (versionIds == null || versionIds.isEmpty()) {
            throw new IllegalArgumentException("versionIds 不能为空 (versionIds is required)");
        }
        if (versionIds.size() > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "一批最多 " + MAX_BATCH + " 件 (at most " + MAX_BATCH + " versions per batch)");
        }
        if (versionIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("versionIds 含空值 (versionIds contains null)");
        }
        return List.copyOf(new LinkedHashSet<>(versionIds));
    }

    /** Approves the version (reason null) or sends it back with the reason, in the caller's transaction. */
    private ItemResult decide(Batch batch, long versionId, String reason) {
        LicenceVersionView v = library.findVersion(versionId).orElse(null);
        if (v == null) {
            return new ItemResult(versionId, null, Outcome.NOT_FOUND, null);
        }
        Long recordId;
        if (reason == null) {
            if (!manualSealing.release(versionId)) {
                return notWaiting(versionId, v);
            }
            recordId = jdbc.sql("select raw_record_id from licence_version where id = ?")
                    .param(versionId)
                    .query(Long.class)
                    .single();
        } else {
            var sent = manualSealing
                    .sendBack(catalogue.get(v.typeCode()), versionId)
                    .orElse(null);
            if (sent == null) {
                return notWaiting(versionId, v);
            }
            recordId = sent.rawRecordId();
            records.markSentBack(
                    recordId,
                    RejectReason.of(
                            null,
                            null,
                            SENT_BACK,
                            "用印审批退回（" + batch.actor() + "）：" + reason + " (sent back by the sealer " + batch.actor()
                                    + "; correct the record upstream, then send it again or re-drive it)"));
        }
        Outcome outcome = reason == null ? Outcome.APPROVED : Outcome.SENT_BACK;
        jdbc.sql("""
                insert into sealing_decision (batch_id, licence_version_id, licence_id, identifier, raw_record_id,
                                              decision, reason, actor, decided_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        batch.id(),
                        versionId,
                        v.licenceId(),
                        v.identifier(),
                        recordId,
                        outcome.name(),
                        reason,
                        batch.actor(),
                        batch.at())
                .update();
        return new ItemResult(
                versionId,
                v.identifier(),
                outcome,
                (reason == null ? VersionState.PENDING_SIGN : VersionState.RETURNED).name());
    }

    private ItemResult notWaiting(long versionId, LicenceVersionView v) {
        String state = jdbc.sql("select state from licence_version where id = ?")
                .param(versionId)
                .query(String.class)
                .single();
        return new ItemResult(versionId, v.identifier(), Outcome.NOT_WAITING, state);
    }

    /** One recorded decision. */
    public record Decision(
            long id,
            String batchId,
            long versionId,
            String identifier,
            Long recordId,
            String decision,
            String reason,
            String actor,
            OffsetDateTime at) {}

    /** Decisions, newest first; pages go backwards with {@code beforeId} = the last id of the previous page. */
    public List<Decision> history(String actor, String batchId, long beforeId, int limit) {
        var sql = new StringBuilder(DECISIONS + " where 1 = 1");
        var params = new ArrayList<Object>();
        if (actor != null && !actor.isBlank()) {
            sql.append(" and actor = ?");
            params.add(actor);
        }
        if (batchId != null && !batchId.isBlank()) {
            sql.append(" and batch_id = ?");
            params.add(batchId);
        }
        if (beforeId > 0) {
            sql.append(" and id < ?");
            params.add(beforeId);
        }
        sql.append(" order by id desc fetch first ? rows only");
        params.add(Math.max(1, Math.min(limit, 1000)));
        return jdbc.sql(sql.toString())
                .params(params)
                .query(SealingQueue::decision)
                .list();
    }

    /** The decisions on a licence's versions, oldest first: part of its provenance. */
    public List<Decision> decisionsOf(long licenceId) {
        return jdbc.sql(DECISIONS + " where licence_id = ? order by id")
                .param(licenceId)
                .query(SealingQueue::decision)
                .list();
    }

    private static final String DECISIONS = """
            select id, batch_id, licence_version_id, identifier, raw_record_id, decision, reason, actor, decided_at
            from sealing_decision""";

    private static Decision decision(ResultSet rs, int row) throws SQLException {
        return new Decision(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getObject(5, Long.class),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getObject(9, OffsetDateTime.class));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
