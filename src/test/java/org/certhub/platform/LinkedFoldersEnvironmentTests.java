package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LinkedFoldersEnvironmentTests {

    @TempDir
    Path dir;

    @Test
    void aLinkedRoutesFolderIsReadByItsRealPathAndARealOneIsLeftAlone() throws Exception {
        Path real = Files.createDirectories(dir.resolve("etc/routes"));
        Files.writeString(real.resolve("exam-system.yaml"), "- route: {}\n");
        Path link = Files.createSymbolicLink(dir.resolve("routes"), real);
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        var environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of("certhub.routes.dir", link.toString(), "certhub.mappings.dir", mappings.toString())));

        new LinkedFoldersEnvironment().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("certhub.routes.dir"))
                .isEqualTo(real.toRealPath().toString());
        assertThat(environment.getProperty("certhub.mappings.dir")).isEqualTo(mappings.toString());
        // what Camel's pattern and the folder watch read there
        assertThat(Path.of(environment.getProperty("certhub.routes.dir")).resolve("exam-system.yaml"))
                .exists();
    }
}
