package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** On the embedded default no Kafka is configured: the registration system's route stays stopped and says why. */
@HubIntegrationTest
class KafkaChannelOffIntegrationTests {

    @Autowired
    CamelContext camel;

    @Test
    void withoutBootstrapServersTheRouteIsNotStartedAndTheLogSaysSo() {
        assertThat(camel.getRoute("source-registration-system"))
                .as("the route is loaded")
                .isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("source-registration-system"))
                .isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("source-exam-system"))
                .isEqualTo(ServiceStatus.Started);
        // said once, when the hub started (which may have been for another test class on the shared hub)
        assertThat(SharedHub.startupLog())
                .anyMatch(line -> line.contains("Kafka channel of registration-system not started: set "
                        + "certhub.sources.registration-system.kafka.bootstrap-servers to start it"));
    }
}
