package org.certhub.sealing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * The B-LTA archive re-timestamping job ({@code certhub.archive.*}).
 *
 * @param renewBefore  a file is re-timestamped once its newest timestamp's TSA certificate expires within this window
 * @param batchSize    files extended per run at most; the rest wait for the next run
 * @param cron         when the job runs (Spring cron; "-" turns the schedule off, the admin API still runs it)
 * @param recheckAfter a file just extended is looked at again after this at the earliest, even if its new timestamp
 *                     still expires within the window (the TSA's certificate was not renewed: the log says so)
 * @param timeout      a run longer than this is interrupted (a TSA that never answers); what it did not reach waits for
 *                     the next run
 */
@ConfigurationProperties("certhub.archive")
@Validated
public record ArchiveSettings(
        @NotNull @DurationMin @DefaultValue("P90D") Duration renewBefore,
        @Min(1) @DefaultValue("100") int batchSize,
        @NotNull @DefaultValue("0 30 2 * * *") String cron,
        @NotNull @DurationMin @DefaultValue("P1D") Duration recheckAfter,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT2H")
        Duration timeout) {

    public ArchiveSettings {
        if (cron != null
                && !cron.equals(ScheduledTaskRegistrar.CRON_DISABLED)
                && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("certhub.archive.cron is neither a Spring cron expression (second "
                    + "minute hour day month weekday) nor '-': " + cron);
        }
    }
}
