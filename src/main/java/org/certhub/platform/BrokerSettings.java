package org.certhub.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the embedded broker redelivers a message whose step failed ({@code certhub.broker.*}).
 *
 * @param redeliveryDelay      the first wait before a failed message is delivered again; it doubles each time
 * @param maxRedeliveryDelay   the longest wait; below the sweeper's {@code stale-after}, so that a message being
 *                             retried is never also queued again by the sweeper
 * @param maxDeliveryAttempts  a safety net above the stages' own limits ({@code certhub.signing.max-attempts},
 *                             {@code certhub.publish.max-attempts}, which end a version in FAILED): a message still
 *                             failing after this many deliveries goes to its queue's dead-letter queue
 *                             ({@code DLQ.certhub.sign} ...) instead of going round for ever
 */
@ConfigurationProperties("certhub.broker")
@Validated
public record BrokerSettings(
        @NotNull @DurationMin(millis = 1) @DefaultValue("PT2S")
        Duration redeliveryDelay,

        @NotNull @DurationMin(millis = 1) @DefaultValue("PT60S")
        Duration maxRedeliveryDelay,

        @Min(1) @DefaultValue("30") int maxDeliveryAttempts) {}
