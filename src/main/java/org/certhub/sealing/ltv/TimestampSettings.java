package org.certhub.sealing.ltv;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where timestamps come from and how long sealing waits for them ({@code certhub.signing.tsa.*}).
 *
 * @param url             the TSA's RFC 3161 HTTP URL; empty means the hub's own demo TSA, called in process (it is
 *                        also served at POST /pki/tsa)
 * @param connectTimeout  how long one attempt waits for the connection
 * @param timeout         how long one attempt waits for the whole answer
 * @param attempts        attempts per timestamp before sealing gives up and parks the licence version
 * @param retryBackoff    pause before the second attempt, doubled before each further one
 * @param parkedRetryAfter how long a parked version waits before the sweeper hands it to the sign queue again
 */
@ConfigurationProperties("certhub.signing.tsa")
@Validated
public record TimestampSettings(
        @DefaultValue("") String url,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT5S")
        Duration connectTimeout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT10S")
        Duration timeout,

        @Min(1) @DefaultValue("3") int attempts,
        @NotNull @DurationMin @DefaultValue("PT1S") Duration retryBackoff,
        @NotNull @DurationMin @DefaultValue("PT5M") Duration parkedRetryAfter) {

    /** Whether timestamps come from the hub's own demo TSA. */
    public boolean demo() {
        return url == null || url.isBlank();
    }
}
