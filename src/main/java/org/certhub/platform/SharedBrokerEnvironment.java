package org.certhub.platform;

import java.util.LinkedHashMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the stages' queues at a shared Artemis broker when {@code certhub.broker.url} ({@code CERTHUB_BROKER_URL}) is
 * set: Spring's Artemis client in native mode on that URL, with {@code certhub.broker.user} and {@code password}, and no
 * broker embedded in this node. Without it nothing changes: the embedded broker of the quick start.
 */
class SharedBrokerEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        BrokerSettings broker = Binder.get(environment).bindOrCreate("certhub.broker", BrokerSettings.class);
        if (!broker.shared()) {
            return;
        }
        var properties = new LinkedHashMap<String, Object>();
        properties.put("spring.artemis.mode", "native");
        properties.put("spring.artemis.broker-url", broker.url().strip());
        properties.put("spring.artemis.embedded.enabled", "false");
        if (broker.user() != null && !broker.user().isBlank()) {
            properties.put("spring.artemis.user", broker.user());
            properties.put("spring.artemis.password", broker.password() == null ? "" : broker.password());
        }
        environment.getPropertySources().addFirst(new MapPropertySource("certhubSharedBroker", properties));
    }
}
