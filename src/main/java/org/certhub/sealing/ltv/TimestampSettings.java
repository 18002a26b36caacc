package org.certhub.sealing.ltv;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where timestamps come from, whom they are trusted from, and how long sealing waits for them
 * ({@code certhub.signing.tsa.*}).
 *
 * @param url              the TSA's RFC 3161 HTTP URL; empty means the hub's own demo TSA, called in process (it is
 *                         also served at POST /pki/tsa). {@code https} in production mode
 * @param trustAnchors     PEM files, each with one or more certificates: the TSA's own certificate or a CA above it
 *                         (its root). A timestamp counts only if its signer is one of them or chains up to one; in
 *                         demo mode the demo TSA's root is trusted besides
 * @param connectTimeout   how long one attempt waits for the connection
 * @param timeout          how long one attempt waits for the whole answer
 * @param attempts         attempts per timestamp before sealing gives up and parks the licence version
 * @param retryBackoff     pause before the second attempt, doubled before each further one
 * @param parkedRetryAfter how long a parked version waits before the sweeper hands it to the sign queue again
 * @param breaker          when to stop asking a TSA that keeps failing
 */
@ConfigurationProperties("certhub.signing.tsa")
@Validated
public record TimestampSettings(
        @DefaultValue("") String url,
        @NotNull @DefaultValue List<Path> trustAnchors,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT5S")
        Duration connectTimeout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT10S")
        Duration timeout,

        @Min(1) @DefaultValue("3") int attempts,
        @NotNull @DurationMin @DefaultValue("PT1S") Duration retryBackoff,
        @NotNull @DurationMin @DefaultValue("PT5M") Duration parkedRetryAfter,
        @NotNull @Valid @DefaultValue Breaker breaker) {

    /**
     * The circuit breaker in front of the TSA: after {@code failures} failed attempts in a row (by any signing
     * worker) the TSA is not asked for {@code openFor}; versions that need a timestamp meanwhile are parked at once,
     * without a request. Then one request tries it: an answer closes the breaker, a failure opens it again.
     *
     * @param failures failed attempts in a row that open the breaker
     * @param openFor  how long the TSA is then not asked
     */
    public record Breaker(
            @Min(1) @DefaultValue("3") int failures,

            @NotNull @DurationMin(inclusive = false) @DefaultValue("PT1M")
            Duration openFor) {}

    /** Whether timestamps come from the hub's own demo TSA. */
    public boolean demo() {
        return url == null || url.isBlank();
    }

    /**
     * What keeps this TSA configuration from production: a TSA URL that is not {@code https}, or no trust anchor to
     * check its timestamps against. Empty when there is nothing to say, or when no URL is set (whether a type needs a
     * TSA is for the catalogue to say).
     */
    public List<String> productionProblems() {
        var problems = new ArrayList<String>();
        if (demo()) {
            return problems;
        }
        if (!url.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
            problems.add("certhub.signing.tsa.url " + url + " is not https: whoever sits between the hub and the TSA "
                    + "could answer in its place");
        }
        if (trustAnchors.isEmpty()) {
            problems.add("certhub.signing.tsa.trust-anchors is empty: name the PEM file of the TSA's certificate or "
                    + "of its root, or every timestamp is refused");
        }
        return problems;
    }
}
