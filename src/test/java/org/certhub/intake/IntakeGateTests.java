package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.certhub.platform.CerthubPaths;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/**
 * File intake pauses while the hub's database does not answer or its disk is almost full: the file routes' polls take
 * nothing, so dropped files wait in their inboxes, and the health says why.
 */
class IntakeGateTests {

    @TempDir
    Path dir;

    private final CerthubPaths paths() {
        return new CerthubPaths(dir.resolve("data"), dir.resolve("inbox"), dir.resolve("outbox"));
    }

    private static JdbcDataSource database(String url) {
        var database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("sa");
        return database;
    }

    private static IntakeSettings needing(DataSize free) {
        return new IntakeSettings(200, 1000, DataSize.ofGigabytes(1), 1_048_576, free);
    }

    @Test
    void withTheDatabaseUpAndRoomOnDiskFilesAreTaken() {
        var gate = new IntakeGate(
                database("jdbc:h2:mem:gate-open"), paths(), needing(DataSize.ofBytes(1)), Clock.systemUTC());

        assertThat(gate.begin(null, null)).isTrue();
        assertThat(new IntakeHealth(gate).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFullDiskPausesIntakeAndMakesTheHealthDown() {
        var gate = new IntakeGate(
                database("jdbc:h2:mem:gate-disk"),
                paths(),
                needing(DataSize.ofTerabytes(1024 * 1024)),
                Clock.systemUTC());

        assertThat(gate.begin(null, null)).as("the poll takes nothing").isFalse();
        assertThat(new IntakeHealth(gate).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(new IntakeHealth(gate).health().getDetails().get("paused").toString())
                .contains("disk almost full");
    }

    @Test
    void aDatabaseThatDoesNotAnswerPausesIntakeUntilItIsBack() {
        // a database server that is not there
        var gate = new IntakeGate(
                database("jdbc:h2:tcp://127.0.0.1:1/nowhere"),
                paths(),
                needing(DataSize.ofBytes(1)),
                Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));

        assertThat(gate.begin(null, null)).isFalse();
        assertThat(gate.closedBecause()).contains("database is unreachable");
        assertThat(new IntakeHealth(gate).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aSharedBrokerThatDoesNotAnswerPausesIntakeUntilItIsBack() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                "tcp://127.0.0.1:" + port, "node", "gate-broker-password");
        var gate = new IntakeGate(
                database("jdbc:h2:mem:gate-broker"), factory, paths(), needing(DataSize.ofBytes(1)), Clock.systemUTC());

        assertThat(gate.begin(null, null)).as("no broker listens").isFalse();
        assertThat(gate.closedBecause()).contains("broker is unreachable");

        try (var broker = org.certhub.broker.StandaloneBroker.start(
                dir.resolve("broker"),
                "127.0.0.1",
                port,
                "node",
                "gate-broker-password",
                org.certhub.platform.BrokerSettings.defaults())) {
            assertThat(gate.recheck()).isNull();
            assertThat(gate.begin(null, null)).isTrue();
        }
        assertThat(gate.recheck()).contains("broker is unreachable");
    }

    @Test
    void filesThatWaitedForAnOutageGoBackIntoTheInboxUnlessOneOfTheirNameLiesThere() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox/exam-system"));
        Path retry = Files.createDirectories(inbox.resolve(IntakeGate.RETRY_FOLDER));
        Files.writeString(retry.resolve("a.csv"), "waited");
        Files.writeString(retry.resolve("b.csv"), "waited");
        Files.writeString(inbox.resolve("b.csv"), "dropped again meanwhile");

        IntakeGate.returnRetries(inbox);

        assertThat(inbox.resolve("a.csv")).hasContent("waited");
        assertThat(retry.resolve("a.csv")).doesNotExist();
        assertThat(inbox.resolve("b.csv")).hasContent("dropped again meanwhile");
        assertThat(retry.resolve("b.csv")).as("taken after the other one").hasContent("waited");
    }
}
