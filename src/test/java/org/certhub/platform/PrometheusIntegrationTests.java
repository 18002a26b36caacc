package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.certhub.testing.HubHttp;
import org.certhub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What Prometheus scrapes (docker-compose.yml): the hub's metrics in Prometheus's text format, to a user with role
 * MONITOR, who can read nothing else; nobody without a password reads them.
 */
@HubIntegrationTest
class PrometheusIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void theScrapersUserReadsTheStageMetricsAndNothingElse() throws Exception {
        var metrics = HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, port, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("certhub_signing_seal_seconds_count")
                .contains("certhub_publish_seconds_count")
                .contains("certhub_intake_issue_seconds_count")
                .contains("jvm_memory_used_bytes");

        assertThat(HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, port, "/actuator/metrics")
                        .statusCode())
                .isEqualTo(403);
        assertThat(HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, port, "/api/v1/routes")
                        .statusCode())
                .isEqualTo(403);
        assertThat(HubHttp.get(port, "/actuator/prometheus").statusCode()).isEqualTo(401);
    }
}
