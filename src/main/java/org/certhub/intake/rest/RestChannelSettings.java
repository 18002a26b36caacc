package org.certhub.intake.rest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the REST channel ({@code certhub.rest.*}).
 *
 * @param maxBodyBytes         a larger body is refused with 413, whether or not it declares its length
 * @param clockSkew            a request whose timestamp is further from the hub's clock is refused as stale; its
 *                             nonce is remembered this long after the timestamp
 * @param idempotencyRetention how long the answer to a request with an Idempotency-Key is kept
 * @param inProgressTimeout    a request with a key that has not answered after this long (its node stopped) may be
 *                             retried
 * @param cleanupInterval      how often expired nonces and answers are deleted
 */
@ConfigurationProperties("certhub.rest")
@Validated
public record RestChannelSettings(
        @NotNull @DefaultValue("16MB") DataSize maxBodyBytes,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT5M")
        Duration clockSkew,

        @NotNull @DurationMin @DefaultValue("PT24H") Duration idempotencyRetention,
        @NotNull @DurationMin @DefaultValue("PT10M") Duration inProgressTimeout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
        Duration cleanupInterval) {

    public RestChannelSettings {
        if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 1 || maxBodyBytes.toBytes() > Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException(
                    "certhub.rest.max-body-bytes must be between 1 byte and 2 GB: " + maxBodyBytes);
        }
    }
}
