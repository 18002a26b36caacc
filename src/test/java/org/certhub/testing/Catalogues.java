package org.certhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.certhub.catalog.Catalogue;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Catalogues for tests: the shipped one ({@code config/catalog}), or a copy with a policy changed. */
public final class Catalogues {

    private static final Catalogue SHIPPED = Catalogue.load(Path.of("config/catalog"));

    private Catalogues() {}

    public static Catalogue shipped() {
        return SHIPPED;
    }

    /** A copy of the shipped catalogue, written to {@code dir}, in which a sealer must approve the types' versions. */
    public static Catalogue withManualSealing(Path dir, String... typeCodes) {
        var manual = Set.of(typeCodes);
        var yaml = YAMLMapper.builder().build();
        try (Stream<Path> files = Files.list(Path.of("config/catalog"))) {
            Files.createDirectories(dir);
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                var type = (ObjectNode) yaml.readTree(file.toFile());
                if (manual.contains(type.get("code").asString())) {
                    type.withObjectProperty("sealing").put("manual", true);
                }
                yaml.writeValue(dir.resolve(file.getFileName()).toFile(), type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Catalogue.load(dir);
    }
}
