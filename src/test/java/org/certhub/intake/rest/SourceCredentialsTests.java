package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.certhub.catalog.Catalogue;
import org.certhub.mapping.Mappings;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Credentials come from the configuration file, and environment variables override them, as Spring Boot orders them. */
class SourceCredentialsTests {

    private static final Mappings MAPPINGS =
            Mappings.load(Path.of("mappings"), Catalogue.load(Path.of("config/catalog")));

    private static SourceCredentials credentials(Map<String, Object> config, Map<String, Object> variables) {
        var environment = new AbstractEnvironment() {};
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("systemEnvironment", variables));
        environment.getPropertySources().addLast(new MapPropertySource("config/application.yaml", config));
        return new SourceCredentials(environment, MAPPINGS);
    }

    private static final Map<String, Object> CONFIG = Map.of(
            "certhub.sources.training-center.rest.key", "training-center-demo",
            "certhub.sources.training-center.rest.secret", "demo-secret-training-center");

    @Test
    void theConfigurationFileGivesASourceItsKeyAndSecret() {
        var c = credentials(CONFIG, Map.of()).forSource("training-center").orElseThrow();
        assertThat(c.keyId()).isEqualTo("training-center-demo");
        assertThat(c.secret()).isEqualTo("demo-secret-training-center");
        assertThat(c.toString()).doesNotContain("demo-secret");
    }

    @Test
    void environmentVariablesOverrideTheSecretAndTheKey() {
        var c = credentials(CONFIG, Map.of("CERTHUB_SOURCE_TRAINING_CENTER_SECRET", "from-the-environment"))
                .forSource("training-center")
                .orElseThrow();
        assertThat(c.secret()).isEqualTo("from-the-environment");
        assertThat(c.keyId()).isEqualTo("training-center-demo");

        var both = credentials(
                Map.of(),
                Map.of(
                        "CERTHUB_SOURCE_EXAM_SYSTEM_KEY",
                        "exam-prod",
                        "CERTHUB_SOURCE_EXAM_SYSTEM_SECRET",
                        "s3cret-from-env"));
        assertThat(both.forSource("exam-system").orElseThrow().keyId()).isEqualTo("exam-prod");
        assertThat(both.sourceOfKey("exam-prod")).contains("exam-system");
        assertThat(both.sourceOfKey("training-center-demo")).isEmpty();
    }

    @Test
    void aSourceWithoutASecretCannotPush() {
        var credentials = credentials(
                Map.of("certhub.sources.exam-system.rest.key", "exam-key"),
                Map.of("CERTHUB_SOURCE_TRAINING_CENTER_SECRET", "  "));
        assertThat(credentials.forSource("exam-system")).isEmpty();
        assertThat(credentials.forSource("training-center")).isEmpty();
    }

    @Test
    void theVariableNameIsTheUpperCasedSourceId() {
        assertThat(SourceCredentials.variable("training-center", "SECRET"))
                .isEqualTo("CERTHUB_SOURCE_TRAINING_CENTER_SECRET");
    }

    @Test
    void twoSourcesWithTheSameKeyIdStopTheStart() {
        var credentials = credentials(
                Map.of(
                        "certhub.sources.training-center.rest.key",
                        "shared",
                        "certhub.sources.training-center.rest.secret",
                        "a",
                        "certhub.sources.exam-system.rest.key",
                        "shared",
                        "certhub.sources.exam-system.rest.secret",
                        "b"),
                Map.of());
        assertThatThrownBy(credentials::check).hasMessageContaining("shared").hasMessageContaining("own key");
    }
}
