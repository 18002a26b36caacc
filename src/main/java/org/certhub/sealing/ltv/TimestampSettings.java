package org.certhub.sealing.ltv;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where timestamps come from and how long sealing waits for them ({@code certhub.signing.tsa.*}).
 *
 * @param url             the TSA's RFC 3161 HTTP URL; empty means the hub's own demo TSA, called in process (it is
 *                        also served at {@code POST /pki/tsa})
 * @param connectTimeout  how long one attempt waits for the connection
 * @param timeout         how long one attempt waits for the whole answer
 * @param attempts        attempts per timestamp before sealing gives up and parks the licence version
 * @param retryBackoff    pause before the second attempt, doubled before each further one
 * @param parkedRetryAfter how long a parked version waits before the sweeper hands it to the sign queue again
 */
@ConfigurationProperties("certhub.signing.tsa")
public record TimestampSettings(
        @DefaultValue("") String url,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("3") int attempts,
        @DefaultValue("PT1S") Duration retryBackoff,
        @DefaultValue("PT5M") Duration parkedRetryAfter) {

    public TimestampSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("certhub.signing.tsa.attempts must be at least 1: " + attempts);
        }
    }

    /** Whether timestamps come from the hub's own demo TSA. */
    public boolean demo() {
        return url == null || url.isBlank();
    }
}
