package org.certhub.issuance;

import java.util.List;
import org.certhub.licence.LicenceLibrary;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code pipeline}: versions and status changes that failed for good, and messages
 * in the dead-letter queues, with a warning while there are any. Stays UP: the rest of the pipeline works, and each
 * of them waits for an operator ({@code GET /api/v1/pipeline}, then a re-drive). DOWN, with the error, only while the
 * counts cannot be read (the database is down): the health still answers then.
 */
@Component("pipelineHealthIndicator")
class PipelineHealth extends AbstractHealthIndicator {

    private final LicenceLibrary library;
    private final DeadLetters deadLetters;

    PipelineHealth(LicenceLibrary library, DeadLetters deadLetters) {
        super("the pipeline's failed work cannot be counted");
        this.library = library;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        long failedVersions = library.countFailed();
        long failedStatusChanges = library.countFailedStatusChanges();
        var dead = deadLetters.counts();
        long deadTotal = dead.values().stream().mapToLong(Integer::longValue).sum();
        health.up()
                .withDetail("failedVersions", failedVersions)
                .withDetail("failedStatusChanges", failedStatusChanges)
                .withDetail("deadLetters", dead);
        if (failedVersions + failedStatusChanges + deadTotal > 0) {
            health.withDetail(
                    "warnings",
                    List.of(failedVersions + " versions and " + failedStatusChanges
                            + " status changes failed for good, " + deadTotal
                            + " messages in dead-letter queues: see GET /api/v1/pipeline and re-drive them once the "
                            + "cause is fixed"));
        }
    }
}
