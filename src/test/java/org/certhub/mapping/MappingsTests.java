package org.certhub.mapping;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.certhub.catalog.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken mapping stops the hub with the file and the problem, instead of mapping records wrongly. */
class MappingsTests {

    private static final Catalogue CATALOGUE = Catalogue.load(Path.of("config/catalog"));

    private static void write(Path dir, String from, String to) throws IOException {
        String shipped = Files.readString(Path.of("mappings/exam-system.yaml"));
        Files.writeString(dir.resolve("exam-system.yaml"), shipped.replace(from, to));
    }

    @Test
    void aColumnMissingFromTheHeader(@TempDir Path dir) throws IOException {
        write(dir, "from: 技术职称", "from: 职称");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("exam-system.yaml")
                .hasMessageContaining("职称");
    }

    @Test
    void aBadDatePattern(@TempDir Path dir) throws IOException {
        write(dir, "uuuuMMdd", "uuuuMMddq{");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("exam-system.yaml");
    }

    @Test
    void aFieldTheCatalogueDoesNotKnow(@TempDir Path dir) throws IOException {
        write(dir, "  title:\n", "  jobTitle:\n");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE)).hasMessageContaining("jobTitle");
    }

    @Test
    void anUnknownNormalization(@TempDir Path dir) throws IOException {
        write(dir, "normalize: [trim, middle-dot]", "normalize: [trim, middledot]");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE))
                .hasMessageContaining("exam-system.yaml")
                .hasMessageContaining("middledot");
    }
}
