package org.certhub.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The broker that carries the stages' queues ({@code certhub.broker.*}): the embedded one (the default, for one node),
 * or a shared one that several nodes connect to, and how it redelivers a message whose step failed.
 *
 * @param url                  a shared Artemis broker ({@code CERTHUB_BROKER_URL}, e.g. {@code tcp://broker:61616});
 *                             blank: the broker embedded in this node
 * @param user                 the shared broker's user ({@code CERTHUB_BROKER_USER})
 * @param password             its password ({@code CERTHUB_BROKER_PASSWORD})
 * @param upstreamHost         where the embedded broker listens for upstreams that send messages (the JMS sources):
 *                             this machine only by default
 * @param upstreamPort         its port; 0: upstreams cannot reach the embedded broker
 * @param upstreamUser         the upstreams' user, which may only send to {@code certhub.in.*} queues
 * @param upstreamPassword     its password ({@code CERTHUB_BROKER_UPSTREAM_PASSWORD}); in demo mode one is generated
 *                             into {@code data/initial-credentials} when none is set, in production mode the port stays
 *                             closed without one
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
        String url,
        String user,
        String password,
        @NotNull @DefaultValue("127.0.0.1") String upstreamHost,
        @Min(0) @DefaultValue("61616") int upstreamPort,
        @NotNull @DefaultValue("upstream") String upstreamUser,
        String upstreamPassword,

        @NotNull @DurationMin(millis = 1) @DefaultValue("PT2S")
        Duration redeliveryDelay,

        @NotNull @DurationMin(millis = 1) @DefaultValue("PT60S")
        Duration maxRedeliveryDelay,

        @Min(1) @DefaultValue("30") int maxDeliveryAttempts) {

    /** The defaults: the embedded broker with the stages' redelivery. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(
                null, null, null, "127.0.0.1", 0, "upstream", null, Duration.ofSeconds(2), Duration.ofSeconds(60), 30);
    }

    /** Whether the stages' queues are on a shared broker rather than the embedded one. */
    public boolean shared() {
        return url != null && !url.isBlank();
    }

    /**
     * Sets up a broker for the stages' queues: each queue's redelivery with back-off and its dead-letter queue. The
     * embedded broker and the standalone one ({@code java -jar certhub.jar broker}) are set up alike.
     */
    public void configure(Configuration configuration) {
        configuration.setJournalSyncNonTransactional(false);
        for (String queue : Endpoints.QUEUES) {
            String deadLetters = Endpoints.deadLetterQueue(queue);
            configuration.addAddressSetting(
                    queue,
                    new AddressSettings()
                            .setRedeliveryDelay(redeliveryDelay.toMillis())
                            .setRedeliveryMultiplier(2.0)
                            .setMaxRedeliveryDelay(maxRedeliveryDelay.toMillis())
                            .setMaxDeliveryAttempts(maxDeliveryAttempts)
                            .setDeadLetterAddress(SimpleString.of(deadLetters)));
            // a dead-letter address without a queue would drop what is sent to it
            configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters)
                    .setAddress(deadLetters)
                    .setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
    }
}
