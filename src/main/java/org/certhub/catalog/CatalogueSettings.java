package org.certhub.catalog;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the catalogue is read from ({@code certhub.catalog.*}).
 *
 * @param dir the folder of certificate types, one YAML file each; read at start-up
 */
@ConfigurationProperties("certhub.catalog")
@Validated
record CatalogueSettings(
        @NotNull @DefaultValue("config/catalog") Path dir) {}
