package org.certhub.reload;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Camel routes are read from ({@code certhub.routes.*}).
 *
 * @param dir the folder of Camel YAML DSL routes; loaded at start-up, and edits are taken while the hub runs
 *            (certhub.reload.*)
 */
@ConfigurationProperties("certhub.routes")
@Validated
record RouteSettings(@NotNull @DefaultValue("routes") Path dir) {}
