package org.certhub.platform;

import java.time.Clock;
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
     * The embedded broker: a failed delivery is retried with back-off instead of at once. Non-transactional
     * sends are not synced to disk one by one; the database is the source of truth and the sweeper re-enqueues
     * anything a crash took from the queue.
     */
    @Bean
    ArtemisConfigurationCustomizer certhubBrokerSettings() {
        return configuration -> {
            configuration.setJournalSyncNonTransactional(false);
            configuration.addAddressSetting(
                    "certhub.#",
                    new AddressSettings()
                            .setRedeliveryDelay(2_000)
                            .setRedeliveryMultiplier(2.0)
                            // below the sweeper's stale-after, so a retried message is never also re-queued by the
                            // sweeper
                            .setMaxRedeliveryDelay(60_000)
                            .setMaxDeliveryAttempts(-1));
        };
    }
}
