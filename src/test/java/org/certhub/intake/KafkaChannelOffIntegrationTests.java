package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** On the embedded default no Kafka is configured: the registration system's route stays stopped and says why. */
@SpringBootTest(
        properties = {
            "certhub.paths.data=target/it/kafka-off/data",
            "certhub.paths.inbox=target/it/kafka-off/inbox",
            "certhub.paths.outbox=target/it/kafka-off/outbox",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
@ExtendWith(OutputCaptureExtension.class)
class KafkaChannelOffIntegrationTests {

    @Autowired
    CamelContext camel;

    @Test
    void withoutBootstrapServersTheRouteIsNotStartedAndTheLogSaysSo(CapturedOutput output) {
        assertThat(camel.getRoute("source-registration-system"))
                .as("the route is loaded")
                .isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("source-registration-system"))
                .isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("source-exam-system"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(output.getAll())
                .contains("Kafka channel of registration-system not started: set "
                        + "certhub.sources.registration-system.kafka.bootstrap-servers to start it");
    }
}
