package org.certhub.intake.rest;

import jakarta.annotation.PostConstruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certhub.mapping.Mappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Each source's own REST key id and secret: {@code certhub.sources.<id>.rest.key} and {@code .secret} (in
 * {@code config/application.yaml}), overridden by the environment variables {@code CERTHUB_SOURCE_<ID>_KEY} and
 * {@code CERTHUB_SOURCE_<ID>_SECRET} (the source id upper-cased, {@code -} as {@code _}). A source without both
 * cannot use the channel.
 */
@Component
public class SourceCredentials {

    /** A source's key id and the secret its requests are signed with. */
    public record Credentials(String source, String keyId, String secret) {

        @Override
        public String toString() {
            return "Credentials[source=" + source + ", keyId=" + keyId + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SourceCredentials.class);
    private static final int RECOMMENDED_SECRET_LENGTH = 32;

    private final Environment environment;
    private final Mappings mappings;

    public SourceCredentials(Environment environment, Mappings mappings) {
        this.environment = environment;
        this.mappings = mappings;
    }

    /** The source's credentials, or empty when it has no key id or no secret. */
    public Optional<Credentials> forSource(String source) {
        String key = setting(source, "KEY", "key");
        String secret = setting(source, "SECRET", "secret");
        if (key == null || secret == null) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(source, key, secret));
    }

    /** The source a key id belongs to, if any. */
    public Optional<String> sourceOfKey(String keyId) {
        return mappings.all().stream()
                .map(m -> m.source())
                .filter(s -> forSource(s).map(c -> c.keyId().equals(keyId)).orElse(false))
                .findFirst();
    }

    /** The environment variable that overrides a setting: {@code CERTHUB_SOURCE_EXAM_SYSTEM_SECRET}. */
    static String variable(String source, String what) {
        return "CERTHUB_SOURCE_" + source.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + what;
    }

    private String setting(String source, String variableSuffix, String property) {
        String value = environment.getProperty(variable(source, variableSuffix));
        if (value == null || value.isBlank()) {
            value = environment.getProperty("certhub.sources." + source + ".rest." + property);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * What keeps the REST channel from production mode: a source whose secret is a demo one or shorter than 32
     * bytes. Reads the same settings as the channel (the environment variables, then {@code certhub.sources.*.rest});
     * never names a secret, only the source and the variable to set.
     */
    public static List<String> productionProblems(Environment environment) {
        var sources = new java.util.TreeSet<String>();
        Binder.get(environment)
                .bind("certhub.sources", Bindable.mapOf(String.class, Object.class))
                .ifBound(map -> sources.addAll(map.keySet()));
        if (environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable) {
            for (var propertySource : configurable.getPropertySources()) {
                if (propertySource instanceof org.springframework.core.env.EnumerablePropertySource<?> e) {
                    for (String name : e.getPropertyNames()) {
                        if (name.startsWith("CERTHUB_SOURCE_") && name.endsWith("_SECRET")) {
                            sources.add(name.substring("CERTHUB_SOURCE_".length(), name.length() - "_SECRET".length())
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', '-'));
                        }
                    }
                }
            }
        }
        var problems = new ArrayList<String>();
        var reader = new SourceCredentials(environment, null);
        for (String source : sources) {
            String secret = reader.setting(source, "SECRET", "secret");
            if (secret == null) {
                continue;
            }
            if (secret.startsWith("demo-")) {
                problems.add("source " + source + " pushes with the demo REST secret published in this repository (set "
                        + variable(source, "SECRET") + ")");
            } else if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < RECOMMENDED_SECRET_LENGTH) {
                problems.add("the REST secret of source " + source + " is shorter than " + RECOMMENDED_SECRET_LENGTH
                        + " bytes (set " + variable(source, "SECRET") + " to openssl rand -base64 32)");
            }
        }
        return problems;
    }

    /** Says at start-up which sources may push, warns of demo or short secrets, and refuses a key id used twice. */
    @PostConstruct
    void check() {
        var sourceByKey = new java.util.HashMap<String, String>();
        for (var mapping : mappings.all()) {
            var credentials = forSource(mapping.source());
            if (credentials.isEmpty()) {
                continue;
            }
            String other = sourceByKey.putIfAbsent(credentials.get().keyId(), mapping.source());
            if (other != null) {
                throw new IllegalStateException(
                        "REST key id " + credentials.get().keyId() + " is set for both " + other + " and "
                                + mapping.source() + ": each source needs its own key");
            }
            String secret = credentials.get().secret();
            log.info(
                    "REST channel open for source {} (key {})",
                    mapping.source(),
                    credentials.get().keyId());
            if (secret.startsWith("demo-")) {
                log.warn(
                        "Source {} uses the DEMO REST secret from config/application.yaml: set {} before going live",
                        mapping.source(),
                        variable(mapping.source(), "SECRET"));
            } else if (secret.length() < RECOMMENDED_SECRET_LENGTH) {
                log.warn(
                        "The REST secret of source {} has fewer than {} characters",
                        mapping.source(),
                        RECOMMENDED_SECRET_LENGTH);
            }
        }
    }
}
