package org.certhub.platform;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the hub runs ({@code certhub.mode}, {@code CERTHUB_MODE}): the one place of its default.
 *
 * @param mode demo (the quick start) or production
 */
@ConfigurationProperties("certhub")
@Validated
public record ModeSettings(@NotNull @DefaultValue("demo") Mode mode) {

    public boolean production() {
        return mode == Mode.PRODUCTION;
    }
}
