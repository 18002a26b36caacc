package org.certhub.intake;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code intake}: DOWN, with the reason, while the {@link IntakeGate} takes no
 * dropped file (the database does not answer, or the disk is almost full).
 */
@Component("intakeHealthIndicator")
class IntakeHealth implements HealthIndicator {

    private final IntakeGate gate;

    IntakeHealth(IntakeGate gate) {
        this.gate = gate;
    }

    @Override
    public Health health() {
        String reason = gate.closedBecause();
        return reason == null
                ? Health.up().build()
                : Health.down().withDetail("paused", reason).build();
    }
}
