package org.certhub.platform;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the hub keeps its state on disk.
 *
 * @param data   database, broker journal, keys and signed files of the embedded default
 * @param inbox  one folder per file-drop source
 * @param outbox what the demo publication target writes
 */
@ConfigurationProperties("certhub.paths")
@Validated
public record CerthubPaths(
        @NotNull @DefaultValue("data") Path data,
        @NotNull @DefaultValue("inbox") Path inbox,
        @NotNull @DefaultValue("outbox") Path outbox) {

    public Path keys() {
        return data.resolve("keys");
    }

    public Path files() {
        return data.resolve("files");
    }
}
