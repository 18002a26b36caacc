package org.certhub.seals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealsFileTests {

    @TempDir
    Path dir;

    @Test
    void aFileOfCommentsOnlyDefinesNoSealAsAMissingFileDoes() throws Exception {
        Path comments =
                Files.writeString(dir.resolve("seals.yaml"), "# every example commented out\n\n  # seals: []\n");

        SealsFile file = SealsFile.load(comments);

        assertThat(file.seals()).isEmpty();
        assertThat(SealsFile.load(dir.resolve("missing.yaml")).seals()).isEmpty();
    }

    @Test
    void theShippedFileDefinesNoSealAndNamesTheDemoSealTheDefault() {
        SealsFile file = SealsFile.load(Path.of("config/seals.yaml"));

        assertThat(file.seals()).isEmpty();
        assertThat(file.defaultSeal()).isEqualTo("demo");
    }
}
