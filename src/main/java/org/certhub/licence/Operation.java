package org.certhub.licence;

import java.util.Locale;
import java.util.Optional;

/**
 * What a record asks to be done to a licence, with the operation codes of the national platform's sector standards
 * (01 新发 … 09 变更). Revocation has no code of its own there; it travels as 07 其他.
 */
public enum Operation {
    NEW("01", "新发"),
    RENEW("02", "延续"),
    SUSPEND("03", "暂扣"),
    CANCEL("05", "注销"),
    REINSTATE("06", "暂扣发还"),
    REVOKE("07", "撤销"),
    CHANGE("09", "变更");

    private final String nationalCode;
    private final String label;

    Operation(String nationalCode, String label) {
        this.nationalCode = nationalCode;
        this.label = label;
    }

    public String nationalCode() {
        return nationalCode;
    }

    public String label() {
        return label;
    }

    /** The name used in mappings and APIs: {@code new}, {@code renew} … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Makes a new version of the licence (a new file, version number + 1). */
    public boolean makesVersion() {
        return this == RENEW || this == CHANGE;
    }

    /** Only changes the licence's status. */
    public boolean changesStatus() {
        return this == SUSPEND || this == REINSTATE || this == REVOKE || this == CANCEL;
    }

    /** By id ({@code renew}), national code ({@code 02}) or Chinese label ({@code 延续}). */
    public static Optional<Operation> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        for (Operation o : values()) {
            if (o.id().equalsIgnoreCase(t) || o.nationalCode.equals(t) || o.label.equals(t)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
