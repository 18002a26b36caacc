package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Database polling on the embedded default, as the quick start runs it: the enforcement system's demo table lives in
 * an H2 file under the data folder, created at start, so an operator can insert a row and watch.
 */
@TestPropertySource(
        properties = {
            "certhub.paths.data=target/it/sql-embedded/data",
            "certhub.paths.inbox=target/it/sql-embedded/inbox",
            "certhub.paths.outbox=target/it/sql-embedded/outbox"
        })
class EmbeddedEnforcementSystemIntegrationTests extends EnforcementSystemPollingContract {

    private static final Path ROOT = Path.of("target/it/sql-embedded");

    @BeforeAll
    static void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @Override
    Path root() {
        return ROOT;
    }

    @Test
    void theHubsHealthIsItsOwnDatabaseNotTheUpstreams() throws Exception {
        var health = probe.admin("/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").has("db"))
                .as("details of " + health)
                .isTrue();
        assertThat(health.toString()).doesNotContain("enforcementSystemDataSource");
    }

    @Test
    void theDemoTableIsInAnH2FileUnderTheDataFolder() {
        assertThat(ROOT.resolve("data/upstream/enforcement-system.mv.db")).isRegularFile();
        assertThat(upstream()
                        .sql("select count(*) from licence_sanction")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(0);
    }
}
