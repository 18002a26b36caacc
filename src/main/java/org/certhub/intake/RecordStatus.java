package org.certhub.intake;

/** What became of a raw record. */
public enum RecordStatus {
    /** Stored, not yet mapped. */
    RECEIVED,
    /** Became a licence version. */
    ISSUED,
    /** The same certificate was issued from an earlier record. */
    DUPLICATE,
    /** Kept with the reasons it could not be issued; can be re-driven or discarded. */
    REJECTED,
    /** A reject an operator discarded, with a reason (see record_action). */
    DISCARDED
}
