package org.certhub.seals;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the seal registry reads its seals from ({@code certhub.seals.*}).
 *
 * @param file the seals and their keys (PKCS#12 or PKCS#11/HSM), read at start-up; a missing or empty file leaves
 *             the demo seal only
 */
@ConfigurationProperties("certhub.seals")
@Validated
record SealSettings(
        @NotNull @DefaultValue("config/seals.yaml") Path file) {}
