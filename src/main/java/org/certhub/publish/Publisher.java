package org.certhub.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.certhub.catalog.Catalogue;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.licence.FailedStage;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.NationalMetadata;
import org.certhub.licence.VersionState;
import org.certhub.platform.Node;
import org.certhub.sealing.SigningBatches;
import org.certhub.sealing.SigningStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The publish step, used by the {@code publish} route: hands a signed version to every target and records each
 * acknowledgement. A target that fails makes the step throw, so the message is redelivered later; targets that
 * already acknowledged are not asked again.
 */
@Component("publisher")
public class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final LicenceLibrary library;
    private final Clock clock;
    private final Catalogue catalogue;
    private final SigningStage files;
    private final List<PublicationTarget> targets;
    private final JdbcClient jdbc;
    private final int maxAttempts;
    private final Duration lease;
    private final String node;
    private final Timer timer;

    Publisher(
            LicenceLibrary library,
            Catalogue catalogue,
            SigningStage files,
            List<PublicationTarget> targets,
            JdbcClient jdbc,
            PublishSettings settings,
            MeterRegistry meters,
            Clock clock,
            Node node) {
        this.clock = clock;
        this.lease = settings.lease();
        this.node = node.name();
        this.library = library;
        this.catalogue = catalogue;
        this.files = files;
        this.targets = targets;
        this.jdbc = jdbc;
        this.maxAttempts = settings.maxAttempts();
        this.timer = Timer.builder("certhub.publish")
                .description("publishing a version to every target")
                .register(meters);
    }

    /**
     * Publishes the versions of a publish queue message ("12,13,14", or one id). Each is published on its own; when
     * one fails, the others still are, and then the first failure is thrown so that the broker redelivers the
     * message: versions already published are skipped then, and targets that acknowledged are not asked again. The
     * batch claims its versions first and holds them while it runs ({@code certhub.publish.lease}): a version another
     * batch, on this node or another, is publishing is left to it.
     */
    public List<Long> publishAll(String message) throws Exception {
        String owner = node + "/" + UUID.randomUUID();
        List<Long> claimed = library.claim(
                SigningBatches.ids(message),
                VersionState.SIGNED,
                owner,
                clock.instant().plus(lease));
        try {
            return publishClaimed(claimed, owner);
        } finally {
            library.releaseLease(claimed, owner);
        }
    }

    private List<Long> publishClaimed(List<Long> claimed, String owner) throws Exception {
        Exception failure = null;
        var resealing = new java.util.ArrayList<Long>();
        Instant renewAt = clock.instant().plus(lease.dividedBy(3));
        // one query for the batch instead of one per version
        for (LicenceVersionView v : library.findVersions(claimed)) {
            if (clock.instant().isAfter(renewAt)) {
                // a slow target: the batch holds its versions on
                library.renewLease(claimed, owner, clock.instant().plus(lease));
                renewAt = clock.instant().plus(lease.dividedBy(3));
            }
            try {
                timer.recordCallable(() -> {
                    if (!publishNow(v)) {
                        resealing.add(v.versionId());
                    }
                    return null;
                });
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            // the versions to seal again are pending without a queue mark: the sweeper hands them on
            throw failure;
        }
        return resealing;
    }

    /** A sealed file as read, or null when it is missing or is not the file the library recorded. */
    private static byte[] intact(java.util.function.Supplier<byte[]> read, String sha256) {
        byte[] file;
        try {
            file = read.get();
        } catch (java.io.UncheckedIOException e) {
            return null;
        }
        return sha256 != null && sha256.equals(org.certhub.platform.Sha256.hex(file)) ? file : null;
    }

    /** Publishes a signed version; false when its file was missing or damaged and it went back to sealing. */
    private boolean publishNow(LicenceVersionView v) throws Exception {
        if (v.state() != VersionState.SIGNED) {
            return true;
        }
        long versionId = v.versionId();
        Map<String, Object> metadata = NationalMetadata.platformFields(catalogue.get(v.typeCode()), v);
        byte[] pdf = intact(() -> files.read(v), v.fileSha256());
        // null too for a type that issues none
        byte[] ofd = v.ofdFilePath() == null ? null : intact(() -> files.readOfd(v), v.ofdFileSha256());
        if (pdf == null || (v.ofdFilePath() != null && ofd == null)) {
            String reason = pdf == null
                    ? "the sealed file " + v.filePath() + " is missing or is not the file sealed (SHA-256 "
                            + v.fileSha256() + "): sealed again"
                    : "the sealed file " + v.ofdFilePath() + " is missing or is not the file sealed (SHA-256 "
                            + v.ofdFileSha256() + "): sealed again";
            log.error("Publishing {}: {}", v.identifier(), reason);
            return !library.resealDamaged(versionId, reason);
        }
        for (PublicationTarget target : targets) {
            if (acknowledged(versionId, target.id())) {
                continue;
            }
            try {
                String ack = target.publish(v, pdf, ofd, metadata);
                jdbc.sql("""
                        update publication set status = 'ACKNOWLEDGED', attempts = attempts + 1, acknowledgement = ?,
                               acknowledged_at = ?, last_error = null where licence_version_id = ? and target = ?""").params(ack, now(), versionId, target.id()).update();
            } catch (Exception e) {
                // an I/O error's message is often a bare path: name the error too
                String error = CitizenIdNumber.maskWithin(
                        String.valueOf(e instanceof java.io.IOException ? e.toString() : e.getMessage()));
                jdbc.sql("""
                        update publication set attempts = attempts + 1, last_error = ?
                        where licence_version_id = ? and target = ?""")
                        .params(error.length() > 4000 ? error.substring(0, 4000) : error, versionId, target.id())
                        .update();
                if (library.recordFailure(versionId, FailedStage.PUBLISH, target.id() + ": " + error, maxAttempts)) {
                    // failed for good: nothing retries it, so it does not fail the message either
                    log.error(
                            "Publishing {} to {} failed {} times; it is FAILED until an operator re-drives it: {}",
                            v.identifier(),
                            target.id(),
                            maxAttempts,
                            error);
                    return true;
                }
                log.warn("Publishing {} to {} failed, will retry: {}", v.identifier(), target.id(), error);
                // the broker redelivers with back-off; this keeps the sweeper from queueing the version again meanwhile
                library.markEnqueued(List.of(versionId));
                throw e;
            }
        }
        library.markPublished(versionId);
        // status changes that came while this version was on its way waited for it (see publishStatus)
        for (Long eventId : library.unpublishedStatusEvents(v.licenceId())) {
            try {
                publishStatus(eventId);
            } catch (Exception e) {
                // already logged and marked; the sweeper sends it again
            }
        }
        return true;
    }

    /**
     * Publishes a status change to every target; throws when one fails, so that the broker redelivers it. The
     * notice is the current version's metadata with the new status, plus the operation, its reason and time.
     */
    public void publishStatus(String message) throws Exception {
        for (long eventId : SigningBatches.ids(message)) {
            publishStatus(eventId);
        }
    }

    void publishStatus(long eventId) throws Exception {
        var event = library.findUnpublishedEvent(eventId).orElse(null);
        if (event == null) {
            return;
        }
        LicenceVersionView v = event.current();
        if (v.state() != VersionState.PUBLISHED) {
            // A notice about a certificate the targets have not received yet (suspended right after issuance, or
            // cancelled while its changed version is being sealed) would refer to an unknown identifier: it goes
            // out right after the version is published.
            log.debug("Status change {} of {} waits for the version to be published", eventId, v.identifier());
            return;
        }
        Map<String, Object> notice =
                new java.util.LinkedHashMap<>(NationalMetadata.platformFields(catalogue.get(v.typeCode()), v));
        notice.put("certificate_status", event.status().name());
        notice.put("operation", event.operation().id());
        notice.put("operation_code", event.operation().nationalCode());
        notice.put("operation_reason", event.reason());
        notice.put("operation_time", event.at().toString());
        for (PublicationTarget target : targets) {
            try {
                target.publishStatus(v, eventId, notice);
            } catch (Exception e) {
                String error = CitizenIdNumber.maskWithin(String.valueOf(e.getMessage()));
                if (library.recordEventFailure(eventId, target.id() + ": " + error, maxAttempts)) {
                    log.error(
                            "Publishing status change {} of {} to {} failed {} times; nothing retries it until an "
                                    + "operator re-drives it: {}",
                            eventId,
                            v.identifier(),
                            target.id(),
                            maxAttempts,
                            error);
                    return;
                }
                log.warn(
                        "Publishing status change {} of {} to {} failed, will retry: {}",
                        eventId,
                        v.identifier(),
                        target.id(),
                        error);
                library.markEventsEnqueued(List.of(eventId));
                throw e;
            }
        }
        library.markEventPublished(eventId);
    }

    private boolean acknowledged(long versionId, String target) {
        var status = jdbc.sql("select status from publication where licence_version_id = ? and target = ?")
                .params(versionId, target)
                .query(String.class)
                .optional();
        if (status.isEmpty()) {
            try {
                jdbc.sql("insert into publication (licence_version_id, target, status) values (?, ?, 'PENDING')")
                        .params(versionId, target)
                        .update();
            } catch (org.springframework.dao.DuplicateKeyException concurrent) {
                return acknowledged(versionId, target);
            }
            return false;
        }
        return status.get().equals("ACKNOWLEDGED");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
