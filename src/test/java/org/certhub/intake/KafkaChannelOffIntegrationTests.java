package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** On the embedded default no Kafka is configured: the registration system's route stays stopped and says why. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certhub.paths.data=target/it/kafka-off/data",
        "certhub.paths.inbox=target/it/kafka-off/inbox",
        "certhub.paths.outbox=target/it/kafka-off/outbox",
        "CERTHUB_ADMIN_PASSWORD=test-admin-password"})
@ExtendWith(OutputCaptureExtension.class)
class KafkaChannelOffIntegrationTests {

    @Autowired
    CamelContext camel;

    @LocalServerPort
    int port;

    @Test
    void withoutBootstrapServersTheRouteIsNotStartedAndTheLogSaysSo(CapturedOutput output) throws Exception {
        assertThat(camel.getRoute("source-registration-system")).as("the route is loaded").isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("source-registration-system"))
                .isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("source-exam-system")).isEqualTo(ServiceStatus.Started);
        assertThat(output.getAll()).contains("Kafka channel of registration-system not started: set "
                + "certhub.sources.registration-system.kafka.bootstrap-servers to start it");
        // a channel that is off on purpose does not make the hub look unhealthy to its monitoring
        var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }
}
