package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.certhub.testing.MigratedH2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs on threads of their own: one that hangs neither holds up another nor runs for ever. And each runs on
 * one node of a cluster at a time, through its cluster lock in the database the nodes share (an H2 database here, the
 * machine's PostgreSQL in {@code PostgresClusterLocksIntegrationTests}); a job whose node died moves to another.
 */
class JobsTests {

    private final DataSource database = MigratedH2.database();
    private final Jobs jobs = new Jobs(ClusterLocks.on(database, new Node("node-1")));
    private final List<Jobs> nodes = new ArrayList<>(List.of(jobs));

    @AfterEach
    void stop() {
        nodes.forEach(Jobs::destroy);
    }

    @Test
    void aJobOfTwoNodesRunsOnOneAtATime() {
        assertOneAtATime(database, nodes::add);
    }

    @Test
    void aJobWhoseNodeDiedHoldingItsLockRunsOnAnotherOnceTheLockExpires() {
        assertMovesOnWhenItsNodeDies(database, nodes::add);
    }

    /**
     * Two nodes schedule the same job every 10 ms, each run lasting 30 ms: the runs never overlap, and the job runs
     * on and on.
     */
    static void assertOneAtATime(DataSource database, java.util.function.Consumer<Jobs> started) {
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var runs = new AtomicInteger();
        for (String name : List.of("node-a", "node-b")) {
            var node = new Jobs(ClusterLocks.on(database, new Node(name)));
            started.accept(node);
            node.everyFixedDelay(
                    "sweeper",
                    () -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(30);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            running.decrementAndGet();
                            runs.incrementAndGet();
                        }
                    },
                    Duration.ZERO,
                    Duration.ofMillis(10),
                    Duration.ofSeconds(5));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 20);
        assertThat(mostAtOnce.get()).as("runs at the same time").isEqualTo(1);
    }

    /**
     * A node took the archive job's lock for two seconds and died (it never releases it): another node's schedule
     * comes every 50 ms, and the job runs there only once the lock has expired.
     */
    static void assertMovesOnWhenItsNodeDies(DataSource database, java.util.function.Consumer<Jobs> started) {
        long died = System.nanoTime();
        assertThat(ClusterLocks.on(database, new Node("dead-node"))
                        .tryLock("job:archive", Duration.ofSeconds(2), Duration.ZERO))
                .isPresent();
        var firstRun = new AtomicLong();
        var survivor = new Jobs(ClusterLocks.on(database, new Node("survivor")));
        started.accept(survivor);
        survivor.everyFixedDelay(
                "archive",
                () -> firstRun.compareAndSet(0, System.nanoTime()),
                Duration.ZERO,
                Duration.ofMillis(50),
                Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(15)).until(() -> firstRun.get() != 0);
        assertThat(Duration.ofNanos(firstRun.get() - died))
                .as("not before the dead node's lock expired")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aJobThatHangsDoesNotHoldUpAnotherAndIsInterruptedAfterItsTimeLimit() {
        var hanging = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        var sweeps = new AtomicInteger();
        jobs.everyFixedDelay(
                "archive",
                () -> {
                    hanging.countDown();
                    try {
                        Thread.sleep(Duration.ofHours(1).toMillis()); // a TSA that never answers
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                },
                Duration.ZERO,
                Duration.ofHours(1),
                Duration.ofMillis(500));
        jobs.everyFixedDelay(
                "sweeper", sweeps::incrementAndGet, Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> hanging.getCount() == 0 && sweeps.get() >= 5);
        await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
    }

    @Test
    void aJobThatFailsRunsAgainOnSchedule() {
        var runs = new AtomicInteger();
        jobs.everyFixedDelay(
                "cleanup",
                () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("database down");
                },
                Duration.ZERO,
                Duration.ofMillis(20),
                Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }
}
