package org.certhub.sealing.ltv;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code certhub.mode} as the TSA and certificate-link checks read it. In {@code demo} (the quick start) the demo
 * TSA's root is trusted and the demo PKI's CRL and TSA on this machine may be fetched; in {@code production} the TSA
 * URL must be {@code https} and nothing is trusted or fetched that the configuration does not name.
 *
 * @param mode demo or production
 */
@ConfigurationProperties("certhub")
@Validated
public record ModeSettings(@NotNull @DefaultValue("demo") Mode mode) {

    /** How the hub is run. */
    public enum Mode {
        DEMO,
        PRODUCTION
    }

    public boolean production() {
        return mode == Mode.PRODUCTION;
    }
}
