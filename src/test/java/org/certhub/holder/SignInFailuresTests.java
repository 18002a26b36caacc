package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.certhub.testing.MigratedH2;
import org.certhub.testing.MutableClock;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Failed sign-ins of an ID number and name lock the pair for a while, counted in the database every node reads. */
class SignInFailuresTests {

    private static final String PAIR =
            SignInForm.of(RawRecords.idNumber(51), "张三", "x").pairKey();
    private static final String OTHER =
            SignInForm.of(RawRecords.idNumber(51), "李四", "x").pairKey();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final JdbcClient jdbc = JdbcClient.create(MigratedH2.database());
    private final SignInFailures failures = new SignInFailures(jdbc, HolderSettingsFor.defaults(), clock);

    @Test
    void theFifthFailureWithinFifteenMinutesLocksThePairForFifteenMinutes() {
        for (int i = 0; i < 4; i++) {
            failures.failed(PAIR);
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(failures.lockedFor(PAIR)).isEmpty();

        failures.failed(PAIR);

        assertThat(failures.lockedFor(PAIR)).contains(Duration.ofMinutes(15));
        assertThat(failures.lockedFor(OTHER))
                .as("another name with the same ID number")
                .isEmpty();
        clock.advance(Duration.ofMinutes(14));
        assertThat(failures.lockedFor(PAIR)).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(failures.lockedFor(PAIR)).isEmpty();
        failures.failed(PAIR);
        assertThat(failures.lockedFor(PAIR))
                .as("counted from zero after the lockout")
                .isEmpty();
    }

    @Test
    void failuresFurtherApartThanTheWindowNeverLock() {
        for (int i = 0; i < 12; i++) {
            failures.failed(PAIR);
            clock.advance(Duration.ofMinutes(4));
            if (i % 4 == 3) {
                clock.advance(Duration.ofMinutes(16));
            }
        }
        assertThat(failures.lockedFor(PAIR)).isEmpty();
    }

    @Test
    void aSuccessForgetsTheFailuresButNotALockout() {
        for (int i = 0; i < 4; i++) {
            failures.failed(PAIR);
        }
        failures.succeeded(PAIR);
        failures.failed(PAIR);
        assertThat(failures.lockedFor(PAIR)).isEmpty();

        for (int i = 0; i < 4; i++) {
            failures.failed(PAIR);
        }
        assertThat(failures.lockedFor(PAIR)).isPresent();
        failures.succeeded(PAIR);
        assertThat(failures.lockedFor(PAIR)).isPresent();
    }

    @Test
    void thePurgeForgetsPairsNeitherLockedNorFailedRecently() {
        failures.failed(OTHER);
        for (int i = 0; i < 5; i++) {
            failures.failed(PAIR);
        }
        clock.advance(Duration.ofMinutes(16));

        assertThat(failures.purge()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from holder_sign_in_failure")
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
