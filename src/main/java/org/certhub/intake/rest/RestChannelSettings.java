package org.certhub.intake.rest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the REST channel ({@code certhub.rest.*}).
 *
 * @param maxBodyBytes         a larger body is refused with 413, whether or not it declares its length
 * @param clockSkew            a request whose timestamp is further from the hub's clock is refused as stale; its
 *                             nonce is remembered this long after the timestamp
 * @param idempotencyRetention how long the answer to a request with an {@code Idempotency-Key} is kept
 * @param inProgressTimeout    a request with a key that has not answered after this long (its node stopped) may be
 *                             retried
 */
@ConfigurationProperties("certhub.rest")
public record RestChannelSettings(
        @DefaultValue("16MB") DataSize maxBodyBytes,
        @DefaultValue("PT5M") Duration clockSkew,
        @DefaultValue("PT24H") Duration idempotencyRetention,
        @DefaultValue("PT10M") Duration inProgressTimeout) {

    public RestChannelSettings {
        if (maxBodyBytes.toBytes() < 1 || maxBodyBytes.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("certhub.rest.max-body-bytes must be between 1 byte and 2 GB: "
                    + maxBodyBytes);
        }
        if (clockSkew.isNegative() || clockSkew.isZero()) {
            throw new IllegalArgumentException("certhub.rest.clock-skew must be positive: " + clockSkew);
        }
    }
}
