package org.certhub.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits of the public endpoints per client address ({@code certhub.rate-limits.*}); a request over the limit
 * is answered 429 with {@code Retry-After}.
 *
 * @param verification the public verification page, {@code GET /v/**}
 * @param query        the public query: its page ({@code /} and {@code /query} with a query) and its API
 *                     ({@code /api/v1/public/certificates})
 * @param uploads      the upload check: {@code POST /check} and {@code POST /api/v1/public/verify}
 * @param holder       the holder's sign-in: {@code POST /holder} (ID number, name and certificate number) and
 *                     {@code POST /holder/code} (the one-time code)
 * @param timestamps   the demo TSA, {@code POST /pki/tsa} (demo mode only)
 * @param trackedClients how many client addresses are remembered at most (the oldest go first)
 */
@ConfigurationProperties("certhub.rate-limits")
@Validated
public record RateLimitSettings(
        @Valid @DefaultValue Verification verification,
        @Valid @DefaultValue Query query,
        @Valid @DefaultValue Uploads uploads,
        @Valid @DefaultValue Holder holder,
        @Valid @DefaultValue Timestamps timestamps,
        @Min(100) @DefaultValue("100000") int trackedClients) {

    /** A token bucket: {@link #requests()} at once, refilled evenly over {@link #period()}. */
    public interface Limit {
        /** Requests per period from one client address (an IPv6 address counts with its /64). */
        int requests();

        /** The period. */
        Duration period();
    }

    /**
     * The verification page's limit.
     *
     * @param requests requests per period from one client address
     * @param period   the period
     */
    public record Verification(
            @Min(1) @DefaultValue("120") int requests,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration period)
            implements Limit {}

    /**
     * The public query's limit: lower than the verification page's, as each answer says whether a number and a name
     * belong together.
     *
     * @param requests requests per period from one client address
     * @param period   the period
     */
    public record Query(
            @Min(1) @DefaultValue("30") int requests,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration period)
            implements Limit {}

    /**
     * The upload check's limit: each check reads a whole file.
     *
     * @param requests requests per period from one client address
     * @param period   the period
     */
    public record Uploads(
            @Min(1) @DefaultValue("20") int requests,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration period)
            implements Limit {}

    /**
     * The holder's sign-in limit: lower than the query's, as each attempt tries a secret (the certificate number,
     * the one-time code); the ID number and name are locked on their own after repeated failures
     * ({@code certhub.holder.*}).
     *
     * @param requests requests per period from one client address
     * @param period   the period
     */
    public record Holder(
            @Min(1) @DefaultValue("10") int requests,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration period)
            implements Limit {}

    /**
     * The demo TSA's limit.
     *
     * @param requests requests per period from one client address
     * @param period   the period
     */
    public record Timestamps(
            @Min(1) @DefaultValue("60") int requests,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration period)
            implements Limit {}
}
