package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.certhub.testing.Services;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cluster locks on the database production runs on: the machine's PostgreSQL, in a schema of this test's own.
 * The same checks as {@link JobsTests}: two nodes run a job one at a time, and a job whose node died holding its lock
 * runs on another once the lock expires (ShedLock takes the database's time there, so the nodes' clocks do not
 * matter).
 */
class PostgresClusterLocksIntegrationTests {

    private static final String SCHEMA =
            "certhub_locks_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static PGSimpleDataSource database;

    private final List<Jobs> nodes = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        Services.requireTcp("PostgreSQL", "127.0.0.1", 5432);
        var admin = new PGSimpleDataSource();
        admin.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        admin.setUser("postgres");
        JdbcClient.create(admin).sql("create schema " + SCHEMA).update();
        database = new PGSimpleDataSource();
        database.setURL("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA);
        database.setUser("postgres");
        assertThat(Flyway.configure()
                        .dataSource(database)
                        .schemas(SCHEMA)
                        .load()
                        .migrate()
                        .success)
                .isTrue();
    }

    @AfterAll
    static void dropSchema() {
        if (database != null) {
            JdbcClient.create(database)
                    .sql("drop schema " + SCHEMA + " cascade")
                    .update();
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Jobs::destroy);
    }

    @Test
    void aJobOfTwoNodesRunsOnOneAtATime() {
        JobsTests.assertOneAtATime(database, nodes::add);
    }

    @Test
    void aJobWhoseNodeDiedHoldingItsLockRunsOnAnotherOnceTheLockExpires() {
        JobsTests.assertMovesOnWhenItsNodeDies(database, nodes::add);
    }
}
