package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.certhub.testing.MigratedH2;
import org.certhub.testing.MutableClock;
import org.certhub.testing.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * File claims of several nodes on one database (H2 as the embedded default has it, and the machine's PostgreSQL as
 * production has it): one node holds a file at a time, whatever the others do, until its claim grows too old.
 */
class FileClaimsTests {

    private static final String FILE = "/srv/certhub/inbox/exam-system/考核合格名单.csv";
    private static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private PostgresSchema schema;

    @AfterEach
    void drop() {
        if (schema != null) {
            schema.drop();
        }
    }

    private FileClaims node(DataSource database, String name) {
        return new FileClaims(JdbcClient.create(database), clock, name, MAX_AGE);
    }

    @Test
    void aNodeThatFailsToClaimAFileLeavesTheHoldersClaimAlone() {
        DataSource database = MigratedH2.database();
        FileClaims a = node(database, "node-a");
        FileClaims b = node(database, "node-b");
        FileClaims c = node(database, "node-c");

        assertThat(a.add(FILE)).isTrue();
        assertThat(b.add(FILE)).isFalse();
        // Camel's read lock removes the key when it fails to take a file: it must not free a claim it does not hold
        assertThat(b.remove(FILE)).isFalse();
        assertThat(c.add(FILE)).as("a third node, after the second gave up").isFalse();
        assertThat(a.contains(FILE)).isTrue();

        assertThat(a.remove(FILE)).isTrue();
        assertThat(c.add(FILE)).isTrue();
    }

    @Test
    void aClaimNotKeptAliveIsTakenOverOnceTooOldAndTheDeadNodeNoLongerRenewsIt() {
        DataSource database = MigratedH2.database();
        FileClaims a = node(database, "node-a");
        FileClaims b = node(database, "node-b");
        assertThat(a.add(FILE)).isTrue();

        clock.advance(Duration.ofSeconds(40));
        a.keepAlive();
        clock.advance(Duration.ofSeconds(40));
        assertThat(b.add(FILE)).as("kept alive 40 s ago").isFalse();

        clock.advance(Duration.ofSeconds(21)); // node-a stopped renewing: 61 s since its last renewal
        assertThat(b.add(FILE)).isTrue();
        a.keepAlive(); // node-a, back from a long pause, finds it lost the claim
        assertThat(a.remove(FILE)).isFalse();
        assertThat(node(database, "node-c").add(FILE)).isFalse();
    }

    @Test
    void aNodeStartedAgainTakesItsOwnClaimBackAtOnce() {
        DataSource database = MigratedH2.database();
        assertThat(node(database, "node-a").add(FILE)).isTrue();

        FileClaims restarted = node(database, "node-a");
        assertThat(restarted.add(FILE)).isTrue();
        assertThat(node(database, "node-b").add(FILE)).isFalse();
    }

    @Test
    void onPostgresqlOneNodeHoldsAFileAtATime() {
        schema = PostgresSchema.migrated("certhub_claims_");
        FileClaims a = node(schema.dataSource(), "node-a");
        FileClaims b = node(schema.dataSource(), "node-b");
        for (int i = 0; i < 10; i++) { // past the driver's switch to server-side prepared statements
            String file = FILE + "." + i;
            assertThat(a.add(file)).isTrue();
            assertThat(b.add(file)).isFalse();
            assertThat(b.remove(file)).isFalse();
            assertThat(b.add(file)).isFalse();
            clock.advance(Duration.ofSeconds(61));
            assertThat(b.add(file)).isTrue();
            assertThat(a.add(file)).isFalse();
        }
    }
}
