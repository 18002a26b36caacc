package org.certhub.issuance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.VersionState;
import org.certhub.platform.Endpoints;
import org.certhub.platform.Jobs;
import org.certhub.sealing.ltv.TimestampSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Repairs what a crash left half-done: raw records never mapped, versions never sealed or never published whose
 * queue message was lost. Every step it triggers is idempotent, so a message still in flight does no harm.
 */
@Component
class StalledWorkSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledWorkSweeper.class);
    private static final int BATCH = 20;

    private final RawRecordStore records;
    private final RecordProcessor processor;
    private final LicenceLibrary library;
    private final ProducerTemplate producer;
    private final JmsTemplate jms;
    private final Clock clock;
    private final SweeperSettings settings;
    private final Duration parkedRetryAfter;
    private final java.time.Instant startedAt;
    private boolean firstSweep = true;

    StalledWorkSweeper(
            RawRecordStore records,
            RecordProcessor processor,
            LicenceLibrary library,
            ProducerTemplate producer,
            JmsTemplate jms,
            Clock clock,
            SweeperSettings settings,
            TimestampSettings timestamps) {
        this.records = records;
        this.processor = processor;
        this.library = library;
        this.producer = producer;
        this.jms = jms;
        this.clock = clock;
        this.settings = settings;
        this.parkedRetryAfter = timestamps.parkedRetryAfter();
        this.startedAt = clock.instant();
    }

    /** On a thread of its own: the nightly archive run or a slow cleanup never holds it up. */
    @org.springframework.beans.factory.annotation.Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "sweeper", this::sweep, settings.initialDelay(), settings.interval(), settings.staleAfter());
    }

    void sweep() {
        var before = clock.instant().minus(settings.staleAfter());
        if (firstSweep) {
            // whatever was waiting when this node started was left by a previous run: no need to wait stale-after
            firstSweep = false;
            before = before.isAfter(startedAt) ? before : startedAt;
        }
        int records = 0;
        int unsigned = 0;
        int unpublished = 0;
        int statusChanges = 0;
        try {
            records = remapStalledRecords(before);
        } finally {
            // a queue that still holds messages is being worked through: re-queueing its versions would only
            // add duplicates; once it is empty, whatever is still waiting lost its message
            final var stale = before;
            // parked versions (their TSA was unavailable) become pending again and go out with the unsealed below
            int resumed = library.resumeParked(clock.instant().minus(parkedRetryAfter));
            if (resumed > 0) {
                log.info("Sweeper resumed {} parked versions", resumed);
            }
            if (isEmpty(Endpoints.SIGN_QUEUE)) {
                unsigned = reenqueue(
                        Endpoints.ENQUEUE_SIGN,
                        () -> library.stalled(VersionState.PENDING_SIGN, stale, BATCH),
                        library::markEnqueued);
            }
            if (isEmpty(Endpoints.PUBLISH_QUEUE)) {
                unpublished = reenqueue(
                        Endpoints.ENQUEUE_PUBLISH,
                        () -> library.stalled(VersionState.SIGNED, stale, BATCH),
                        library::markEnqueued);
            }
            if (isEmpty(Endpoints.STATUS_QUEUE)) {
                statusChanges = reenqueue(
                        Endpoints.ENQUEUE_STATUS,
                        () -> library.stalledEvents(stale, BATCH),
                        library::markEventsEnqueued);
            }
        }
        if (records + unsigned + unpublished + statusChanges > 0) {
            log.info(
                    "Sweeper resumed {} unmapped records, {} unsealed and {} unpublished versions, {} unpublished "
                            + "status changes",
                    records,
                    unsigned,
                    unpublished,
                    statusChanges);
        }
    }

    /** Maps records a crash left unmapped, in small batches so that one cannot hold up the others. */
    private int remapStalledRecords(java.time.Instant before) {
        int total = 0;
        List<RawRecord> stalled;
        while (!(stalled = records.stalled(before, BATCH)).isEmpty()) {
            producer.sendBody(Endpoints.DISPATCH, processor.process(stalled));
            total += stalled.size();
        }
        return total;
    }

    private boolean isEmpty(String queue) {
        Boolean hasMessages =
                jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements());
        return !Boolean.TRUE.equals(hasMessages);
    }

    /**
     * Hands what lost its queue message to the queue again, batch by batch; each batch is marked as enqueued first,
     * so that the next query moves on.
     */
    private int reenqueue(
            String endpoint,
            java.util.function.Supplier<List<Long>> stalled,
            java.util.function.Consumer<List<Long>> markEnqueued) {
        int total = 0;
        List<Long> ids;
        while (!(ids = stalled.get()).isEmpty()) {
            markEnqueued.accept(ids);
            producer.sendBody(endpoint, ids);
            total += ids.size();
        }
        return total;
    }
}
