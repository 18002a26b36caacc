package org.certhub.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The hub's clock in Shanghai, starting just after midnight, moved on by the test that holds it. */
public final class MovingClock extends Clock {

    private volatile Instant now = InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT.instant();

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("Asia/Shanghai");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
