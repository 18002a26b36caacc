package org.certhub.mapping;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the mappings are read from ({@code certhub.mappings.*}).
 *
 * @param dir the folder of per-source mappings, one YAML file each; read at start-up and, while the hub runs,
 *            whenever it changes (certhub.reload.*)
 */
@ConfigurationProperties("certhub.mappings")
@Validated
public record MappingSettings(
        @NotNull @DefaultValue("mappings") Path dir) {}
