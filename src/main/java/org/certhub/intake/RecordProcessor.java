package org.certhub.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceLibrary;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.Normalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
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
    private static final int ATTEMPTS = 3;

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
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(s -> processAll(records));
            } catch (DataIntegrityViolationException e) {
                // A concurrent delivery issued the same business key (or took a number) first; the retry sees it.
                if (attempt == ATTEMPTS) {
                    log.warn("Batch of {} records conflicted {} times; processing one by one", records.size(), attempt);
                    var issued = new ArrayList<Long>();
                    for (RawRecord r : records) {
                        issued.addAll(transaction.execute(s -> processAll(List.of(r))));
                    }
                    return issued;
                }
            }
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
