package org.certhub.rejects;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.RawPayloadsPurged;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.intake.RecordStatus;
import org.certhub.issuance.RecordProcessor;
import org.certhub.mapping.RejectReason;
import org.certhub.platform.Endpoints;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators do with rejects: re-drive them once the mapping (or the upstream data) is fixed, so that they are
 * mapped again with the live mapping and issue normally; or discard them with a reason. Both are recorded with who
 * and when, and the reasons a re-driven record had are kept in that record.
 */
@Component
public class Redrive {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RawRecordStore store;
    private final RecordProcessor processor;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;

    Redrive(
            JdbcClient jdbc,
            RawRecordStore store,
            RecordProcessor processor,
            ProducerTemplate producer,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.store = store;
        this.processor = processor;
        this.producer = producer;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A record is not (or no longer) a reject: it cannot be re-driven or discarded. */
    public static final class NotARejectException extends RuntimeException {
        NotARejectException(long id, String status) {
            super("记录 " + id + " 的状态为 " + status + "，不是待处理的退回记录 (record " + id + " is " + status + ", not a reject)");
        }
    }

    /** How re-driving went: how many records were re-driven and what became of them. */
    public record Result(int redriven, int issued, int duplicate, int rejectedAgain, List<Long> recordIds) {}

    /** Re-drives the given rejects; each must be REJECTED. */
    public Result redrive(List<Long> recordIds, String actor, String note) {
        var records = transaction.execute(s -> {
            var list = new ArrayList<RawRecord>();
            for (long id : recordIds) {
                list.add(reopen(id, actor, note));
            }
            return list;
        });
        return process(records);
    }

    /**
     * Re-drives every reject of a source, optionally only those that broke a rule, in batches; returns the totals.
     */
    public Result redriveAll(String source, String rule, String actor, String note) {
        int redriven = 0;
        int issued = 0;
        int duplicate = 0;
        int rejected = 0;
        long after = 0;
        var ids = new ArrayList<Long>();
        while (true) {
            var query = jdbc.sql("""
                    select r.id from raw_record r where r.status = 'REJECTED' and r.source_id = :source and r.id > :after
                    %s order by r.id fetch first %d rows only""".formatted(rule == null ? "" : """
                    and exists (select 1 from reject_reason x where x.raw_record_id = r.id and x.rule = :rule)""", BATCH))
                    .param("source", source)
                    .param("after", after);
            List<Long> batch = (rule == null ? query : query.param("rule", rule))
                    .query(Long.class)
                    .list();
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1);
            Result r = redrive(batch, actor, note);
            redriven += r.redriven();
            issued += r.issued();
            duplicate += r.duplicate();
            rejected += r.rejectedAgain();
            if (ids.size() < 1000) {
                ids.addAll(batch.subList(0, Math.min(batch.size(), 1000 - ids.size())));
            }
        }
        return new Result(redriven, issued, duplicate, rejected, ids);
    }

    /** Discards a reject for good, with the reason. */
    public void discard(long recordId, String actor, String reason) {
        transaction.executeWithoutResult(s -> {
            String status = lock(recordId);
            jdbc.sql("update raw_record set status = 'DISCARDED', processed_at = ? where id = ?")
                    .params(now(), recordId)
                    .update();
            audit(recordId, "DISCARD", actor, reason, status, store.reasons(recordId));
        });
    }

    private RawRecord reopen(long id, String actor, String note) {
        String status = lock(id);
        List<RejectReason> reasons = store.reasons(id);
        audit(id, "REDRIVE", actor, note, status, reasons);
        jdbc.sql("delete from reject_reason where raw_record_id = ?").param(id).update();
        jdbc.sql("update raw_record set status = 'RECEIVED', processed_at = null, mapping_version = null where id = ?")
                .param(id)
                .update();
        return store.find(id).orElseThrow();
    }

    private String lock(long id) {
        String status = jdbc.sql("select status from raw_record where id = ? for update")
                .param(id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new java.util.NoSuchElementException("no record " + id));
        if (!status.equals(RecordStatus.REJECTED.name())) {
            throw new NotARejectException(id, status);
        }
        return status;
    }

    /**
     * Clears the field values in the recorded reasons of records whose raw payloads were purged: the history keeps
     * which rule each broke and the message, not what the upstream sent.
     */
    @EventListener
    void forgetValues(RawPayloadsPurged purged) {
        var actions = jdbc.sql("""
                select id, previous_reasons from record_action
                where raw_record_id in (:ids) and previous_reasons is not null""")
                .param("ids", purged.recordIds())
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .list();
        for (var action : actions) {
            List<RejectReason> reasons = List.of(JSON.readValue(action.getValue(), RejectReason[].class));
            var withoutValues = reasons.stream()
                    .map(r -> new RejectReason(r.field(), null, r.rule(), CitizenIdNumber.maskWithin(r.message())))
                    .toList();
            jdbc.sql("update record_action set previous_reasons = ? where id = ?")
                    .params(JSON.writeValueAsString(withoutValues), action.getKey())
                    .update();
        }
    }

    private void audit(
            long id,
            String action,
            String actor,
            String reason,
            String previousStatus,
            List<RejectReason> previousReasons) {
        jdbc.sql("""
                insert into record_action (raw_record_id, action, actor, reason, previous_status, previous_reasons,
                                           acted_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, action, actor, reason, previousStatus, JSON.writeValueAsString(previousReasons), now())
                .update();
    }

    private Result process(List<RawRecord> records) {
        RecordProcessor.Processed processed = processor.process(records);
        producer.sendBody(Endpoints.DISPATCH, processed);
        var ids = records.stream().map(RawRecord::id).toList();
        var counts = new java.util.HashMap<String, Integer>();
        jdbc.sql("select status, count(*) from raw_record where id in (:ids) group by status")
                .param("ids", ids)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return new Result(
                records.size(),
                counts.getOrDefault("ISSUED", 0),
                counts.getOrDefault("DUPLICATE", 0),
                counts.getOrDefault("REJECTED", 0),
                ids);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
