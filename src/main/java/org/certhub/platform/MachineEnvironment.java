package org.certhub.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes the machine's core count as {@code certhub.cores}, the default of settings that scale with it (the
 * signing stage seals on every core unless {@code certhub.signing.workers} says otherwise).
 */
class MachineEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "certhubMachine",
                        Map.of("certhub.cores", Runtime.getRuntime().availableProcessors())));
    }
}
