package org.certhub.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * On PostgreSQL, the hub's connections plan every statement with its values ({@code plan_cache_mode =
 * force_custom_plan}, through the driver's {@code options}). The driver prepares a statement on the server after five
 * runs, and PostgreSQL may then keep one generic plan for it for the connection's life: a plan made while the tables
 * were still small (a fresh deployment, a new schema) scans the whole {@code licence} table for every record issued.
 * Measured with {@code bench issuance --nodes 2} and pg_stat_statements: the licence lookup of issuance took 2.4 ms a
 * call with cached plans and 0.17 ms with custom ones, and PostgreSQL's CPU per certificate fell from 4.3–5.0 to
 * 2.6 ms (docs/benchmarks.md, "Several nodes"). An {@code options} setting of one's own, in the URL or as
 * {@code spring.datasource.hikari.data-source-properties.options}, takes precedence.
 */
class PostgresPlansEnvironment implements EnvironmentPostProcessor {

    static final String OPTIONS = "spring.datasource.hikari.data-source-properties.options";
    static final String CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null
                || !url.startsWith("jdbc:postgresql:")
                || url.contains("options=")
                || environment.containsProperty(OPTIONS)) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("certhubPostgresPlans", Map.of(OPTIONS, CUSTOM_PLANS)));
    }
}
