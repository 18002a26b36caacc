package org.certhub.licence;

import java.time.Instant;

/**
 * What happened to a licence: every change the library makes raises one of these as a Spring application event, inside
 * the transaction that made it. Listeners that must only see committed changes (the audit log, publication, the
 * console) use {@code @TransactionalEventListener}.
 */
public sealed interface LicenceEvent {

    long licenceId();

    Instant at();

    /** A new licence (version 1), or a new version of one by renewal or change, waiting to be sealed or approved. */
    record VersionIssued(
            long licenceId, long versionId, String identifier, Operation operation, VersionState state, Instant at)
            implements LicenceEvent {}

    /** The licence's status changed (suspend, reinstate, revoke, cancel, or renew/change on an expired one). */
    record StatusChanged(
            long licenceId,
            long eventId,
            Operation operation,
            LicenceStatus from,
            LicenceStatus to,
            String reason,
            Instant at)
            implements LicenceEvent {}

    /** A sealer released a waiting version to sealing. */
    record VersionReleased(long licenceId, long versionId, Instant at) implements LicenceEvent {}

    /** A sealer sent a waiting version back; it is never sealed unless its record is issued again. */
    record VersionSentBack(long licenceId, long versionId, Instant at) implements LicenceEvent {}

    /** A version was sealed and its file stored. */
    record VersionSealed(
            long licenceId, long versionId, String sealId, int sealKeyVersion, String fileSha256, Instant at)
            implements LicenceEvent {}

    /** Sealing a version failed for a passing reason; it waits and is tried again. */
    record VersionParked(long licenceId, long versionId, String reason, Instant at) implements LicenceEvent {}

    /**
     * Sealing or publication of a version failed {@code attempts} times for a reason that is not passing: it is
     * {@link VersionState#FAILED} until an operator re-drives it.
     */
    record VersionFailed(long licenceId, long versionId, FailedStage stage, String reason, int attempts, Instant at)
            implements LicenceEvent {}

    /**
     * A sealed version's file was found missing or changed on disk before publication: the version goes back to
     * sealing, which makes and stores its file again.
     */
    record VersionFileDamaged(long licenceId, long versionId, String reason, Instant at) implements LicenceEvent {}

    /** An operator re-drove a failed version: it is back in the stage where it failed. */
    record VersionRetried(long licenceId, long versionId, FailedStage stage, String actor, Instant at)
            implements LicenceEvent {}

    /** Publishing a status change failed {@code attempts} times; nothing retries it until an operator re-drives it. */
    record StatusChangeFailed(long licenceId, long eventId, String reason, int attempts, Instant at)
            implements LicenceEvent {}

    /** Every publication target acknowledged a sealed version. */
    record VersionPublished(long licenceId, long versionId, Instant at) implements LicenceEvent {}

    /** A status change was published. */
    record StatusChangePublished(long licenceId, long eventId, Instant at) implements LicenceEvent {}

    /** A B-LTA file got a new document timestamp and replaced the version's file. */
    record ArchiveTimestampRenewed(long licenceId, long versionId, String fileSha256, Instant at)
            implements LicenceEvent {}
}
