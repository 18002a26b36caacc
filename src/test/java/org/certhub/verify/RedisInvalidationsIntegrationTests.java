package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.certhub.testing.MigratedH2;
import org.certhub.testing.Services;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes' public look-ups, each with its own cache, told through the machine's Redis that a licence changed on the
 * other: the node that did not make the change drops what it keeps of that licence at once, without its database
 * poll (which these nodes never run), and keeps what it keeps of other licences.
 */
class RedisInvalidationsIntegrationTests {

    private static final String REDIS = "redis://127.0.0.1:6379";

    private PublicLookups nodeA;
    private PublicLookups nodeB;
    private RedisInvalidations redisA;
    private RedisInvalidations redisB;

    @BeforeEach
    void nodes() {
        Services.requireTcp("Redis", "127.0.0.1", 6379);
        JdbcClient jdbc = JdbcClient.create(MigratedH2.database());
        nodeA = new PublicLookups(jdbc, Duration.ofMinutes(10), 1000, new SimpleMeterRegistry());
        nodeB = new PublicLookups(jdbc, Duration.ofMinutes(10), 1000, new SimpleMeterRegistry());
        redisA = new RedisInvalidations(nodeA, REDIS);
        redisB = new RedisInvalidations(nodeB, REDIS);
    }

    @AfterEach
    void close() {
        if (redisA != null) {
            redisA.close();
            redisB.close();
        }
    }

    @Test
    void aChangeOnOneNodeEmptiesTheOtherNodesCacheOfThatLicenceAtOnce() {
        nodeB.get("token-42", () -> List.of(view(42)));
        nodeB.get("token-43", () -> List.of(view(43)));
        assertThat(nodeB.size()).isEqualTo(2);

        redisA.changed(new LicenceEvent.VersionReleased(42, 4200, Instant.now()));

        await().atMost(Duration.ofSeconds(2)).until(() -> nodeB.size() == 1);
        assertThat(nodeB.get("token-43", List::of))
                .as("another licence's entry stays")
                .hasSize(1);
        assertThat(nodeB.get("token-42", List::of))
                .as("looked up again: nothing cached")
                .isEmpty();
    }

    @Test
    void aNodeThatCannotReachRedisStartsAndStillPublishesNothingBroken() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var away = new RedisInvalidations(nodeA, "redis://127.0.0.1:" + closedPort);
        try {
            // no connection: the change is left to the database poll, and nothing fails
            away.changed(new LicenceEvent.VersionReleased(42, 4200, Instant.now()));
        } finally {
            away.close();
        }
    }

    private static LicenceVersionView view(long licenceId) {
        LocalDate on = LocalDate.of(2026, 12, 1);
        return new LicenceVersionView(
                licenceId,
                licenceId * 100,
                "11100000000013338W011",
                "id-" + licenceId,
                1,
                "苏建安B(2026)00000" + licenceId,
                LicenceStatus.VALID,
                VersionState.PUBLISHED,
                Map.of("holderName", "张三"),
                on,
                on,
                on,
                on.plusYears(3).minusDays(1),
                "token-" + licenceId,
                null,
                null,
                null,
                1,
                null,
                null,
                null,
                null,
                null);
    }
}
