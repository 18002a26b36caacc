package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The defaults of {@code certhub.*} live in the settings records ({@code @DefaultValue}); {@code application.yaml}
 * repeats only those a placeholder reads, with the same value.
 */
class ApplicationYamlTests {

    @Test
    void aRecordDefaultIsRepeatedOnlyForAPlaceholderAndWithTheSameValue() throws IOException {
        Map<String, String> recordDefaults = recordDefaults();
        var yaml = (EnumerablePropertySource<?>) new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml"))
                .get(0);
        var placeholders = new StringBuilder(routes());
        var repeated = new HashMap<String, String>();
        for (String key : yaml.getPropertyNames()) {
            String value = String.valueOf(yaml.getProperty(key));
            placeholders.append(value).append('\n');
            if (recordDefaults.containsKey(key)) {
                repeated.put(key, value);
            }
        }
        assertThat(repeated)
                .as("keys of application.yaml that have a record default")
                .isNotEmpty();
        var problems = new ArrayList<String>();
        repeated.forEach((key, value) -> {
            if (!value.equals(recordDefaults.get(key))) {
                problems.add(
                        key + " is " + value + " in application.yaml, " + recordDefaults.get(key) + " in its record");
            }
            if (placeholders.indexOf("{{" + key) < 0 && placeholders.indexOf("${" + key) < 0) {
                problems.add(key + " repeats its record's default in application.yaml, but no placeholder reads it");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** What the configuration processor found in the records' {@code @DefaultValue}s. */
    private static Map<String, String> recordDefaults() throws IOException {
        var defaults = new HashMap<String, String>();
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                if (property.get("name").asString().startsWith("certhub.") && property.has("defaultValue")) {
                    defaults.put(
                            property.get("name").asString(),
                            property.get("defaultValue").asString());
                }
            }
        }
        return defaults;
    }

    /** The shipped routes, without their comments. */
    private static String routes() throws IOException {
        var text = new StringBuilder();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.readAllLines(route).stream()
                        .filter(line -> !line.strip().startsWith("#"))
                        .forEach(line -> text.append(line).append('\n'));
            }
        }
        return text.toString();
    }
}
