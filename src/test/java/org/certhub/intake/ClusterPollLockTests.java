package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultConsumer;
import org.certhub.platform.ClusterLocks;
import org.certhub.platform.Node;
import org.certhub.testing.MigratedH2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One node polls a source at a time: two nodes' polls of the same route, each through the poll strategy of its own
 * node, on one database.
 */
class ClusterPollLockTests {

    private final DataSource database = MigratedH2.database();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final Endpoint endpoint = camel.getEndpoint("direct:licence-sanctions");

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    /** The consumer of the route on one node. */
    private DefaultConsumer consumer() throws Exception {
        var consumer = (DefaultConsumer) endpoint.createConsumer(exchange -> {});
        consumer.setRouteId("source-enforcement-system");
        return consumer;
    }

    private ClusterPollLock node(String name, Duration atMostFor) {
        return new ClusterPollLock(ClusterLocks.on(database, new Node(name)), atMostFor);
    }

    @Test
    void whileOneNodePollsTheOtherSkipsItsPollAndPollsOnceTheFirstIsDone() throws Exception {
        var a = node("node-a", Duration.ofMinutes(10));
        var b = node("node-b", Duration.ofMinutes(10));
        var onA = consumer();
        var onB = consumer();

        assertThat(a.begin(onA, endpoint)).isTrue();
        assertThat(b.begin(onB, endpoint)).as("node b while node a polls").isFalse();
        a.commit(onA, endpoint, 3);
        assertThat(b.begin(onB, endpoint)).as("node b once node a is done").isTrue();
        b.rollback(onB, endpoint, 0, new IllegalStateException("upstream database down"));
        assertThat(a.begin(onA, endpoint))
                .as("a failed poll releases the lock too")
                .isTrue();
    }

    @Test
    void aNodeThatDiesWhilePollingLeavesTheSourceToAnotherOnceItsLockExpires() throws Exception {
        var dying = node("node-a", Duration.ofSeconds(1));
        var survivor = node("node-b", Duration.ofSeconds(1));
        var onB = consumer();

        assertThat(dying.begin(consumer(), endpoint)).isTrue(); // and never commits: the node died
        assertThat(survivor.begin(onB, endpoint)).isFalse();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.begin(onB, endpoint));
    }
}
