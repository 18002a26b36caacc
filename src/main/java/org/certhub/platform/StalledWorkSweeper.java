package org.certhub.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.intake.RecordProcessor;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.VersionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Repairs what a crash left half-done: raw records never mapped, versions never sealed or never published whose
 * queue message was lost. Every step it triggers is idempotent, so a message still in flight does no harm.
 */
@Component
class StalledWorkSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledWorkSweeper.class);
    private static final int BATCH = 500;

    private final RawRecordStore records;
    private final RecordProcessor processor;
    private final LicenceLibrary library;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final Duration staleAfter;
    private final java.time.Instant startedAt;
    private boolean firstSweep = true;

    StalledWorkSweeper(RawRecordStore records, RecordProcessor processor, LicenceLibrary library,
            ProducerTemplate producer, Clock clock, @Value("${certhub.sweeper.stale-after:PT2M}") Duration staleAfter) {
        this.records = records;
        this.processor = processor;
        this.library = library;
        this.producer = producer;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.startedAt = clock.instant();
    }

    @Scheduled(initialDelayString = "${certhub.sweeper.initial-delay:PT10S}",
            fixedDelayString = "${certhub.sweeper.interval:PT30S}")
    void sweep() {
        var before = clock.instant().minus(staleAfter);
        if (firstSweep) {
            // whatever was waiting when this node started was left by a previous run: no need to wait stale-after
            firstSweep = false;
            before = before.isAfter(startedAt) ? before : startedAt;
        }
        int records = 0;
        List<RawRecord> stalledRecords;
        while (!(stalledRecords = this.records.stalled(before, BATCH)).isEmpty()) {
            enqueue("certhub.sign", processor.process(stalledRecords));
            records += stalledRecords.size();
        }
        int unsigned = reenqueue(VersionState.PENDING_SIGN, "certhub.sign", before);
        int unpublished = reenqueue(VersionState.SIGNED, "certhub.publish", before);
        if (records + unsigned + unpublished > 0) {
            log.info("Sweeper resumed {} unmapped records, {} unsealed and {} unpublished versions", records, unsigned,
                    unpublished);
        }
    }

    private int reenqueue(VersionState state, String queue, java.time.Instant before) {
        int total = 0;
        List<Long> ids;
        while (!(ids = library.stalled(state, before, BATCH)).isEmpty()) {
            enqueue(queue, ids);
            total += ids.size();
        }
        return total;
    }

    private void enqueue(String queue, List<Long> versionIds) {
        library.markEnqueued(versionIds);
        for (Long id : versionIds) {
            producer.sendBody("jms:queue:" + queue + "?jmsMessageType=Text", id.toString());
        }
    }
}
