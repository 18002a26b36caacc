package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import org.certhub.testing.MovingClock;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Each key and each client address has its own rate (a token bucket on the hub's clock) and its own concurrency. */
class RequestLimitsTests {

    /** Settings with the given limits for keys and addresses, the rest at their defaults. */
    static RestChannelSettings settings(
            int keyConcurrent,
            int keyPerMinute,
            int keyBurst,
            int addressConcurrent,
            int addressPerMinute,
            int addressBurst) {
        return new RestChannelSettings(
                DataSize.ofMegabytes(16),
                DataSize.ofKilobytes(256),
                Duration.ofMinutes(5),
                LocalDate.of(2027, 6, 30),
                keyConcurrent,
                keyPerMinute,
                keyBurst,
                addressConcurrent,
                addressPerMinute,
                addressBurst,
                Duration.ofHours(24),
                Duration.ofMinutes(10),
                Duration.ofMinutes(1));
    }

    private final MovingClock clock = new MovingClock();

    @Test
    void aKeyGetsItsBurstThen429WithRetryAfterUntilTheBucketRefills() {
        // 60 a minute: one more each second once the burst of 5 is spent
        var limits = new RequestLimits(settings(100, 60, 5, 100, 1000, 1000), clock);
        for (int i = 0; i < 5; i++) {
            limits.enterKey("tc").close();
        }
        assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOfSatisfying(RestProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(429);
            assertThat(p.name()).isEqualTo("too-many-requests");
            assertThat(p.response("/x").getHeaders().getFirst("Retry-After")).isEqualTo("1");
        });
        // another key has its own bucket
        limits.enterKey("exam").close();

        clock.advance(Duration.ofSeconds(1));
        limits.enterKey("tc").close();
        assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOf(RestProblem.class);
    }

    @Test
    void retryAfterSaysWhenTheNextRequestWillPass() {
        // 2 a minute: the next token 30 s after the burst is spent
        var limits = new RequestLimits(settings(100, 1000, 1000, 100, 2, 1), clock);
        limits.enterAddress("203.0.113.7").close();
        assertThatThrownBy(() -> limits.enterAddress("203.0.113.7"))
                .isInstanceOfSatisfying(
                        RestProblem.class,
                        p -> assertThat(p.response("/x").getHeaders().getFirst("Retry-After"))
                                .isEqualTo("30"));
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> limits.enterAddress("203.0.113.7"))
                .isInstanceOfSatisfying(
                        RestProblem.class,
                        p -> assertThat(p.response("/x").getHeaders().getFirst("Retry-After"))
                                .isEqualTo("1"));
        clock.advance(Duration.ofSeconds(1));
        limits.enterAddress("203.0.113.7").close();
        // another address was never limited
        limits.enterAddress("198.51.100.1").close();
    }

    @Test
    void anAddressMayHaveOnlySoManyRequestsInTheChannelAtOnce() {
        var limits = new RequestLimits(settings(100, 1000, 1000, 3, 1000, 1000), clock);
        var held = new ArrayList<RequestLimits.Permit>();
        for (int i = 0; i < 3; i++) {
            held.add(limits.enterAddress("203.0.113.7"));
        }
        assertThatThrownBy(() -> limits.enterAddress("203.0.113.7")).isInstanceOfSatisfying(RestProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(429);
            assertThat(p.response("/x").getHeaders().getFirst("Retry-After")).isEqualTo("1");
        });
        limits.enterAddress("198.51.100.1").close();

        held.remove(0).close();
        held.add(limits.enterAddress("203.0.113.7"));
        held.forEach(RequestLimits.Permit::close);
    }

    @Test
    void aKeyMayHaveOnlySoManyRequestsInTheChannelAtOnceAndAPermitIsGivenBackOnce() {
        var limits = new RequestLimits(settings(2, 1000, 1000, 100, 1000, 1000), clock);
        var first = limits.enterKey("tc");
        var second = limits.enterKey("tc");
        assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOf(RestProblem.class);
        first.close();
        first.close();
        var third = limits.enterKey("tc");
        assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOf(RestProblem.class);
        second.close();
        third.close();
    }

    @Test
    void aRequestRefusedForConcurrencyTakesNoToken() {
        var limits = new RequestLimits(settings(1, 60, 2, 100, 1000, 1000), clock);
        var held = limits.enterKey("tc");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOf(RestProblem.class);
        }
        held.close();
        // the burst of 2 had one token taken, by the request that held the place
        limits.enterKey("tc").close();
        assertThatThrownBy(() -> limits.enterKey("tc")).isInstanceOf(RestProblem.class);
    }
}
