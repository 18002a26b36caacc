package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduled jobs on threads of their own: one that hangs neither holds up another nor runs for ever. */
class JobsTests {

    private final Jobs jobs = new Jobs();

    @AfterEach
    void stop() {
        jobs.destroy();
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
