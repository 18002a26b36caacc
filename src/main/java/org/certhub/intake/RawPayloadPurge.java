package org.certhub.intake;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.certhub.platform.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes raw payloads (the rows as the upstream sent them, full ID numbers included) once they are no longer needed:
 * {@code certhub.personal-data.raw-retention} after the record was issued, found a duplicate or discarded. The row
 * stays with its provenance and its payload hash (duplicates are still recognised); the payload becomes {@code {}}
 * and {@code payload_purged_at} says when; the values its reject reasons quote are cleared too (their field, rule and
 * message stay), and {@link RawPayloadsPurged} tells the other tables' owners. Records still to be processed or re-driven (RECEIVED, REJECTED) and
 * records whose licence version waits for a sealer (a sealer may send it back, making it a reject again) are kept.
 */
@Component
public class RawPayloadPurge {

    private static final Logger log = LoggerFactory.getLogger(RawPayloadPurge.class);
    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PersonalDataSettings settings;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    RawPayloadPurge(
            JdbcClient jdbc,
            Clock clock,
            PersonalDataSettings settings,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** What a run removed: payloads purged per record status. */
    public record Purged(Map<String, Integer> byStatus) {
        public int total() {
            return byStatus.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** On a thread of its own, at most an hour a run (what it did not reach, the next run purges). */
    @org.springframework.beans.factory.annotation.Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "raw-payload-purge",
                this::purge,
                settings.purgeInterval(),
                settings.purgeInterval(),
                java.time.Duration.ofHours(1));
    }
    /** Purges every payload past its retention, in batches, and logs what it removed. */
    public Purged purge() {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        OffsetDateTime processedBefore = now.minus(settings.rawRetention());
        var counts = new TreeMap<String, Integer>();
        while (true) {
            var batch = jdbc.sql("""
                    select r.id, r.status from raw_record r
                    where r.status in ('ISSUED', 'DUPLICATE', 'DISCARDED') and r.payload_purged_at is null
                      and r.processed_at < ?
                      and not exists (select 1 from licence_version v
                                      where v.id = r.licence_version_id and v.state = 'AWAITING_SEAL')
                    order by r.id fetch first %d rows only""".formatted(BATCH))
                    .param(processedBefore)
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .list();
            if (batch.isEmpty()) {
                break;
            }
            transaction.executeWithoutResult(s -> {
                var purgedIds = new ArrayList<Long>();
                for (var record : batch) {
                    int purged = jdbc.sql("""
                            update raw_record set payload = '{}', payload_purged_at = ?
                            where id = ? and status = ? and payload_purged_at is null""")
                            .params(now, record.getKey(), record.getValue())
                            .update();
                    if (purged == 1) {
                        counts.merge(record.getValue(), 1, Integer::sum);
                        purgedIds.add(record.getKey());
                    }
                }
                if (!purgedIds.isEmpty()) {
                    jdbc.sql("update reject_reason set field_value = null where raw_record_id in (:ids)")
                            .param("ids", purgedIds)
                            .update();
                    events.publishEvent(new RawPayloadsPurged(List.copyOf(purgedIds)));
                }
            });
            if (batch.size() < BATCH) {
                break;
            }
        }
        var result = new Purged(Map.copyOf(counts));
        if (result.total() > 0) {
            log.info(
                    "Purged the raw payloads of {} records processed before {} (retention {}): {}",
                    result.total(),
                    processedBefore,
                    settings.rawRetention(),
                    counts);
        } else {
            log.debug("No raw payload past its retention ({})", settings.rawRetention());
        }
        return result;
    }
}
