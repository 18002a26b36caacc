package org.certhub.licence;

/** What issuing a record did. */
public sealed interface IssueOutcome {

    /** A new licence version, to be sealed. */
    record Issued(long licenceId, long versionId, String identifier, String number) implements IssueOutcome {
    }

    /** The same certificate was issued before from the raw record {@code firstRawRecordId}. */
    record Duplicate(long licenceId, long firstRawRecordId) implements IssueOutcome {
    }
}
