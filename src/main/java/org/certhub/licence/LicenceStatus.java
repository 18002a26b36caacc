package org.certhub.licence;

import java.util.Optional;

/** Where a licence stands in its lifecycle, and which operations each status allows. */
public enum LicenceStatus {
    VALID("有效"),
    SUSPENDED("暂扣"),
    REVOKED("撤销"),
    CANCELLED("注销"),
    EXPIRED("失效");

    private final String label;

    LicenceStatus(String label) {
        this.label = label;
    }

    /** The Chinese word the public page shows. */
    public String label() {
        return label;
    }

    /**
     * The status after the operation, or empty when this status forbids it: a revoked or cancelled licence is
     * final; a suspended one can only be reinstated, revoked or cancelled; renewal and change need a valid licence.
     */
    public Optional<LicenceStatus> after(Operation operation) {
        return Optional.ofNullable(
                switch (operation) {
                    case NEW -> null;
                    case RENEW, CHANGE -> this == VALID || this == EXPIRED ? VALID : null;
                    case SUSPEND -> this == VALID ? SUSPENDED : null;
                    case REINSTATE -> this == SUSPENDED ? VALID : null;
                    case REVOKE -> this == VALID || this == SUSPENDED ? REVOKED : null;
                    case CANCEL -> this == VALID || this == SUSPENDED || this == EXPIRED ? CANCELLED : null;
                });
    }
}
