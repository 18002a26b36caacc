package org.certhub.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;
import org.certhub.catalog.FieldType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every source's mapping, loaded from {@code mappings/} and checked against the catalogue. The hub's instance is
 * live: an edit of the folder that passes its checks {@linkplain #replaceWith replaces} the whole set at once, so a
 * reader sees either the old set or the new one, never a mix.
 */
public final class Mappings {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** One loaded set: each source's mapping and the file it came from. */
    private record Snapshot(Map<String, SourceMapping> bySource, Map<String, Path> files) {}

    private volatile Snapshot live;

    private Mappings(Map<String, SourceMapping> bySource, Map<String, Path> files) {
        // insertion order (by file name) is kept for all()
        this.live =
                new Snapshot(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bySource)), Map.copyOf(files));
    }

    public static Mappings load(Path dir, Catalogue catalogue) {
        var map = new LinkedHashMap<String, SourceMapping>();
        var files = new LinkedHashMap<String, Path>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file :
                    list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                SourceMapping m = loadFile(file, catalogue);
                if (map.putIfAbsent(m.source(), m) != null) {
                    throw new InvalidMappingException(file, "source " + m.source() + " is mapped twice");
                }
                files.put(m.source(), file);
            }
        } catch (IOException e) {
            throw new InvalidMappingException(dir, "cannot read the mappings folder: " + e.getMessage());
        }
        return new Mappings(map, files);
    }

    static SourceMapping loadFile(Path file, Catalogue catalogue) {
        SourceMapping m;
        try {
            m = YAML.readValue(file.toFile(), SourceMapping.class);
        } catch (JacksonException e) {
            // a bad date pattern surfaces here, from FieldMapping's constructor
            throw new InvalidMappingException(file, e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new InvalidMappingException(file, String.valueOf(e.getMessage()));
        }
        if (m == null || m.source() == null || !m.source().matches("[a-z0-9][a-z0-9-]*")) {
            throw new InvalidMappingException(file, "source must be a lower-case id such as exam-system");
        }
        CertificateType type = catalogue
                .find(m.type())
                .orElseThrow(() -> new InvalidMappingException(file, "type " + m.type() + " is not in the catalogue"));
        if (m.version() == null) {
            throw new InvalidMappingException(file, "version is missing");
        }
        var format = m.format();
        if (format == null
                || !java.util.Set.of("csv", "xlsx", "json", "xml", "row").contains(format.kind())) {
            throw new InvalidMappingException(file, "format.kind must be csv, xlsx, json, xml or row");
        }
        if (format.tabular() && format.header().isEmpty()) {
            throw new InvalidMappingException(file, "format.header is required for " + format.kind());
        }
        if ("csv".equals(format.kind())) {
            try {
                java.nio.charset.Charset.forName(format.encoding());
            } catch (RuntimeException e) {
                throw new InvalidMappingException(
                        file, "format.encoding is not a known character set: " + format.encoding());
            }
        }
        if ("xml".equals(format.kind())
                && (format.record() == null || format.record().isBlank())) {
            throw new InvalidMappingException(file, "format.record (the element of one record) is required for xml");
        }
        checkSource(file, format, "operation", m.operation());
        m.fields().forEach((name, field) -> {
            if (type.field(name).isEmpty() && !SourceMapping.LIFECYCLE_FIELDS.contains(name)) {
                throw new InvalidMappingException(
                        file,
                        "field " + name + " is not a field of type " + type.code() + " nor one of "
                                + SourceMapping.LIFECYCLE_FIELDS);
            }
            var group = type.field(name).filter(f -> f.type() == FieldType.GROUP);
            if (group.isPresent() || field.each() != null || !field.fields().isEmpty()) {
                checkGroup(file, format, name, field, group.orElse(null));
            } else {
                checkSource(file, format, "field " + name, field);
            }
        });
        if (m.businessKey().isEmpty()) {
            throw new InvalidMappingException(file, "businessKey is missing: name the fields that identify a record");
        }
        for (String key : m.businessKey()) {
            if (!m.fields().containsKey(key) || m.fields().get(key).each() != null) {
                throw new InvalidMappingException(
                        file, "businessKey names " + key + ", which the mapping does not fill with one value");
            }
        }
        return m;
    }

    /** A group is read with {@code each} (the repeated element) and {@code fields} (its sub-fields). */
    private static void checkGroup(
            Path file,
            SourceMapping.Format format,
            String name,
            SourceMapping.FieldMapping field,
            FieldDefinition group) {
        if (group == null) {
            throw new InvalidMappingException(
                    file, "field " + name + " has each or fields, but is not a group of the type");
        }
        if (field.each() == null || field.each().isBlank() || field.fields().isEmpty()) {
            throw new InvalidMappingException(
                    file,
                    "field " + name + " is a group: map it with each (the repeated "
                            + "element) and fields (its sub-fields)");
        }
        if (format.tabular()) {
            throw new InvalidMappingException(
                    file,
                    "field " + name + ": each reads repeated elements of json or xml " + "records, not of "
                            + format.kind());
        }
        field.fields().forEach((sub, subField) -> {
            if (group.fields().stream().noneMatch(f -> f.name().equals(sub))) {
                throw new InvalidMappingException(
                        file, "field " + name + "." + sub + " is not a field of group " + name);
            }
            if (subField.each() != null) {
                throw new InvalidMappingException(file, "field " + name + "." + sub + ": groups do not nest");
            }
            checkSource(file, format, "field " + name + "." + sub, subField);
        });
    }

    private static void checkSource(
            Path file, SourceMapping.Format format, String what, SourceMapping.FieldMapping field) {
        if (field.constant() == null && (field.from() == null || field.from().isBlank())) {
            throw new InvalidMappingException(file, what + " needs from or constant");
        }
        if (field.constant() == null && format.tabular() && !format.header().contains(field.from())) {
            throw new InvalidMappingException(
                    file, what + " reads column " + field.from() + ", which is not in format.header");
        }
    }

    public Optional<SourceMapping> forSource(String source) {
        return Optional.ofNullable(live.bySource().get(source));
    }

    public Collection<SourceMapping> all() {
        return live.bySource().values();
    }

    /** The file the source's live mapping was loaded from. */
    public Optional<Path> fileOf(String source) {
        return Optional.ofNullable(live.files().get(source));
    }

    /**
     * Makes the mappings of {@code loaded} (a set fresh from {@link #load}, already checked) the live ones, in one
     * step. Records being mapped at that moment finish with whichever version they started with; each stores the
     * version that mapped it.
     */
    public void replaceWith(Mappings loaded) {
        this.live = loaded.live;
    }
}
