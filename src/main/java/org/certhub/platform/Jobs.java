package org.certhub.platform;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.PeriodicTrigger;
import org.springframework.stereotype.Component;

/**
 * The hub's scheduled jobs, each on threads of its own and with a time limit: a job that hangs (a TSA that never
 * answers during the nightly archive run) neither delays another job (the stalled-work sweeper) nor runs for ever;
 * a run past its limit is interrupted and the next one starts on schedule.
 *
 * <p>Each job runs on one node of the cluster at a time: a run first takes the job's {@link ClusterLocks cluster lock}
 * (named {@code job:<name>}, held at most the job's time limit) and is skipped while another node holds it. A node
 * that dies during a run leaves the lock to expire at the time limit; the next node whose schedule comes runs the job.
 */
@Component
public class Jobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /** At most this long a run of a job keeps other nodes from running it again after it ended early. */
    private static final Duration AT_LEAST = Duration.ofSeconds(30);

    private final List<ThreadPoolTaskScheduler> schedulers = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> runners = new CopyOnWriteArrayList<>();
    private final ClusterLocks locks;

    Jobs(ClusterLocks locks) {
        this.locks = locks;
    }

    /** Runs the job {@code delay} after its previous run ended, the first time after {@code initialDelay}. */
    public void everyFixedDelay(String name, Runnable job, Duration initialDelay, Duration delay, Duration timeout) {
        var trigger = new PeriodicTrigger(delay);
        trigger.setInitialDelay(initialDelay);
        scheduler(name).schedule(limited(name, job, timeout, min(delay.dividedBy(2), AT_LEAST, timeout)), trigger);
    }

    /** Runs the job on a cron expression in the zone. */
    public void onCron(String name, Runnable job, String cron, ZoneId zone, Duration timeout) {
        scheduler(name)
                .schedule(limited(name, job, timeout, min(AT_LEAST, timeout, timeout)), new CronTrigger(cron, zone));
    }

    private ThreadPoolTaskScheduler scheduler(String name) {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("job-" + name + "-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        schedulers.add(scheduler);
        return scheduler;
    }

    private static Duration min(Duration a, Duration b, Duration c) {
        Duration ab = a.compareTo(b) <= 0 ? a : b;
        return ab.compareTo(c) <= 0 ? ab : c;
    }

    /**
     * The job run under its cluster lock on a runner thread of its own, waited for at most {@code timeout}, then
     * interrupted.
     */
    private Runnable limited(String name, Runnable job, Duration timeout, Duration atLeast) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "job-" + name + "-run");
            thread.setDaemon(true);
            return thread;
        });
        runners.add(runner);
        return () -> {
            Optional<SimpleLock> lock;
            try {
                lock = locks.tryLock("job:" + name, timeout, atLeast);
            } catch (RuntimeException e) {
                log.error("Job {} did not run: its cluster lock cannot be taken: {}", name, e.toString());
                return;
            }
            if (lock.isEmpty()) {
                log.debug("Job {} runs on another node now", name);
                return;
            }
            try {
                runLimited(name, runner, job, timeout);
            } finally {
                try {
                    lock.get().unlock();
                } catch (RuntimeException e) {
                    log.warn(
                            "Job {}: its cluster lock could not be released; it expires by itself: {}",
                            name,
                            e.toString());
                }
            }
        };
    }

    private static void runLimited(String name, ExecutorService runner, Runnable job, Duration timeout) {
        Future<?> run = runner.submit(job);
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            log.warn("Job {} ran longer than {} and was interrupted; it runs again on schedule", name, timeout);
        } catch (ExecutionException e) {
            log.error("Job {} failed: {}", name, e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
        runners.forEach(ExecutorService::shutdownNow);
    }
}
