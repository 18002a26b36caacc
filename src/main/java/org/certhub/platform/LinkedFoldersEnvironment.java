package org.certhub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The route and mapping folders by their real path when they are symbolic links ({@code routes -> /etc/certhub/routes},
 * as deployments often lay them out). Camel's {@code file:routes/*.yaml} pattern and the hub's folder watches walk a
 * folder without following a link at its top, so a linked folder was read as empty: the hub started with no route
 * and said nothing.
 */
class LinkedFoldersEnvironment implements EnvironmentPostProcessor {

    /** The folder settings, with their defaults. */
    static final Map<String, String> FOLDERS =
            Map.of("certhub.routes.dir", "routes", "certhub.mappings.dir", "mappings");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var resolved = new HashMap<String, Object>();
        FOLDERS.forEach((key, fallback) -> {
            String value = environment.getProperty(key, fallback);
            try {
                Path folder = Path.of(value);
                if (Files.isSymbolicLink(folder) && Files.isDirectory(folder)) {
                    resolved.put(key, folder.toRealPath().toString());
                }
            } catch (InvalidPathException | IOException e) {
                // left as it is: the folder's own checks say what is wrong with it
            }
        });
        if (!resolved.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("certhubLinkedFolders", resolved));
        }
    }
}
