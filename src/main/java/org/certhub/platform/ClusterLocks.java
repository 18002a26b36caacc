package org.certhub.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Locks that one node of the cluster holds at a time, on the hub's database: ShedLock's JDBC provider on the
 * {@code shedlock} table, with the database's clock (nodes' clocks may differ) and the {@link Node}'s name as the
 * holder. A lock is held until it is released or until its {@code atMostFor} has passed: a node that dies holding one
 * leaves it to expire, and another node takes it then. ShedLock rather than Camel's cluster service: the hub's jobs
 * are plain scheduled tasks, not routes, and a row per lock in the database the nodes already share needs no other
 * coordinator (ADR 0014).
 */
@Component
public class ClusterLocks {

    private final LockProvider provider;

    @Autowired
    ClusterLocks(DataSource database, Node node) {
        this(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(database))
                .usingDbTime()
                .withLockedByValue(node.name())
                .build()));
    }

    ClusterLocks(LockProvider provider) {
        this.provider = provider;
    }

    /** The locks of these nodes on this database, for tests and tools that play several nodes in one process. */
    public static ClusterLocks on(DataSource database, Node node) {
        return new ClusterLocks(database, node);
    }

    /**
     * Takes the lock if no node holds it.
     *
     * @param atMostFor  how long the lock is held at most if it is never released (the holder died)
     * @param atLeastFor how long it stays held after an early release, so that another node whose schedule is a
     *                   moment behind does not run the same work again
     * @return the lock to release, or empty when another node holds it
     */
    public Optional<SimpleLock> tryLock(String name, Duration atMostFor, Duration atLeastFor) {
        return provider.lock(new LockConfiguration(Instant.now(), name, atMostFor, atLeastFor));
    }
}
