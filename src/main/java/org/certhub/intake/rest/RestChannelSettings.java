package org.certhub.intake.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalDate;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the REST channel ({@code certhub.rest.*}).
 *
 * @param maxBodyBytes          a larger body is refused with 413, whether or not it declares its length
 * @param spoolThreshold        a body up to this size is held in memory while its request is processed; a larger one
 *                              is written to a file under {@code <data>/spool/rest}, deleted when the request ends
 * @param clockSkew             a request whose timestamp is further from the hub's clock is refused as stale; its
 *                              nonce is remembered this long after the timestamp
 * @param v1AcceptedUntil       the last day (in {@code certhub.zone}) on which signature version 1 is accepted;
 *                              from the next day on, v1 requests get 401 {@code signature-version-retired}
 * @param perKeyConcurrent      requests of one key being read or processed at once; more get 429
 * @param perKeyPerMinute       requests of one key per minute, on average
 * @param perKeyBurst           requests of one key that may come at once before the per-minute rate applies
 * @param perAddressConcurrent  requests from one client address in the channel at once
 * @param perAddressPerMinute   requests from one client address per minute, on average
 * @param perAddressBurst       requests from one client address that may come at once
 * @param idempotencyRetention  how long the answer to a request with an Idempotency-Key is kept
 * @param inProgressTimeout     a request with a key that has not answered after this long (its node stopped) may be
 *                              retried
 * @param cleanupInterval       how often expired nonces and answers are deleted
 */
@ConfigurationProperties("certhub.rest")
@Validated
public record RestChannelSettings(
        @NotNull @DefaultValue("16MB") DataSize maxBodyBytes,
        @NotNull @DefaultValue("256KB") DataSize spoolThreshold,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT5M")
        Duration clockSkew,

        @NotNull @DefaultValue("2027-06-30") LocalDate v1AcceptedUntil,
        @Min(1) @DefaultValue("8") int perKeyConcurrent,
        @Min(1) @DefaultValue("600") int perKeyPerMinute,
        @Min(1) @DefaultValue("60") int perKeyBurst,
        @Min(1) @DefaultValue("16") int perAddressConcurrent,
        @Min(1) @DefaultValue("1200") int perAddressPerMinute,
        @Min(1) @DefaultValue("120") int perAddressBurst,
        @NotNull @DurationMin @DefaultValue("PT24H") Duration idempotencyRetention,
        @NotNull @DurationMin @DefaultValue("PT10M") Duration inProgressTimeout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
        Duration cleanupInterval) {

    public RestChannelSettings {
        if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 1 || maxBodyBytes.toBytes() > Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException(
                    "certhub.rest.max-body-bytes must be between 1 byte and 2 GB: " + maxBodyBytes);
        }
        if (spoolThreshold != null && (spoolThreshold.toBytes() < 0 || spoolThreshold.toBytes() > 16 * 1024 * 1024)) {
            throw new IllegalArgumentException(
                    "certhub.rest.spool-threshold must be between 0 and 16MB: " + spoolThreshold);
        }
    }
}
