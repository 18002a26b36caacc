package org.certhub.platform;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code certhub.paths.data} to an absolute path for the embedded H2 database (H2 refuses paths that are
 * implicitly relative), unless a datasource URL is configured.
 */
class DataPathEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Path data = Path.of(environment.getProperty("certhub.paths.data", "data"))
                .toAbsolutePath()
                .normalize();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "certhubEmbeddedDatabase",
                        Map.of(
                                "spring.datasource.url",
                                "jdbc:h2:file:" + data.resolve("db/certhub") + ";DB_CLOSE_ON_EXIT=FALSE")));
    }
}
