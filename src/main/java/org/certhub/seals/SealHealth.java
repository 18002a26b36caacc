package org.certhub.seals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code seals}: each seal's certificate expiry, with a warning for any that
 * expires within 30 days or has expired. Stays UP even then: the public verification pages and intake still work,
 * and sealing with an expired certificate is refused per licence (it waits and is retried after a rotation).
 */
@Component("sealsHealthIndicator")
class SealHealth implements HealthIndicator {

    private final Seals seals;

    SealHealth(Seals seals) {
        this.seals = seals;
    }

    @Override
    public Health health() {
        var warnings = new ArrayList<String>();
        var details = new LinkedHashMap<String, Object>();
        for (Seals.Registered seal : seals.all()) {
            long days = seals.daysLeft(seal);
            var notAfter = seal.certificate().getNotAfter().toInstant();
            String id = seal.definition().id();
            details.put(
                    id,
                    new LinkedHashMap<>(java.util.Map.of(
                            "notAfter", notAfter.toString(), "daysLeft", days, "keyVersion", seal.keyVersion())));
            if (notAfter.isBefore(seals.now())) {
                warnings.add("seal '" + id + "': certificate expired on " + notAfter + "; nothing is sealed with it");
            } else if (days < Seals.EXPIRY_WARNING.toDays()) {
                warnings.add("seal '" + id + "': certificate expires in " + days + " days (" + notAfter
                        + "); rotate its key");
            }
        }
        Health.Builder health = Health.up();
        if (!warnings.isEmpty()) {
            health.withDetail("warnings", warnings);
        }
        return health.withDetails(details).build();
    }
}
