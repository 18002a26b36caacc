package org.certhub.publish;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The publish stage ({@code certhub.publish.*}).
 *
 * @param workers     parallel publishing consumers of the publish queue
 * @param maxAttempts how many times in a row publishing a version (or a status change) may fail before it is FAILED
 *                    and nothing retries it; the broker waits 2 s, 4 s, 8 s ... (at most 60 s) between attempts, so
 *                    the default rides out a target that is away for about a quarter of an hour
 * @param lease       how long a publish batch holds its versions (renewed between two versions while it runs): no
 *                    other worker or node publishes them meanwhile, and a dead node's versions go out elsewhere once
 *                    it has passed
 */
@ConfigurationProperties("certhub.publish")
@Validated
record PublishSettings(
        @Min(1) @DefaultValue("1") int workers,
        @Min(1) @DefaultValue("20") int maxAttempts,
        @NotNull @DefaultValue("PT5M") Duration lease) {}
