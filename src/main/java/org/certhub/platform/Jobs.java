package org.certhub.platform;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
@Component
public class Jobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final List<ThreadPoolTaskScheduler> schedulers = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> runners = new CopyOnWriteArrayList<>();

    /** Runs the job {@code delay} after its previous run ended, the first time after {@code initialDelay}. */
    public void everyFixedDelay(String name, Runnable job, Duration initialDelay, Duration delay, Duration timeout) {
        var trigger = new PeriodicTrigger(delay);
        trigger.setInitialDelay(initialDelay);
        scheduler(name).schedule(limited(name, job, timeout), trigger);
    }

    /** Runs the job on a cron expression in the zone. */
    public void onCron(String name, Runnable job, String cron, ZoneId zone, Duration timeout) {
        scheduler(name).schedule(limited(name, job, timeout), new CronTrigger(cron, zone));
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

    /** The job run on a runner thread of its own, waited for at most {@code timeout}, then interrupted. */
    private Runnable limited(String name, Runnable job, Duration timeout) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "job-" + name + "-run");
            thread.setDaemon(true);
            return thread;
        });
        runners.add(runner);
        return () -> {
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
        };
    }

    @Override
    public void destroy() {
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
        runners.forEach(ExecutorService::shutdownNow);
    }
}
