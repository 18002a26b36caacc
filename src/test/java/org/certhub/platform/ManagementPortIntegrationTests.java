package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.certhub.testing.HubHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The actuator on a management port of its own, as docker-compose.yml runs the nodes ({@code MANAGEMENT_SERVER_PORT}):
 * there it keeps its doors (the metrics to MONITOR and ADMIN only, the health to anyone), and the public port no
 * longer serves it, so the load balancer in front of the public port cannot expose it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "certhub.paths.data=target/it/management-port/data",
            "certhub.paths.inbox=target/it/management-port/inbox",
            "certhub.paths.outbox=target/it/management-port/outbox",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD,
            "certhub.users." + HubHttp.MONITOR + ".roles=MONITOR",
            "certhub.users." + HubHttp.MONITOR + ".password=" + HubHttp.MONITOR_PASSWORD
        })
class ManagementPortIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void theActuatorKeepsItsDoorsOnItsOwnPortAndLeavesThePublicOne() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, managementPort, "/actuator/prometheus")
                        .body())
                .contains("certhub_signing_seal_seconds_count");
        assertThat(HubHttp.get(managementPort, "/actuator/prometheus").statusCode())
                .isEqualTo(401);
        assertThat(HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, managementPort, "/actuator/metrics")
                        .statusCode())
                .isEqualTo(403);
        // anyone may ask the health there (the load balancer's and the orchestrator's probes)
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> HubHttp.get(managementPort, "/actuator/health").statusCode() == 200);

        assertThat(HubHttp.getAs(HubHttp.MONITOR, HubHttp.MONITOR_PASSWORD, port, "/actuator/prometheus")
                        .statusCode())
                .isEqualTo(404);
        assertThat(HubHttp.get(port, "/actuator/health").statusCode()).isEqualTo(404);
    }
}
