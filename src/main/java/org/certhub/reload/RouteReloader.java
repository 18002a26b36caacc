package org.certhub.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetHeaderDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.certhub.platform.Sha256;
import org.certhub.reload.RouteFileCheck.RouteFile;
import org.certhub.reload.RouteFileCheck.UnreadableRouteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Takes edits of the route files in {@code routes/} while the hub runs. A changed file is read and checked in full
 * first ({@link RouteFileCheck}); only then are that file's routes stopped gracefully (an exchange in flight, such
 * as a file being read, finishes) and replaced by the new ones. A file that fails any check changes nothing, and the
 * problem is kept for {@code GET /api/v1/routes} until the file is fixed. A deleted file's routes are stopped and
 * removed. A file's routes are its {@code route} items and the routes its {@code templatedRoute} items make from a
 * route template; the templates themselves ({@code routeTemplate} items) are taken at start-up only, so an edit that
 * changes one is refused until the hub restarts.
 */
@Component
public class RouteReloader {

    /**
     * A route file as the hub runs it.
     *
     * @param file      the file name in the routes folder
     * @param routes    the ids of its running routes (those of the last version taken), those made from a template
     *                  included
     * @param templates the ids of the route templates it defines, as loaded at start-up
     * @param loadedAt  when that version was taken (start-up, or the reload)
     * @param problem   why the file's current content was not taken; null when it runs as it is
     * @param sha256    the SHA-256 of the version that runs; null when none does
     */
    public record RouteFileStatus(
            String file,
            List<String> routes,
            List<String> templates,
            Instant loadedAt,
            Problem problem,
            String sha256) {}

    /**
     * @param sources the source each route feeds by the {@code certhubSource} header it sets, resolved when it was
     *                loaded (a template's parameters are resolved on the reload thread only)
     */
    private record LiveFile(
            String hash,
            String content,
            List<String> routeIds,
            Map<String, JsonNode> templates,
            Map<String, String> sources,
            Instant loadedAt) {}

    private enum Outcome {
        TAKEN,
        REFUSED,
        BUSY
    }

    private static final Logger log = LoggerFactory.getLogger(RouteReloader.class);
    private static final String SOURCE_HEADER = "certhubSource";

    private final CamelContext camel;
    private final Path dir;
    private final ReloadSettings settings;
    private final Clock clock;
    private final RouteFileCheck check;
    private final Map<String, LiveFile> live = new ConcurrentHashMap<>();
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();
    private FolderWatch watch;

    RouteReloader(CamelContext camel, RouteSettings routes, ReloadSettings settings, Clock clock) {
        this.camel = camel;
        this.dir = routes.dir();
        this.settings = settings;
        this.clock = clock;
        this.check = new RouteFileCheck(
                camel, settings.requiredEndpoints(), id -> fileOf(id).map(this::location));
    }

    /** Notes the files and the routes Camel loaded from them at start-up, as what runs. */
    void start() throws IOException {
        watch = new FolderWatch(dir, RouteReloader::isRouteFile, settings.quietPeriod(), clock);
        Instant now = clock.instant();
        for (String name : watch.snapshot().keySet()) {
            String content = watch.read(name);
            var ids = new ArrayList<String>();
            model().getRouteDefinitions().stream()
                    .filter(r -> loadedFrom(r, name))
                    .forEach(r -> ids.add(r.getRouteId()));
            // Camel gives a route made from a template no resource: the file names it
            RouteFileCheck.templatedRouteIds(content).stream()
                    .filter(id -> model().getRouteDefinition(id) != null && !ids.contains(id))
                    .forEach(ids::add);
            live.put(
                    name,
                    new LiveFile(
                            Sha256.hex(content),
                            content,
                            List.copyOf(ids),
                            RouteFileCheck.templates(content),
                            sources(ids),
                            now));
        }
    }

    /** Takes the folder's edits once it has been quiet; called by the watch's schedule. */
    void check() {
        if (watch == null || !camel.getStatus().isStarted()) {
            return;
        }
        watch.poll().ifPresent(content -> {
            if (!reload(content)) {
                watch.handled(content);
            }
        });
    }

    /** Tries every file whose content differs from what runs; true when one must be tried again (still busy). */
    private boolean reload(Map<String, String> content) {
        var pending = new TreeSet<String>();
        content.forEach((name, hash) -> {
            LiveFile running = live.get(name);
            if (running == null || !running.hash().equals(hash)) {
                pending.add(name);
            }
        });
        live.keySet().stream().filter(name -> !content.containsKey(name)).forEach(pending::add);
        // a file put back as it runs has nothing wrong any more
        problems.keySet().removeIf(name -> !pending.contains(name));
        boolean busy = false;
        boolean progress = true;
        // one file can need another (a direct: endpoint that a new file provides): retry while something is taken
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (String name : List.copyOf(pending)) {
                Outcome outcome = reload(name, content.containsKey(name));
                if (outcome == Outcome.TAKEN) {
                    pending.remove(name);
                    problems.remove(name);
                    progress = true;
                } else if (outcome == Outcome.BUSY) {
                    // waited for long enough in this pass: the next scan tries it again
                    pending.remove(name);
                    busy = true;
                }
            }
        }
        return busy;
    }

    private Outcome reload(String name, boolean exists) {
        LiveFile old = live.get(name);
        Set<String> replaced = old == null ? Set.of() : Set.copyOf(old.routeIds());
        String content = null;
        RouteFile file = RouteFile.EMPTY;
        try {
            if (exists) {
                content = watch.read(name);
                file = check.parse(location(name), content);
            }
        } catch (IOException e) {
            return refuse(name, "文件无法读取 (cannot read the file): " + e);
        } catch (UnreadableRouteFile e) {
            return refuse(name, e.getMessage());
        }
        Optional<String> templateChange =
                RouteFileCheck.templateChange(old == null ? Map.of() : old.templates(), file.templates());
        if (templateChange.isPresent()) {
            return refuse(name, templateChange.get());
        }
        var found = new ArrayList<String>();
        var routes = new ArrayList<>(file.routes());
        routes.addAll(check.expand(file.templatedRoutes(), found));
        found.addAll(check.problems(routes, replaced));
        if (!found.isEmpty()) {
            return refuse(name, String.join("\n", found));
        }
        Model model = model();
        List<RouteDefinition> running = model.getRouteDefinitions().stream()
                .filter(r -> replaced.contains(r.getRouteId()))
                .toList();
        var stopped = new ArrayList<String>();
        for (String id : RouteFileCheck.stopOrder(running)) {
            boolean stoppedInTime;
            try {
                stoppedInTime = camel.getRouteController()
                        .stopRoute(id, settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS, true);
            } catch (Exception e) {
                startAgain(stopped);
                return refuse(name, "路由 " + id + " 无法停止 (route " + id + " cannot be stopped): " + e.getMessage());
            }
            if (!stoppedInTime) {
                startAgain(stopped);
                refuse(
                        name,
                        "路由 " + id + " 在 " + settings.stopTimeout() + " 内未处理完手头的消息，继续运行；稍后重试 (route "
                                + id + " still had exchanges in flight after " + settings.stopTimeout()
                                + "; it keeps running and the edit is tried again)");
                return Outcome.BUSY;
            }
            stopped.add(id);
        }
        List<String> ids = file.routeIds();
        try {
            model.removeRouteDefinitions(running);
            add(model, file);
        } catch (Exception e) {
            restore(name, old, ids, replaced);
            return refuse(
                    name, "路由无法启动，原路由已恢复 (the routes could not start; the previous ones run again): " + e.getMessage());
        }
        if (exists) {
            live.put(
                    name,
                    new LiveFile(Sha256.hex(content), content, ids, file.templates(), sources(ids), clock.instant()));
            log.info("Route file {} reloaded: {} (replaced {})", name, ids, replaced);
        } else {
            live.remove(name);
            log.info("Route file {} deleted: routes {} stopped and removed", name, replaced);
        }
        return Outcome.TAKEN;
    }

    private void startAgain(List<String> ids) {
        for (String id : ids) {
            try {
                camel.getRouteController().startRoute(id);
            } catch (Exception e) {
                log.error("Route {} could not be started again", id, e);
            }
        }
    }

    /** Adds (and so starts) a file's routes, those made from a running template included. */
    private static void add(Model model, RouteFile file) throws Exception {
        model.addRouteDefinitions(file.routes());
        for (TemplatedRouteDefinition templated : file.templatedRoutes()) {
            model.addRouteFromTemplatedRoute(templated);
        }
    }

    /** After a failed replacement: whatever of the file is left goes, and its last good version is loaded again. */
    private void restore(String name, LiveFile old, List<String> attempted, Set<String> replaced) {
        Model model = model();
        var ids = new HashSet<>(replaced);
        ids.addAll(attempted);
        try {
            model.removeRouteDefinitions(model.getRouteDefinitions().stream()
                    .filter(r -> ids.contains(r.getRouteId()))
                    .toList());
            if (old != null) {
                add(model, check.parse(location(name), old.content()));
            }
        } catch (Exception e) {
            log.error("The previous routes of {} could not be restored: {}", name, replaced, e);
        }
    }

    private Outcome refuse(String name, String message) {
        Problem before = problems.put(name, new Problem(name, message, clock.instant()));
        if (before == null || !before.message().equals(message)) {
            log.warn("Route file {} not taken, the running routes stay as they are:\n{}", name, message);
        }
        return Outcome.REFUSED;
    }

    /** Every route file: the ones that run, and the ones refused (a new file whose first version failed). */
    public List<RouteFileStatus> files() {
        var names = new TreeSet<String>(live.keySet());
        names.addAll(problems.keySet());
        var files = new ArrayList<RouteFileStatus>();
        for (String name : names) {
            LiveFile running = live.get(name);
            files.add(new RouteFileStatus(
                    name,
                    running == null ? List.of() : running.routeIds(),
                    running == null
                            ? List.of()
                            : List.copyOf(running.templates().keySet()),
                    running == null ? null : running.loadedAt(),
                    problems.get(name),
                    running == null ? null : running.hash()));
        }
        return files;
    }

    /** The route file a running route was loaded from. */
    public Optional<String> fileOf(String routeId) {
        return live.entrySet().stream()
                .filter(e -> e.getValue().routeIds().contains(routeId))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The source a route feeds: the constant it sets the {@code certhubSource} header to (for a route made from a
     * template, with the template's parameters: {@code constant: "{{source}}"}), or else the name of its file when a
     * mapping of that name exists ({@code exam-system.yaml} for source {@code exam-system}).
     */
    public Optional<String> sourceOf(String routeId, Set<String> mappedSources) {
        Optional<String> file = fileOf(routeId);
        if (file.isEmpty()) {
            // a route of no route file: the header as written
            return Optional.ofNullable(model().getRouteDefinition(routeId)).flatMap(RouteReloader::sourceHeader);
        }
        Optional<String> header =
                Optional.ofNullable(live.get(file.get())).map(f -> f.sources().get(routeId));
        if (header.isPresent()) {
            return header;
        }
        return file.map(f -> f.substring(0, f.length() - ".yaml".length())).filter(mappedSources::contains);
    }

    /** The source each of the routes feeds by its {@code certhubSource} header, placeholders resolved. */
    private Map<String, String> sources(List<String> routeIds) {
        var sources = new HashMap<String, String>();
        for (String id : routeIds) {
            RouteDefinition route = model().getRouteDefinition(id);
            if (route == null) {
                continue;
            }
            sourceHeader(route).ifPresent(constant -> {
                try {
                    sources.put(id, check.resolve(route, constant));
                } catch (RuntimeException e) {
                    log.warn("The source of route {} cannot be resolved: {}", id, e.getMessage());
                }
            });
        }
        return Map.copyOf(sources);
    }

    /** The constant a route sets the {@code certhubSource} header to, as written. */
    private static Optional<String> sourceHeader(RouteDefinition route) {
        for (Object step : RouteFileCheck.steps(route)) {
            if (step instanceof SetHeaderDefinition h
                    && SOURCE_HEADER.equals(h.getName())
                    && h.getExpression() != null
                    && "constant".equals(h.getExpression().getLanguage())) {
                return Optional.ofNullable(h.getExpression().getExpression());
            }
        }
        return Optional.empty();
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private String location(String name) {
        return "file:" + dir.resolve(name);
    }

    private boolean loadedFrom(RouteDefinition route, String name) {
        if (route.getResource() == null || route.getResource().getLocation() == null) {
            return false;
        }
        String location = route.getResource().getLocation();
        if (!location.startsWith("file:")) {
            return false;
        }
        return Path.of(location.substring("file:".length()))
                .toAbsolutePath()
                .normalize()
                .equals(dir.resolve(name).toAbsolutePath().normalize());
    }

    /**
     * The route files of the folder the environment sets ({@code certhub.routes.dir}), by file name, read before any
     * bean exists: what the reloader would load at start-up.
     */
    public static Map<String, String> routeFiles(Environment environment) {
        Path dir = Binder.get(environment)
                .bindOrCreate("certhub.routes", RouteSettings.class)
                .dir();
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (isRouteFile(name) && Files.isRegularFile(file)) {
                    files.put(name, Files.readString(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the route files of " + dir, e);
        }
        return files;
    }

    static boolean isRouteFile(String name) {
        return name.endsWith(".yaml") && !name.contains("/") && !name.startsWith(".");
    }
}
