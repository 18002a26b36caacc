package org.certhub.intake;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.certhub.platform.Mode;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * The databases of upstream systems that routes poll ({@code routes/enforcement-system.yaml}): each source with
 * {@code certhub.sources.<source>.datasource.url} gets a connection pool of its own, a bean named after the source
 * ({@code enforcement-system} → {@code enforcementSystemDataSource}) that a route names as
 * {@code dataSource: "#enforcementSystemDataSource"}. These pools are never injected, so the hub's own database
 * stays the one that Spring Boot configures and that the hub's code and health check use.
 */
@Component
public class UpstreamDatabases implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private static final Pattern RELATIVE_H2_FILE =
            Pattern.compile("^jdbc:h2:file:(?![/~]|\\./|[A-Za-z]:)([^;]+)(.*)$");

    /**
     * @param datasource the source's database; absent for sources that are not polled
     */
    record UpstreamSource(Datasource datasource) {}

    /**
     * @param url             JDBC URL; a relative H2 file path is resolved against the working directory
     * @param username        user
     * @param password        password
     * @param driverClassName JDBC driver, when the URL does not tell
     * @param maximumPoolSize connections at most (default 4: a polling route holds one while it works through a
     *                        poll and marks rows taken over another)
     * @param initScripts     SQL scripts run at start-up (for the embedded demo database: creates its table)
     */
    record Datasource(
            String url,
            String username,
            String password,
            String driverClassName,
            Integer maximumPoolSize,
            List<String> initScripts) {}

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, UpstreamSource> sources = Binder.get(environment)
                .bind("certhub.sources", Bindable.mapOf(String.class, UpstreamSource.class))
                .orElse(Map.of());
        var databases = new java.util.TreeMap<String, Datasource>();
        if (Mode.of(environment) == Mode.DEMO) {
            // the demo upstreams (an H2 file in the data folder, its table created at start, open to a second process
            // through AUTO_SERVER): only in demo mode, and only for a source whose own database is not configured
            databases.putAll(Binder.get(environment)
                    .bind(DEMO_UPSTREAMS, Bindable.mapOf(String.class, Datasource.class))
                    .orElse(Map.of()));
        }
        sources.forEach((source, settings) -> {
            if (configured(settings)) {
                databases.put(source, settings.datasource());
            }
        });
        databases.forEach((source, datasource) -> {
            var definition = new RootBeanDefinition(HikariDataSource.class, () -> open(source, datasource));
            // not a candidate for injection at all: the hub's own DataSource remains the only one (Spring Boot still
            // configures it), and an upstream that is down does not make the hub's health DOWN; routes look it up
            // by name
            definition.setAutowireCandidate(false);
            definition.setDefaultCandidate(false);
            definition.setDestroyMethodName("close");
            registry.registerBeanDefinition(beanName(source), definition);
        });
    }

    /**
     * What keeps the upstream databases from production mode: a route polls a source whose database is not
     * configured (in demo mode it would be the demo upstream), or a database opened with H2's {@code AUTO_SERVER},
     * which listens on a TCP port.
     *
     * @param routeFiles the route files' contents, by file name
     */
    public static List<String> productionProblems(Environment environment, Map<String, String> routeFiles) {
        Map<String, UpstreamSource> sources = Binder.get(environment)
                .bind("certhub.sources", Bindable.mapOf(String.class, UpstreamSource.class))
                .orElse(Map.of());
        var configured = new java.util.HashMap<String, String>();
        sources.forEach((source, settings) -> {
            if (configured(settings)) {
                configured.put(beanName(source), source);
            }
        });
        var problems = new java.util.ArrayList<String>();
        routeFiles.forEach((file, content) -> {
            Matcher m = DATASOURCE_REFERENCE.matcher(content);
            while (m.find()) {
                String bean = m.group(1) + "DataSource";
                if (!configured.containsKey(bean)) {
                    String source = sourceOf(bean);
                    problems.add("routes/" + file + " polls the database of source " + source
                            + ", which is not configured (the demo upstream is off in production mode): set "
                            + "certhub.sources." + source + ".datasource.url to the upstream's database"
                            + (source.equals("enforcement-system") ? " (CERTHUB_ENFORCEMENT_DB_URL)" : "")
                            + ", or remove the route file");
                }
            }
        });
        sources.forEach((source, settings) -> {
            if (settings.datasource() != null
                    && settings.datasource().url() != null
                    && settings.datasource()
                            .url()
                            .toUpperCase(java.util.Locale.ROOT)
                            .contains("AUTO_SERVER=TRUE")) {
                problems.add("the database of source " + source + " is opened with AUTO_SERVER=TRUE, which opens a TCP "
                        + "port to it");
            }
        });
        return problems;
    }

    private static final String DEMO_UPSTREAMS = "certhub.demo-upstreams";

    private static boolean configured(UpstreamSource settings) {
        return settings.datasource() != null
                && settings.datasource().url() != null
                && !settings.datasource().url().isBlank();
    }

    private static final Pattern DATASOURCE_REFERENCE = Pattern.compile("#([A-Za-z0-9]+)DataSource\\b");

    /** {@code enforcementSystem} → {@code enforcement-system}: the inverse of {@link #beanName}. */
    static String sourceOf(String bean) {
        String name = bean.endsWith("DataSource") ? bean.substring(0, bean.length() - "DataSource".length()) : bean;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code enforcement-system} → {@code enforcementSystemDataSource}. */
    static String beanName(String source) {
        var sb = new StringBuilder();
        boolean upper = false;
        for (char c : source.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.append("DataSource").toString();
    }

    /** H2 refuses a file path that is implicitly relative; the hub's paths are relative to where it runs. */
    static String absoluteH2Path(String url) {
        Matcher m = RELATIVE_H2_FILE.matcher(url);
        if (!m.matches()) {
            return url;
        }
        return "jdbc:h2:file:" + Path.of(m.group(1)).toAbsolutePath().normalize() + m.group(2);
    }

    private static HikariDataSource open(String source, Datasource settings) {
        var pool = new HikariDataSource();
        pool.setPoolName("upstream-" + source);
        pool.setJdbcUrl(absoluteH2Path(settings.url()));
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        if (settings.driverClassName() != null) {
            pool.setDriverClassName(settings.driverClassName());
        }
        pool.setMaximumPoolSize(settings.maximumPoolSize() == null ? 4 : settings.maximumPoolSize());
        pool.setMinimumIdle(0);
        // an upstream that is down must not stop the hub: the pool connects on first use, and the poller retries
        pool.setInitializationFailTimeout(-1);
        if (settings.initScripts() != null && !settings.initScripts().isEmpty()) {
            initialize(source, pool, settings.initScripts());
        }
        return pool;
    }

    private static void initialize(String source, DataSource dataSource, List<String> scripts) {
        var loader = new DefaultResourceLoader();
        var populator = new ResourceDatabasePopulator();
        for (String script : scripts) {
            var resource = loader.getResource(script);
            if (!resource.exists()) {
                throw new IllegalStateException(
                        "certhub.sources." + source + ".datasource.init-scripts: " + script + " does not exist");
            }
            populator.addScript(resource);
        }
        populator.setSqlScriptEncoding("UTF-8");
        try {
            populator.execute(dataSource);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "certhub.sources." + source + ".datasource.init-scripts failed: " + e.getMessage(), e);
        }
    }
}
