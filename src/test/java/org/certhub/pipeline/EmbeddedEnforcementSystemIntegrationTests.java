package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.Test;

/**
 * Database polling on the embedded default, as the quick start runs it: the enforcement system's demo table lives in
 * an H2 file under the data folder, created at start, so an operator can insert a row and watch.
 */
@HubIntegrationTest
class EmbeddedEnforcementSystemIntegrationTests extends EnforcementSystemPollingContract {

    @Override
    Path root() {
        return SharedHub.ROOT;
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
        assertThat(SharedHub.DATA.resolve("upstream/enforcement-system.mv.db")).isRegularFile();
        assertThat(upstream()
                        .sql("select count(*) from licence_sanction")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(0);
    }
}
