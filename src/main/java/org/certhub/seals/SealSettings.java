package org.certhub.seals;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the seal registry reads its seals from ({@code certhub.seals.*}), and what their keys may load.
 *
 * @param file             the seals and their keys (PKCS#12 or PKCS#11/HSM), read at start-up; a missing or empty
 *                         file leaves the demo seal only
 * @param pkcs11Libraries the PKCS#11 libraries a seal's key may load (its {@code library}), as absolute paths; a
 *                         seal that names another one is refused, in config/seals.yaml as through the API. By
 *                         default SoftHSM2's library as Debian installs it
 */
@ConfigurationProperties("certhub.seals")
@Validated
record SealSettings(
        @NotNull @DefaultValue("config/seals.yaml") Path file,

        @NotNull @DefaultValue("/usr/lib/softhsm/libsofthsm2.so")
        List<Path> pkcs11Libraries) {}
