package org.certhub.licence;

/** How far one licence version has gone through the pipeline. */
public enum VersionState {
    /**
     * Issued in the library for a type that requires manual sealing: waits in the sealing queue for a sealer's
     * approval. Not a certificate yet: the public page does not show it, the sweeper leaves it alone.
     */
    AWAITING_SEAL,
    /**
     * Sent back by a sealer with a reason, never sealed: its record is a reject ({@code sent-back}); re-driving
     * it, or the upstream sending the corrected record, puts the version back in the sealing queue.
     */
    RETURNED,
    /** Issued in the library, waiting for its sealed file. */
    PENDING_SIGN,
    /**
     * Set aside because sealing at the type's level failed for a passing reason (the TSA was down or too slow); the
     * sweeper makes it {@link #PENDING_SIGN} again after a while.
     */
    PARKED,
    /** Sealed and stored, waiting for publication. */
    SIGNED,
    /** Acknowledged by every publication target. */
    PUBLISHED,
    /**
     * Sealing or publication failed for a reason that is not passing, after {@code certhub.signing.max-attempts} or
     * {@code certhub.publish.max-attempts} attempts: nothing retries it any more. The version keeps the stage and the
     * last error; an operator re-drives it once the cause is fixed ({@code POST /api/v1/pipeline/failed/{id}/retry}),
     * which puts it back where it failed.
     */
    FAILED
}
