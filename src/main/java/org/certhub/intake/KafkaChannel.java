package org.certhub.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the Kafka routes need besides routing: committing a message's offset once it is stored and handed on, and
 * telling operators at start-up which Kafka sources run and which are off for want of bootstrap servers.
 */
@Component("kafkaChannel")
public class KafkaChannel {

    private static final Logger log = LoggerFactory.getLogger(KafkaChannel.class);

    private final CamelContext camel;

    KafkaChannel(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Commits the offset of the message in the exchange, synchronously: the route calls it last, so that a crash
     * before it delivers the message again (a no-op then, by its origin key) rather than losing it.
     */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit commit) {
        if (commit == null) {
            throw new IllegalStateException("no Kafka manual commit on the exchange: the route's consumer needs "
                    + "allowManualCommit=true and autoCommitEnable=false");
        }
        commit.commit();
    }

    @EventListener(ApplicationReadyEvent.class)
    void reportKafkaSources() {
        for (Route route : camel.getRoutes()) {
            if (!(route.getEndpoint() instanceof KafkaEndpoint endpoint)) {
                continue;
            }
            var configuration = endpoint.getConfiguration();
            String source = route.getRouteId().replaceFirst("^source-", "");
            if (camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                log.info(
                        "Kafka channel of {} consumes topic {} from {} as consumer group {}",
                        source,
                        configuration.getTopic(),
                        configuration.getBrokers(),
                        configuration.getGroupId());
            } else if (configuration.getBrokers() != null
                    && !configuration.getBrokers().isBlank()) {
                log.warn("Kafka channel of {} is configured but not running", source);
            } else {
                log.info(
                        "Kafka 渠道 {} 未启动：未配置 bootstrap servers (Kafka channel of {} not started: set "
                                + "certhub.sources.{}.kafka.bootstrap-servers to start it)",
                        source,
                        source,
                        source);
            }
        }
    }
}
