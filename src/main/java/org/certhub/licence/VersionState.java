package org.certhub.licence;

/** How far one licence version has gone through the pipeline. */
public enum VersionState {
    /** Issued in the library, waiting for its sealed file. */
    PENDING_SIGN,
    /** Sealed and stored, waiting for publication. */
    SIGNED,
    /** Acknowledged by every publication target. */
    PUBLISHED
}
