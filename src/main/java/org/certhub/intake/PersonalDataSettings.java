package org.certhub.intake;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the hub keeps personal data it no longer needs ({@code certhub.personal-data.*}).
 *
 * @param rawRetention  how long after a record was issued (or found a duplicate, or discarded) its raw payload is
 *                      kept; then {@link RawPayloadPurge} removes it
 * @param purgeInterval how often the purge job runs
 */
@ConfigurationProperties("certhub.personal-data")
@Validated
public record PersonalDataSettings(
        @NotNull @DefaultValue("180d") Duration rawRetention,
        @NotNull @DefaultValue("6h") Duration purgeInterval) {

    public PersonalDataSettings {
        if (rawRetention != null && rawRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "certhub.personal-data.raw-retention must not be negative: " + rawRetention);
        }
        if (purgeInterval != null && (purgeInterval.isZero() || purgeInterval.isNegative())) {
            throw new IllegalArgumentException(
                    "certhub.personal-data.purge-interval must be positive: " + purgeInterval);
        }
    }
}
