package org.certhub.issuance;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.Operation;
import org.certhub.mapping.LicenceDataValidator;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.Normalizer;
import org.certhub.mapping.RejectReason;
import org.certhub.rendering.FontSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes stored raw records through normalization and issuance; each ends issued, duplicate or rejected. Records
 * already processed are skipped, so redelivery and the sweeper are harmless. A record whose certificate would print a
 * character no shipped font draws is rejected before anything is issued ({@link GlyphCheck}).
 */
@Component("recordProcessor")
public class RecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);
    private static final int ATTEMPTS = 5;

    private final Normalizer normalizer;
    private final GlyphCheck glyphs;
    private final LicenceLibrary library;
    private final RawRecordStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Timer timer;

    RecordProcessor(
            Normalizer normalizer,
            FontSet fonts,
            LicenceLibrary library,
            RawRecordStore store,
            PlatformTransactionManager transactions,
            Clock clock,
            MeterRegistry meters) {
        this.normalizer = normalizer;
        this.glyphs = new GlyphCheck(fonts);
        this.library = library;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.timer = Timer.builder("certhub.intake.issue")
                .description("normalizing and issuing a batch of records")
                .register(meters);
    }

    /**
     * What a batch gave for the later stages.
     *
     * @param toSign       licence versions to seal (new licences, renewals, changes), except those of types that
     *                     require manual sealing: they wait for a sealer's approval
     * @param statusEvents status changes to publish
     */
    public record Processed(List<Long> toSign, List<Long> statusEvents) {

        static final Processed NONE = new Processed(List.of(), List.of());

        Processed plus(Processed other) {
            var sign = new ArrayList<>(toSign);
            sign.addAll(other.toSign);
            var events = new ArrayList<>(statusEvents);
            events.addAll(other.statusEvents);
            return new Processed(sign, events);
        }
    }

    /** Processes a batch in one transaction and returns what it gave for sealing and publishing. */
    public Processed process(List<RawRecord> records) {
        if (records.isEmpty()) {
            return Processed.NONE;
        }
        return timer.record(() -> processWithRetries(records));
    }

    private Processed processWithRetries(List<RawRecord> records) {
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
        var processed = Processed.NONE;
        for (RawRecord r : records) {
            processed = processed.plus(processAlone(r));
        }
        return processed;
    }

    /**
     * One record in its own transactions. A record that cannot be processed even alone becomes a reject with rule
     * {@code internal-error}, so that it can neither be lost nor block the records after it.
     */
    private Processed processAlone(RawRecord record) {
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
                store.markRejected(
                        record.id(),
                        null,
                        List.of(RejectReason.of(
                                null, null, "internal-error", "处理该记录时出错，可修复后重新处理 (internal error): " + reason)));
            }
        });
        return Processed.NONE;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Processed processAll(List<RawRecord> records) {
        LocalDate today = LocalDate.now(clock);
        var toSign = new ArrayList<Long>();
        var events = new ArrayList<Long>();
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
            if (accepted.operation() == Operation.NEW || accepted.operation().makesVersion()) {
                // a face no font can print would fail sealing for ever: not issued, kept to re-drive
                List<RejectReason> unprintable = glyphs.missingGlyphs(accepted.type(), accepted.values());
                if (!unprintable.isEmpty()) {
                    store.markRejected(record.id(), accepted.mappingVersion(), unprintable);
                    continue;
                }
            }
            IssueOutcome outcome = act(record, accepted, today);
            if (outcome instanceof IssueOutcome.Issued i) {
                store.markIssued(
                        record.id(), accepted.mappingVersion(), accepted.businessKey(), i.licenceId(), i.versionId());
                if (!accepted.type().sealing().manual()) {
                    toSign.add(i.versionId()); // a manually sealed type's version waits in the sealing queue
                }
            } else if (outcome instanceof IssueOutcome.StatusChanged c) {
                store.markIssued(record.id(), accepted.mappingVersion(), accepted.businessKey(), c.licenceId(), null);
                events.add(c.eventId());
            } else if (outcome instanceof IssueOutcome.Duplicate d) {
                store.markDuplicate(
                        record.id(),
                        accepted.mappingVersion(),
                        accepted.businessKey(),
                        d.licenceId(),
                        d.firstRawRecordId());
            } else if (outcome instanceof IssueOutcome.Refused f) {
                store.markRejected(
                        record.id(),
                        accepted.mappingVersion(),
                        List.of(RejectReason.of(
                                accepted.operation().id(), accepted.licenceRef(), f.rule(), f.message())));
            }
        }
        return new Processed(toSign, events);
    }

    private IssueOutcome act(RawRecord record, Normalized.Accepted a, LocalDate today) {
        String actor = "source:" + record.sourceId();
        if (a.operation() == Operation.NEW) {
            return library.issueNew(a.type(), a.values(), a.businessKey(), record.id(), today);
        }
        Map<String, String> merged = null;
        if (a.operation().makesVersion()) {
            var current = library.findCurrent(a.type().code(), a.licenceRef()).orElse(null);
            if (current == null) {
                return IssueOutcome.Refused.licenceNotFound(a.licenceRef(), a.operation());
            }
            merged = a.type().withChanges(current.data(), a.values());
            var problems = LicenceDataValidator.validate(a.type(), merged, today);
            if (!problems.isEmpty()) {
                RejectReason first = problems.get(0);
                return new IssueOutcome.Refused(
                        first.rule(),
                        a.operation().label() + "后的数据不合规: "
                                + problems.stream().map(RejectReason::message).toList());
            }
        }
        return library.apply(
                a.type(),
                a.operation(),
                a.licenceRef(),
                merged,
                a.reason(),
                a.businessKey(),
                record.id(),
                actor,
                today);
    }
}
