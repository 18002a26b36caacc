package org.certhub.seals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code config/seals.yaml}: the default seal's id (PDF), the default SM2 seal's id (OFD) and the seals with their
 * keys. A missing file means the demo seal
 * only.
 */
record SealsFile(String defaultSeal, String defaultOfdSeal, List<SealDefinition> seals) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @SuppressWarnings("unchecked")
    static SealsFile load(Path file) {
        if (!Files.exists(file)) {
            return new SealsFile(null, null, List.of());
        }
        try {
            // a file of comments only (as shipped, with every example commented out) defines no seal
            boolean onlyComments = Files.readAllLines(file).stream()
                    .map(String::strip)
                    .allMatch(line -> line.isEmpty() || line.startsWith("#"));
            Map<String, Object> root = onlyComments ? null : YAML.readValue(file.toFile(), Map.class);
            if (root == null) {
                return new SealsFile(null, null, List.of());
            }
            var seals = new ArrayList<SealDefinition>();
            Object list = root.get("seals");
            if (list != null && !(list instanceof List<?>)) {
                throw new IllegalArgumentException("'seals' must be a list");
            }
            for (Object item : list == null ? List.of() : (List<?>) list) {
                if (!(item instanceof Map<?, ?> settings)) {
                    throw new IllegalArgumentException("each item of 'seals' must be a seal with id, name and key");
                }
                seals.add(SealDefinition.of((Map<String, ?>) settings));
            }
            Object defaultSeal = root.get("default");
            Object defaultOfdSeal = root.get("default-ofd");
            return new SealsFile(
                    defaultSeal == null ? null : defaultSeal.toString(),
                    defaultOfdSeal == null ? null : defaultOfdSeal.toString(),
                    List.copyOf(seals));
        } catch (JacksonException | IllegalArgumentException | java.io.IOException e) {
            throw new IllegalStateException("Cannot load the seals of " + file + ": " + e.getMessage(), e);
        }
    }
}
