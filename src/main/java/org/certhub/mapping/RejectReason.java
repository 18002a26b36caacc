package org.certhub.mapping;

/**
 * Why a record was not issued: the field, the value it had, the rule it broke and a sentence an operator reads.
 */
public record RejectReason(String field, String value, String rule, String message) {

    public static RejectReason of(String field, String value, String rule, String message) {
        return new RejectReason(field, value, rule, message);
    }
}
