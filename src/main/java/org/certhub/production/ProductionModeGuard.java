package org.certhub.production;

import org.apache.commons.logging.Log;
import org.certhub.platform.Mode;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * In production mode, runs {@link ProductionChecks} as soon as the settings are read, before the application context
 * exists (no broker, no database, no key is opened first), and ends the start with one paragraph naming every
 * problem.
 */
class ProductionModeGuard implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    ProductionModeGuard(DeferredLogFactory logs) {
        this.log = logs.getLog(ProductionModeGuard.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (Mode.of(environment) != Mode.PRODUCTION) {
            return;
        }
        var problems = ProductionChecks.problems(environment);
        if (!problems.isEmpty()) {
            throw new ProductionModeRefused(problems);
        }
        log.info("Production mode: no demo part is in use");
    }

    @Override
    public int getOrder() {
        // after the configuration files are read and the hub's own paths are resolved
        return Ordered.LOWEST_PRECEDENCE;
    }
}
