package org.certhub.licence;

/** How far one licence version has gone through the pipeline. */
public enum VersionState {
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
    PUBLISHED
}
