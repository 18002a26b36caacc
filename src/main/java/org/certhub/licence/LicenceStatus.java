package org.certhub.licence;

/** Where a licence stands in its lifecycle. */
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
}
