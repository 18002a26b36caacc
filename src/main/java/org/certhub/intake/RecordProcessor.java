package org.certhub.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceLibrary;
import java.util.concurrent.ThreadLocalRandom;
import org.certhub.mapping.CitizenIdNumber;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.RejectReason;
import org.certhub.mapping.Normalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes stored raw records through normalization and issuance; each ends issued, duplicate or rejected. Records
 * already processed are skipped, so redelivery and the sweeper are harmless.
 */
@Component("recordProcessor")
public class RecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);
    private static final int ATTEMPTS = 5;

    private final Normalizer normalizer;
    private final LicenceLibrary library;
    private final RawRecordStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Timer timer;

    RecordProcessor(Normalizer normalizer, LicenceLibrary library, RawRecordStore store,
            PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.normalizer = normalizer;
        this.library = library;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.timer = Timer.builder("certhub.intake.issue").description("normalizing and issuing a batch of records")
                .register(meters);
    }

    /** Processes a batch in one transaction and returns the ids of the licence versions it issued. */
    public List<Long> process(List<RawRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        return timer.record(() -> processWithRetries(records));
    }

    private List<Long> processWithRetries(List<RawRecord> records) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return transaction.execute(s -> processAll(records));
            } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                // A concurrent batch issued the same business key first (the retry sees it as a duplicate), or
                // held a number counter too long or deadlocked with this one (the retry gets it).
                backOff(attempt);
            }
        }
        log.warn("Batch of {} records kept conflicting; processing them one by one", records.size());
        var issued = new ArrayList<Long>();
        for (RawRecord r : records) {
            issued.addAll(processAlone(r));
        }
        return issued;
    }

    /**
     * One record in its own transactions. A record that cannot be processed even alone becomes a reject with rule
     * {@code internal-error}, so that it can neither be lost nor block the records after it.
     */
    private List<Long> processAlone(RawRecord record) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return transaction.execute(s -> processAll(List.of(record)));
            } catch (TransientDataAccessException | DataIntegrityViolationException e) {
                last = e;
                backOff(attempt);
            } catch (RuntimeException e) {
                last = e;
                break;
            }
        }
        String reason = CitizenIdNumber.maskWithin(String.valueOf(last.getMessage()));
        log.error("Record {} cannot be processed; kept as a reject: {}", record.id(), reason);
        transaction.executeWithoutResult(s -> {
            if (store.claim(record.id())) {
                store.markRejected(record.id(), null, List.of(RejectReason.of(null, null, "internal-error",
                        "处理该记录时出错，可修复后重新处理 (internal error): " + reason)));
            }
        });
        return List.of();
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Long> processAll(List<RawRecord> records) {
        LocalDate today = LocalDate.now(clock);
        var issued = new ArrayList<Long>();
        for (RawRecord record : records) {
            if (!store.claim(record.id())) {
                continue;
            }
            Normalized normalized = normalizer.normalize(record.sourceId(), record.payload(), today);
            if (normalized instanceof Normalized.Rejected r) {
                store.markRejected(record.id(), r.mappingVersion(), r.reasons());
                continue;
            }
            var accepted = (Normalized.Accepted) normalized;
            IssueOutcome outcome = library.issueNew(accepted.type(), accepted.values(), accepted.businessKey(),
                    record.id(), today);
            if (outcome instanceof IssueOutcome.Issued i) {
                store.markIssued(record.id(), accepted.mappingVersion(), accepted.businessKey(), i.licenceId(),
                        i.versionId());
                issued.add(i.versionId());
            } else if (outcome instanceof IssueOutcome.Duplicate d) {
                store.markDuplicate(record.id(), accepted.mappingVersion(), accepted.businessKey(), d.licenceId(),
                        d.firstRawRecordId());
            }
        }
        return issued;
    }
}
