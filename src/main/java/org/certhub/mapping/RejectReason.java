package org.certhub.mapping;

import org.certhub.codes.CitizenIdNumber;

/**
 * Why a record was not issued: the field, the value it had, the rule it broke and a sentence an operator reads.
 */
public record RejectReason(String field, String value, String rule, String message) {

    public static RejectReason of(String field, String value, String rule, String message) {
        return new RejectReason(field, value, rule, message);
    }

    /** The reason as anyone may see it: an ID number it names, in its value or its message, masked. */
    public RejectReason masked() {
        return new RejectReason(
                field,
                rule.startsWith("citizen-id") && value != null
                        ? CitizenIdNumber.mask(value)
                        : CitizenIdNumber.maskWithin(value),
                rule,
                CitizenIdNumber.maskWithin(message));
    }
}
