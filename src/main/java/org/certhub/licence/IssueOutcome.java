package org.certhub.licence;

/** What acting on a record did to the licence library. */
public sealed interface IssueOutcome {

    /** A new licence, or a new version of one (renewal, change), to be sealed. */
    record Issued(long licenceId, long versionId, String identifier, String number) implements IssueOutcome {}

    /** The status changed; the event is to be published. */
    record StatusChanged(long licenceId, long eventId, LicenceStatus status) implements IssueOutcome {}

    /** The same certificate or operation came before, from the raw record {@code firstRawRecordId}. */
    record Duplicate(long licenceId, long firstRawRecordId) implements IssueOutcome {}

    /** The operation cannot be done: no such licence, or its status forbids it. */
    record Refused(String rule, String message) implements IssueOutcome {

        /** No licence of the type has the number or identifier. */
        public static Refused licenceNotFound(String licenceRef, Operation operation) {
            return new Refused(
                    "licence-not-found", "证照“" + licenceRef + "”不存在，无法" + operation.label() + " (no such licence)");
        }

        /** The licence's status does not allow the operation. */
        static Refused statusForbids(String number, LicenceStatus status, Operation operation) {
            return new Refused(
                    "status-forbids",
                    "证照“" + number + "”当前状态为" + status.label() + "，不能" + operation.label() + " (status " + status.name()
                            + " does not allow " + operation.id() + ")");
        }
    }
}
