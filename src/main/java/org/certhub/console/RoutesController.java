package org.certhub.console;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.certhub.reload.LiveVersions;
import org.certhub.reload.MappingReloader;
import org.certhub.reload.MappingReloader.MappingStatus;
import org.certhub.reload.Problem;
import org.certhub.reload.RouteReloader;
import org.certhub.reload.RouteReloader.RouteFileStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What runs: each route with its file, source, state and counters; each route file and mapping with the version
 * that runs and why an edit was not taken; each source's deliveries and records.
 */
@RestController
class RoutesController {

    /**
     * @param nodes       what every node of the cluster runs (one node on the embedded default)
     * @param differences the route files and mappings the nodes do not run alike, or that a node refused
     */
    record Status(
            List<RouteView> routes,
            List<RouteFileStatus> routeFiles,
            List<SourceView> sources,
            List<Problem> mappingProblems,
            List<LiveVersions.NodeFiles> nodes,
            List<LiveVersions.Difference> differences) {}

    /**
     * @param lastError the route's last failed exchange, or the last refused edit of its file, whichever is later
     */
    record RouteView(
            String id,
            String file,
            String source,
            String state,
            String uptime,
            Exchanges exchanges,
            LastError lastError) {}

    record Exchanges(long total, long failed, long inflight) {}

    /** @param from {@code route} (an exchange failed) or {@code reload} (an edit of the route file was refused) */
    record LastError(String message, Instant at, String from) {}

    record SourceView(
            String source,
            Map<String, Long> deliveries,
            Map<String, Long> records,
            OffsetDateTime lastReceivedAt,
            MappingStatus mapping) {}

    private final CamelContext camel;
    private final RouteReloader routes;
    private final MappingReloader mappings;
    private final RouteActivity activity;
    private final JdbcClient jdbc;
    private final LiveVersions versions;

    RoutesController(
            CamelContext camel,
            RouteReloader routes,
            MappingReloader mappings,
            RouteActivity activity,
            JdbcClient jdbc,
            LiveVersions versions) {
        this.versions = versions;
        this.camel = camel;
        this.routes = routes;
        this.mappings = mappings;
        this.activity = activity;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/routes")
    Status status() {
        List<MappingStatus> mapped = mappings.status();
        Set<String> mappedSources = mapped.stream().map(MappingStatus::source).collect(Collectors.toSet());
        List<RouteFileStatus> files = routes.files();
        List<RouteView> views = routeViews(files, mappedSources);
        var sources = new TreeSet<>(mappedSources);
        views.stream().map(RouteView::source).filter(s -> s != null).forEach(sources::add);
        List<LiveVersions.NodeFiles> nodes = versions.nodes();
        return new Status(
                views,
                files,
                sourceViews(sources, mapped),
                mappings.problems(),
                nodes,
                LiveVersions.differences(nodes));
    }

    private List<RouteView> routeViews(List<RouteFileStatus> files, Set<String> mappedSources) {
        Map<String, Problem> refusedEdits = new HashMap<>();
        files.stream().filter(f -> f.problem() != null).forEach(f -> refusedEdits.put(f.file(), f.problem()));
        var views = new ArrayList<RouteView>();
        for (Route route : camel.getRoutes()) {
            String id = route.getRouteId();
            String file = routes.fileOf(id).orElse(null);
            ServiceStatus state = camel.getRouteController().getRouteStatus(id);
            var counts = activity.of(id).orElse(RouteActivity.Counts.NONE);
            var failure = counts.lastFailure();
            LastError error = failure == null ? null : new LastError(failure.message(), failure.at(), "route");
            Problem refused = file == null ? null : refusedEdits.get(file);
            if (refused != null && (error == null || refused.at().isAfter(error.at()))) {
                error = new LastError(refused.message(), refused.at(), "reload");
            }
            views.add(new RouteView(
                    id,
                    file,
                    routes.sourceOf(id, mappedSources).orElse(null),
                    state == null ? null : state.name(),
                    Duration.ofMillis(route.getUptimeMillis()).toString(),
                    new Exchanges(counts.total(), counts.failed(), counts.inflight()),
                    error));
        }
        views.sort(
                Comparator.comparing((RouteView v) -> String.valueOf(v.file())).thenComparing(RouteView::id));
        return views;
    }

    /** Each source's counters from the database, with its live mapping. */
    private List<SourceView> sourceViews(Set<String> sources, List<MappingStatus> mapped) {
        Map<String, Map<String, Long>> deliveries =
                countBy("select source_id, status, count(*) from delivery " + "group by source_id, status", sources);
        Map<String, Map<String, Long>> records = new HashMap<>();
        Map<String, OffsetDateTime> lastReceived = new HashMap<>();
        jdbc.sql("select source_id, status, count(*), max(received_at) from raw_record group by source_id, status")
                .query(rs -> {
                    String source = rs.getString(1);
                    sources.add(source);
                    records.computeIfAbsent(source, s -> new java.util.TreeMap<>())
                            .put(rs.getString(2).toLowerCase(java.util.Locale.ROOT), rs.getLong(3));
                    OffsetDateTime at = rs.getObject(4, OffsetDateTime.class);
                    lastReceived.merge(source, at, (a, b) -> a.isAfter(b) ? a : b);
                });
        Map<String, MappingStatus> mappingOf = mapped.stream().collect(Collectors.toMap(MappingStatus::source, m -> m));
        var views = new ArrayList<SourceView>();
        for (String source : sources) {
            views.add(new SourceView(
                    source,
                    deliveriesOf(deliveries.getOrDefault(source, Map.of())),
                    withTotal(records.getOrDefault(source, Map.of())),
                    lastReceived.get(source),
                    mappingOf.get(source)));
        }
        return views;
    }

    /** Counts per source and status, as lower-case names ({@code done}, {@code issued} ...). */
    private Map<String, Map<String, Long>> countBy(String sql, Set<String> sources) {
        var counts = new HashMap<String, Map<String, Long>>();
        jdbc.sql(sql).query(rs -> {
            sources.add(rs.getString(1));
            counts.computeIfAbsent(rs.getString(1), s -> new java.util.TreeMap<>())
                    .put(rs.getString(2).toLowerCase(java.util.Locale.ROOT), rs.getLong(3));
        });
        return counts;
    }

    /** Deliveries by status: done, failed, and receiving (a file being read, a message being stored). */
    private static Map<String, Long> deliveriesOf(Map<String, Long> byStatus) {
        var counts = new java.util.LinkedHashMap<String, Long>();
        for (String status : List.of("done", "failed", "receiving")) {
            counts.put(status, byStatus.getOrDefault(status, 0L));
        }
        return counts;
    }

    /** Records by status, plus {@code received}: every record that came in, whatever became of it. */
    private static Map<String, Long> withTotal(Map<String, Long> byStatus) {
        var counts = new java.util.LinkedHashMap<String, Long>();
        counts.put(
                "received",
                byStatus.values().stream().mapToLong(Long::longValue).sum());
        for (String status : List.of("issued", "duplicate", "rejected")) {
            counts.put(status, byStatus.getOrDefault(status, 0L));
        }
        // any other outcome (a reject an operator discarded ...) under its own name
        byStatus.forEach((status, n) -> {
            if (!status.equals("received")) {
                counts.putIfAbsent(status, n);
            }
        });
        // RECEIVED: stored and not yet mapped
        counts.put("pending", byStatus.getOrDefault("received", 0L));
        return counts;
    }
}
