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
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Repairs what a crash left half-done: raw records never mapped, versions never sealed or never published whose
 * queue message was lost. Every step it triggers is idempotent, so a message still in flight does no harm.
 */
@Component
class StalledWorkSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledWorkSweeper.class);
    private static final int BATCH = 20;
    private static final String SIGN_QUEUE = "certhub.sign";
    private static final String PUBLISH_QUEUE = "certhub.publish";
    private static final String STATUS_QUEUE = "certhub.status";

    private final RawRecordStore records;
    private final RecordProcessor processor;
    private final LicenceLibrary library;
    private final ProducerTemplate producer;
    private final JmsTemplate jms;
    private final Clock clock;
    private final Duration staleAfter;
    private final java.time.Instant startedAt;
    private boolean firstSweep = true;

    StalledWorkSweeper(RawRecordStore records, RecordProcessor processor, LicenceLibrary library,
            ProducerTemplate producer, JmsTemplate jms, Clock clock, @Value("${certhub.sweeper.stale-after:PT2M}") Duration staleAfter) {
        this.records = records;
        this.processor = processor;
        this.library = library;
        this.producer = producer;
        this.jms = jms;
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
        int unsigned = 0;
        int unpublished = 0;
        try {
            records = remapStalledRecords(before);
        } finally {
            // a queue that still holds messages is being worked through: re-queueing its versions would only
            // add duplicates; once it is empty, whatever is still waiting lost its message
            if (isEmpty(SIGN_QUEUE)) {
                unsigned = reenqueue(VersionState.PENDING_SIGN, SIGN_QUEUE, before);
            }
            if (isEmpty(PUBLISH_QUEUE)) {
                unpublished = reenqueue(VersionState.SIGNED, PUBLISH_QUEUE, before);
            }
            if (isEmpty(STATUS_QUEUE)) {
                List<Long> ids;
                while (!(ids = library.stalledEvents(before, BATCH)).isEmpty()) {
                    library.markEventsEnqueued(ids);
                    ids.forEach(id -> producer.sendBody("jms:queue:" + STATUS_QUEUE + "?jmsMessageType=Text",
                            id.toString()));
                    unpublished += ids.size();
                }
            }
        }
        if (records + unsigned + unpublished > 0) {
            log.info("Sweeper resumed {} unmapped records, {} unsealed and {} unpublished versions", records, unsigned,
                    unpublished);
        }
    }

    /** Maps records a crash left unmapped, in small batches so that one cannot hold up the others. */
    private int remapStalledRecords(java.time.Instant before) {
        int total = 0;
        List<RawRecord> stalled;
        while (!(stalled = records.stalled(before, BATCH)).isEmpty()) {
            producer.sendBody("direct:dispatch", processor.process(stalled));
            total += stalled.size();
        }
        return total;
    }

    private boolean isEmpty(String queue) {
        Boolean hasMessages = jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements());
        return !Boolean.TRUE.equals(hasMessages);
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
