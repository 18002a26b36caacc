package org.certhub.issuance;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sweeper that re-drives work a crash left half-done ({@code certhub.sweeper.*}).
 *
 * @param staleAfter   work untouched this long (a raw record never mapped, a version never sealed or published) is
 *                     re-driven; zero takes everything waiting for stale
 * @param interval     pause between the end of one sweep and the start of the next
 * @param initialDelay pause between start-up and the first sweep
 */
@ConfigurationProperties("certhub.sweeper")
@Validated
record SweeperSettings(
        @NotNull @DurationMin @DefaultValue("PT2M") Duration staleAfter,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT30S")
        Duration interval,

        @NotNull @DurationMin @DefaultValue("PT10S") Duration initialDelay) {}
