package org.certhub.platform;

import java.time.Clock;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** Dates on certificates are the issuing authority's dates. */
    @Bean
    Clock clock(HubSettings settings) {
        return Clock.system(settings.zone());
    }

    /**
     * The embedded broker: a failed delivery is retried with back-off instead of at once, a bounded number of times,
     * then moved to the queue's dead-letter queue. Non-transactional
     * sends are not synced to disk one by one; the database is the source of truth and the sweeper re-enqueues
     * anything a crash took from the queue.
     */
    @Bean
    ArtemisConfigurationCustomizer certhubBrokerSettings(BrokerSettings broker) {
        return configuration -> {
            configuration.setJournalSyncNonTransactional(false);
            for (String queue : Endpoints.QUEUES) {
                String deadLetters = Endpoints.deadLetterQueue(queue);
                configuration.addAddressSetting(
                        queue,
                        new AddressSettings()
                                .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                                .setRedeliveryMultiplier(2.0)
                                .setMaxRedeliveryDelay(
                                        broker.maxRedeliveryDelay().toMillis())
                                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                                .setDeadLetterAddress(SimpleString.of(deadLetters)));
                // a dead-letter address without a queue would drop what is sent to it
                configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters)
                        .setAddress(deadLetters)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
            }
        };
    }
}
