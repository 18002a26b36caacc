package org.certhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.certhub.intake.RawRecord;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceVersionView;
import org.certhub.mapping.Normalized;
import org.certhub.platform.Sha256;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Licences in the state a test starts from, made in a few lines the way the stages make them: issued from a raw
 * record through its mapping and the library, then sealed (a file stored, the version SIGNED).
 *
 * <pre>{@code
 * var licences = Licences.in(hub);
 * Licences.Issued issued = licences.issue(RawRecords.examSystem());
 * LicenceVersionView signed = licences.seal(issued.versionId());
 * IssueOutcome suspended = licences.apply(RawRecords.enforcement("暂扣", issued.number(), "事故", "罚〔2026〕1号"));
 * }</pre>
 */
public final class Licences {

    private final InMemoryHub hub;

    private Licences(InMemoryHub hub) {
        this.hub = hub;
    }

    public static Licences in(InMemoryHub hub) {
        return new Licences(hub);
    }

    /** A licence issued from the raw record {@code recordId}. */
    public record Issued(long recordId, long licenceId, long versionId, String identifier, String number) {}

    /** Issues a new licence from a valid record of a source whose operation is {@code new}; its version waits to be sealed. */
    public Issued issue(RawRecords.Row row) {
        RawRecord record = hub.receive(row);
        return new TransactionTemplate(hub.transactions()).execute(s -> {
            Normalized.Accepted accepted = accepted(record);
            var outcome = hub.library()
                    .issueNew(accepted.type(), accepted.values(), accepted.businessKey(), record.id(), hub.today());
            if (!(outcome instanceof IssueOutcome.Issued issued)) {
                throw new IllegalArgumentException("not issued: " + outcome);
            }
            hub.rawRecords()
                    .markIssued(
                            record.id(),
                            accepted.mappingVersion(),
                            accepted.businessKey(),
                            issued.licenceId(),
                            issued.versionId());
            return new Issued(
                    record.id(), issued.licenceId(), issued.versionId(), issued.identifier(), issued.number());
        });
    }

    /**
     * Applies a valid record of a status operation (suspend, revoke, reinstate, cancel) to its licence, as the
     * process step does; returns what it did, a {@link IssueOutcome.StatusChanged} unless the licence's status
     * forbids it.
     */
    public IssueOutcome apply(RawRecords.Row row) {
        RawRecord record = hub.receive(row);
        return new TransactionTemplate(hub.transactions()).execute(s -> {
            Normalized.Accepted a = accepted(record);
            if (a.operation().makesVersion()) {
                throw new IllegalArgumentException(a.operation() + " makes a version: use the process step");
            }
            IssueOutcome outcome = hub.library()
                    .apply(
                            a.type(),
                            a.operation(),
                            a.licenceRef(),
                            null,
                            a.reason(),
                            a.businessKey(),
                            record.id(),
                            "source:" + record.sourceId(),
                            hub.today());
            if (outcome instanceof IssueOutcome.StatusChanged changed) {
                hub.rawRecords()
                        .markIssued(record.id(), a.mappingVersion(), a.businessKey(), changed.licenceId(), null);
            }
            return outcome;
        });
    }

    private Normalized.Accepted accepted(RawRecord record) {
        hub.rawRecords().claim(record.id());
        var normalized = hub.normalizer().normalize(record.sourceId(), record.payload(), hub.today());
        if (!(normalized instanceof Normalized.Accepted accepted)) {
            throw new IllegalArgumentException("not a valid record: " + normalized);
        }
        return accepted;
    }

    /** The sealed file {@link #seal(long)} stores for a version: not a PDF, the stages after sealing only carry it. */
    public static byte[] sealedFile(String identifier) {
        return ("%PDF-1.7 sealed " + identifier).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Seals a pending version as the sign stage does: stores its file under the files folder and marks the version
     * SIGNED (seal {@code demo}, key version 1, not B-LTA).
     */
    public LicenceVersionView seal(long versionId) {
        return seal(versionId, null);
    }

    /** Seals a pending version at B-LTA, its newest timestamp's TSA certificate expiring at the instant. */
    public LicenceVersionView seal(long versionId, Instant archiveTimestampExpiry) {
        LicenceVersionView pending = hub.library().findVersion(versionId).orElseThrow();
        return seal(pending, sealedFile(pending.identifier()), archiveTimestampExpiry);
    }

    /** Seals a pending version with the given file content. */
    public LicenceVersionView seal(LicenceVersionView pending, byte[] file, Instant archiveTimestampExpiry) {
        String sha256 = Sha256.hex(file);
        Path relative = Path.of(
                Integer.toString(pending.issuedOn().getYear()),
                pending.identifier() + "-" + sha256.substring(0, 12) + ".pdf");
        try {
            Path target = hub.paths().files().resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!hub.library()
                .markSigned(pending.versionId(), relative.toString(), sha256, "demo", 1, archiveTimestampExpiry)) {
            throw new IllegalStateException("version " + pending.versionId() + " was not pending");
        }
        return hub.library().findVersion(pending.versionId()).orElseThrow();
    }
}
