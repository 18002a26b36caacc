package org.certhub.sealing.ltv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.certhub.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The breaker in front of the TSA, on a clock the test moves. */
class CircuitBreakerTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(1), clock);

    @Test
    void itOpensAfterTheThresholdOfFailuresInARowAndRefusesNamingTheLastFailure() {
        for (int i = 1; i <= 2; i++) {
            assertThat(breaker.refusal()).isNull();
            assertThat(breaker.failed("HTTP 503")).isFalse();
        }
        assertThat(breaker.refusal()).isNull();
        assertThat(breaker.failed("HttpTimeoutException"))
                .as("the third in a row opens it")
                .isTrue();

        assertThat(breaker.open()).isTrue();
        assertThat(breaker.refusal())
                .isEqualTo("3 attempts in a row failed (the last: HttpTimeoutException); not asked again before "
                        + "2026-12-07T08:01:00Z");
    }

    @Test
    void anAnswerBetweenFailuresStartsTheCountAgain() {
        breaker.refusal();
        breaker.failed("HTTP 503");
        breaker.refusal();
        breaker.failed("HTTP 503");
        breaker.refusal();
        breaker.succeeded();
        breaker.refusal();
        assertThat(breaker.failed("HTTP 503")).isFalse();
        breaker.refusal();
        assertThat(breaker.failed("HTTP 503")).isFalse();
        assertThat(breaker.open()).isFalse();
    }

    @Test
    void afterOpenForOneTrialGoesOutAndItsAnswerClosesTheBreaker() {
        openIt();
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.refusal()).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.refusal()).as("the trial").isNull();
        assertThat(breaker.refusal()).as("others wait for the trial").isNotNull();
        breaker.succeeded();

        assertThat(breaker.open()).isFalse();
        assertThat(breaker.refusal()).isNull();
    }

    @Test
    void aFailedTrialOpensItAgainAtOnce() {
        openIt();
        clock.advance(Duration.ofMinutes(1));
        assertThat(breaker.refusal()).isNull();
        assertThat(breaker.failed("HTTP 503")).as("one failed trial suffices").isTrue();

        assertThat(breaker.refusal()).endsWith("not asked again before 2026-12-07T08:02:00Z");
    }

    @Test
    void anAbandonedTrialLetsTheNextCallerTry() {
        openIt();
        clock.advance(Duration.ofMinutes(1));
        assertThat(breaker.refusal()).isNull();
        breaker.abandoned();

        assertThat(breaker.refusal()).isNull();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            breaker.refusal();
            breaker.failed("HTTP 503");
        }
        assertThat(breaker.open()).isTrue();
    }
}
