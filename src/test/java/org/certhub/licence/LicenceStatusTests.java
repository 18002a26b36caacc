package org.certhub.licence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LicenceStatusTests {

    @Test
    void aSuspendedLicenceCanOnlyBeReinstatedRevokedOrCancelled() {
        assertThat(LicenceStatus.SUSPENDED.after(Operation.REINSTATE)).contains(LicenceStatus.VALID);
        assertThat(LicenceStatus.SUSPENDED.after(Operation.REVOKE)).contains(LicenceStatus.REVOKED);
        assertThat(LicenceStatus.SUSPENDED.after(Operation.CANCEL)).contains(LicenceStatus.CANCELLED);
        assertThat(LicenceStatus.SUSPENDED.after(Operation.RENEW)).isEmpty();
        assertThat(LicenceStatus.SUSPENDED.after(Operation.CHANGE)).isEmpty();
        assertThat(LicenceStatus.SUSPENDED.after(Operation.SUSPEND)).isEmpty();
    }

    @Test
    void revokedAndCancelledAreFinal() {
        for (Operation op : Operation.values()) {
            assertThat(LicenceStatus.REVOKED.after(op)).as(op.id()).isEmpty();
            assertThat(LicenceStatus.CANCELLED.after(op)).as(op.id()).isEmpty();
        }
    }

    @Test
    void aValidLicenceCanBeRenewedChangedSuspendedRevokedOrCancelledButNotReinstated() {
        assertThat(LicenceStatus.VALID.after(Operation.RENEW)).contains(LicenceStatus.VALID);
        assertThat(LicenceStatus.VALID.after(Operation.CHANGE)).contains(LicenceStatus.VALID);
        assertThat(LicenceStatus.VALID.after(Operation.SUSPEND)).contains(LicenceStatus.SUSPENDED);
        assertThat(LicenceStatus.VALID.after(Operation.REVOKE)).contains(LicenceStatus.REVOKED);
        assertThat(LicenceStatus.VALID.after(Operation.CANCEL)).contains(LicenceStatus.CANCELLED);
        assertThat(LicenceStatus.VALID.after(Operation.REINSTATE)).isEmpty();
        assertThat(LicenceStatus.VALID.after(Operation.NEW)).isEmpty();
    }

    @Test
    void operationsAreReadByIdNationalCodeOrChineseLabel() {
        assertThat(Operation.parse("renew")).contains(Operation.RENEW);
        assertThat(Operation.parse("02")).contains(Operation.RENEW);
        assertThat(Operation.parse("延续")).contains(Operation.RENEW);
        assertThat(Operation.parse(" SUSPEND ")).contains(Operation.SUSPEND);
        assertThat(Operation.parse("06")).contains(Operation.REINSTATE);
        assertThat(Operation.parse("09")).contains(Operation.CHANGE);
        assertThat(Operation.parse("04"))
                .as("04 过期失效 is the hub's own job, not an upstream operation")
                .isEmpty();
        assertThat(Operation.parse("")).isEmpty();
        assertThat(Operation.parse(null)).isEmpty();
    }
}
