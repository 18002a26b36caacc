package org.certhub.reload;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.certhub.catalog.Catalogue;
import org.certhub.intake.DryRun;
import org.certhub.intake.MappingSamples;
import org.certhub.mapping.InvalidMappingException;
import org.certhub.mapping.MappingSettings;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.SourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Takes edits of {@code mappings/} (mapping files and their samples) while the hub runs. The whole folder is loaded
 * and checked against the catalogue, and every mapping that changed must pass all its samples and carry a new
 * version; only then does the new set replace the live one, at once. Otherwise the live mappings stay and the
 * problems are kept for {@code GET /api/v1/routes} until the next edit.
 */
@Component
public class MappingReloader {

    /**
     * A source's live mapping.
     *
     * @param loadedAt when this version went live (start-up, or the reload that took it)
     * @param problems why the folder's current content for this source was not taken; empty when it was
     */
    public record MappingStatus(String source, String version, String file, Instant loadedAt, List<Problem> problems) {}

    private static final Logger log = LoggerFactory.getLogger(MappingReloader.class);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final int MAX_MESSAGE = 4000;

    private final Mappings mappings;
    private final Catalogue catalogue;
    private final DryRun dryRun;
    private final Path dir;
    private final ReloadSettings settings;
    private final Clock clock;
    private final Map<String, JsonNode> liveTrees = new ConcurrentHashMap<>();
    private final Map<String, Instant> loadedAt = new ConcurrentHashMap<>();
    private volatile Map<String, String> liveContent = Map.of();
    private volatile List<Problem> problems = List.of();
    private FolderWatch watch;

    MappingReloader(
            Mappings mappings,
            Catalogue catalogue,
            DryRun dryRun,
            MappingSettings location,
            ReloadSettings settings,
            Clock clock) {
        this.mappings = mappings;
        this.catalogue = catalogue;
        this.dryRun = dryRun;
        this.dir = location.dir();
        this.settings = settings;
        this.clock = clock;
    }

    /** Notes the folder's content and the mappings loaded at start-up as what runs. */
    void start() {
        watch = new FolderWatch(dir, MappingReloader::isMappingFile, settings.quietPeriod(), clock);
        liveContent = watch.snapshot();
        Instant now = clock.instant();
        for (SourceMapping m : mappings.all()) {
            mappings.fileOf(m.source()).ifPresent(file -> liveTrees.put(m.source(), tree(file)));
            loadedAt.put(m.source(), now);
        }
    }

    /** Takes the folder's edits once it has been quiet; called by the watch's schedule. */
    void check() {
        if (watch == null) {
            return;
        }
        watch.poll().ifPresent(content -> {
            reload(content);
            watch.handled(content);
        });
    }

    private void reload(Map<String, String> content) {
        Instant now = clock.instant();
        Mappings candidate;
        try {
            candidate = Mappings.load(dir, catalogue);
        } catch (InvalidMappingException e) {
            refuse(List.of(new Problem(relative(e.file()), e.problem(), now)));
            return;
        }
        var found = new ArrayList<Problem>();
        var changed = new ArrayList<String>();
        var trees = new HashMap<String, JsonNode>();
        for (SourceMapping m : candidate.all()) {
            Path file = candidate.fileOf(m.source()).orElseThrow();
            String name = relative(file);
            JsonNode tree = tree(file);
            trees.put(m.source(), tree);
            boolean mappingChanged = !tree.equals(liveTrees.get(m.source()))
                    || !mappings.fileOf(m.source())
                            .map(this::relative)
                            .orElse("")
                            .equals(name);
            if (!mappingChanged && !samplesChanged(m.source(), content)) {
                continue;
            }
            changed.add(m.source());
            SourceMapping running = mappings.forSource(m.source()).orElse(null);
            if (mappingChanged
                    && running != null
                    && Objects.equals(running.version(), m.version())
                    && !tree.equals(liveTrees.get(m.source()))) {
                found.add(new Problem(
                        name,
                        "映射已修改但版本号仍为 " + m.version() + "，请提高 version (the mapping changed but "
                                + "its version is still " + m.version()
                                + ": raise it, every record keeps the version that "
                                + "mapped it)",
                        now));
            }
            Path samples = MappingSamples.folder(dir, m.source());
            if (MappingSamples.inputs(samples).isEmpty()) {
                found.add(new Problem(
                        name,
                        "映射没有样例 (the mapping has no samples in " + relative(samples)
                                + "/: a mapping goes live only with samples that pass)",
                        now));
            }
            for (MappingSamples.Failure f : MappingSamples.check(dryRun, m, samples)) {
                found.add(new Problem(
                        relative(f.sample()),
                        "样例不通过 (the sample does not pass with the edited " + "mapping): " + shorten(f.problem()),
                        now));
            }
        }
        if (!found.isEmpty()) {
            refuse(found);
            return;
        }
        var removed = mappings.all().stream()
                .map(SourceMapping::source)
                .filter(s -> candidate.forSource(s).isEmpty())
                .toList();
        mappings.replaceWith(candidate);
        liveContent = content;
        liveTrees.clear();
        liveTrees.putAll(trees);
        changed.forEach(source -> loadedAt.put(source, now));
        removed.forEach(loadedAt::remove);
        problems = List.of();
        for (String source : changed) {
            log.info(
                    "Mapping of {} reloaded: version {} ({})",
                    source,
                    candidate.forSource(source).map(SourceMapping::version).orElse("?"),
                    candidate.fileOf(source).map(this::relative).orElse("?"));
        }
        removed.forEach(source -> log.warn(
                "Mapping of {} removed: its records are rejected (no-mapping) until a " + "mapping for it is added",
                source));
    }

    private boolean samplesChanged(String source, Map<String, String> content) {
        String prefix = "samples/" + source + "/";
        var now = new HashMap<String, String>();
        var before = new HashMap<String, String>();
        content.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                now.put(k, v);
            }
        });
        liveContent.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                before.put(k, v);
            }
        });
        return !now.equals(before);
    }

    private void refuse(List<Problem> found) {
        problems = List.copyOf(found);
        var text = new StringBuilder();
        found.forEach(p -> text.append("\n  ").append(p.file()).append(": ").append(p.message()));
        log.warn("Mappings not taken, the live mappings stay as they are:{}", text);
    }

    /** Each source's live mapping, with the problems of the folder's current content that concern it. */
    public List<MappingStatus> status() {
        var status = new ArrayList<MappingStatus>();
        List<Problem> current = problems;
        for (SourceMapping m : mappings.all()) {
            String file = mappings.fileOf(m.source()).map(this::relative).orElse(null);
            String samples = "samples/" + m.source() + "/";
            status.add(new MappingStatus(
                    m.source(),
                    m.version(),
                    file,
                    loadedAt.get(m.source()),
                    current.stream()
                            .filter(p -> p.file().equals(file) || p.file().startsWith(samples))
                            .toList()));
        }
        return status;
    }

    /** Why the folder's current content was not taken; empty when it runs as it is. */
    public List<Problem> problems() {
        return problems;
    }

    private String relative(Path file) {
        Path base = dir.toAbsolutePath().normalize();
        Path path = file.toAbsolutePath().normalize();
        if (path.equals(base) || !path.startsWith(base)) {
            return file.toString();
        }
        return base.relativize(path).toString().replace('\\', '/');
    }

    private static JsonNode tree(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            // Mappings.load read it a moment ago: it is being written again, and the next scan sees that
            return YAML.missingNode();
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + " …";
    }

    static boolean isMappingFile(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        if (file.startsWith(".") || file.endsWith("~")) {
            return false;
        }
        return name.contains("/") ? name.startsWith("samples/") : name.endsWith(".yaml");
    }
}
