package org.certhub.reload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Scans {@code mappings/} and {@code routes/} on one thread, mappings first (a new source's route finds its mapping),
 * from the moment the hub is ready until it shuts down.
 */
@Component
class LiveReload {

    private static final Logger log = LoggerFactory.getLogger(LiveReload.class);

    private final ReloadSettings settings;
    private final MappingReloader mappings;
    private final RouteReloader routes;
    private final LiveVersions versions;
    private ScheduledExecutorService scanner;
    private List<LiveVersions.LiveFile> reported;

    LiveReload(ReloadSettings settings, MappingReloader mappings, RouteReloader routes, LiveVersions versions) {
        this.settings = settings;
        this.mappings = mappings;
        this.routes = routes;
        this.versions = versions;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() throws IOException {
        if (!settings.enabled() || scanner != null) {
            return;
        }
        mappings.start();
        routes.start();
        report();
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "certhub-reload");
            t.setDaemon(true);
            return t;
        });
        long every = settings.interval().toMillis();
        scanner.scheduleWithFixedDelay(this::scan, every, every, TimeUnit.MILLISECONDS);
        log.info("Mapping and route files are watched for edits every {}", settings.interval());
    }

    private void scan() {
        try {
            mappings.check();
        } catch (RuntimeException e) {
            log.error("Scanning the mappings failed", e);
        }
        try {
            routes.check();
        } catch (RuntimeException e) {
            log.error("Scanning the routes failed", e);
        }
        report();
    }

    /** Tells the other nodes what this one runs, when that changed (or when the last report did not get through). */
    private void report() {
        var now = new ArrayList<LiveVersions.LiveFile>();
        for (var file : routes.files()) {
            now.add(new LiveVersions.LiveFile(
                    "route",
                    file.file(),
                    file.sha256(),
                    file.loadedAt(),
                    file.problem() == null ? null : file.problem().message()));
        }
        for (var mapping : mappings.status()) {
            now.add(new LiveVersions.LiveFile(
                    "mapping",
                    mapping.file(),
                    mapping.version(),
                    mapping.loadedAt(),
                    mapping.problems().isEmpty()
                            ? null
                            : mapping.problems().get(0).message()));
        }
        if (now.equals(reported)) {
            return;
        }
        try {
            versions.report(now);
            reported = now;
        } catch (RuntimeException e) {
            log.warn("What this node runs could not be reported to the other nodes; tried again: {}", e.toString());
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (scanner != null) {
            scanner.shutdownNow();
            scanner = null;
        }
    }
}
