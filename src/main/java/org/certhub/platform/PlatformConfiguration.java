package org.certhub.platform;

import java.time.Clock;
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
        return broker::configure;
    }
}
