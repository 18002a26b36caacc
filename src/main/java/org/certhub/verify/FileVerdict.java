package org.certhub.verify;

/** What the upload check says of a file, in the order a person needs it. */
enum FileVerdict {
    /** Sealed by the hub, unchanged since (but for validation data and timestamps), and the library's file. */
    GENUINE,
    /** Changed after sealing, damaged or cut short: what it shows is not what was sealed. */
    MODIFIED,
    /** No seal at all, or not a certificate file. */
    NOT_SEALED,
    /** Sealed, correctly, but with a key that is none of the hub's seals. */
    UNKNOWN_SEAL,
    /** Sealed by one of the hub's seals and unchanged, but not a file the library holds. */
    NOT_IN_LIBRARY
}
