package org.certhub.platform;

import java.util.ArrayList;
import java.util.List;
import org.certhub.testing.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster locks on the database production runs on: the machine's PostgreSQL, in a schema of this test's own.
 * The same checks as {@link JobsTests}: two nodes run a job one at a time, and a job whose node died holding its lock
 * runs on another once the lock expires (ShedLock takes the database's time there, so the nodes' clocks do not
 * matter).
 */
class PostgresClusterLocksIntegrationTests {

    private static PostgresSchema schema;

    private final List<Jobs> nodes = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        schema = PostgresSchema.migrated("certhub_locks_");
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Jobs::destroy);
    }

    @Test
    void aJobOfTwoNodesRunsOnOneAtATime() {
        JobsTests.assertOneAtATime(schema.dataSource(), nodes::add);
    }

    @Test
    void aJobWhoseNodeDiedHoldingItsLockRunsOnAnotherOnceTheLockExpires() {
        JobsTests.assertMovesOnWhenItsNodeDies(schema.dataSource(), nodes::add);
    }
}
