package org.certhub.sealing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The B-LTA archive re-timestamping job ({@code certhub.archive.*}).
 *
 * @param renewBefore  a file is re-timestamped once its newest timestamp's TSA certificate expires within this window
 * @param batchSize    files extended per run at most; the rest wait for the next run
 * @param cron         when the job runs (Spring cron; {@code -} turns the schedule off, the admin API still runs it)
 * @param recheckAfter a file just extended is looked at again after this at the earliest, even if its new timestamp
 *                     still expires within the window (the TSA's certificate was not renewed: the log says so)
 */
@ConfigurationProperties("certhub.archive")
public record ArchiveSettings(
        @DefaultValue("P90D") Duration renewBefore,
        @DefaultValue("100") int batchSize,
        @DefaultValue("0 30 2 * * *") String cron,
        @DefaultValue("P1D") Duration recheckAfter) {

    public ArchiveSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("certhub.archive.batch-size must be at least 1: " + batchSize);
        }
    }
}
