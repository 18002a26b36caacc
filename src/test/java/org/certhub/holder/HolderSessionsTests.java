package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.certhub.platform.Sha256;
import org.certhub.testing.MigratedH2;
import org.certhub.testing.MutableClock;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sign-ins kept in the database, as any node reads them: sessions, one-time codes and their limits. */
class HolderSessionsTests {

    private static final String HOLDER = RawRecords.idNumber(41);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final JdbcClient jdbc = JdbcClient.create(MigratedH2.database());
    private final HolderSessions sessions = new HolderSessions(jdbc, HolderSettingsFor.defaults(), clock);

    @Test
    void aSessionHoldsTheHoldersIdNumberAndEndsAfterFifteenIdleMinutes() {
        String id = sessions.signIn(HOLDER);

        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.signedIn(id)).contains(HOLDER);
        clock.advance(Duration.ofMinutes(14)); // 14 minutes after the last request
        assertThat(sessions.signedIn(id)).contains(HOLDER);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(sessions.signedIn(id)).isEmpty();
    }

    @Test
    void aSessionEndsAfterTwoHoursHoweverBusy() {
        String id = sessions.signIn(HOLDER);
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(sessions.signedIn(id)).contains(HOLDER);
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.signedIn(id)).isEmpty();
    }

    @Test
    void theTableKeepsNeitherTheIdNorTheCode() {
        String code = HolderSessions.newCode();
        String id = sessions.codeSent(HOLDER, code);

        var row = jdbc.sql("select id_hash, code_hash from holder_session")
                .query()
                .singleRow();
        assertThat(row.get("id_hash")).isEqualTo(Sha256.hex(id)).isNotEqualTo(id);
        assertThat((String) row.get("code_hash")).isNotEqualTo(Sha256.hex(code)).doesNotContain(code);
        assertThat(code).matches("[0-9]{6}");
        assertThat(id).hasSize(43);
    }

    @Test
    void theRightCodeSignsInUnderANewIdOnce() {
        String code = HolderSessions.newCode();
        String waiting = sessions.codeSent(HOLDER, code);
        assertThat(sessions.signedIn(waiting))
                .as("waiting for a code is not signed in")
                .isEmpty();

        var confirmation = sessions.confirm(waiting, code);

        assertThat(confirmation).isInstanceOf(HolderSessions.Confirmation.SignedIn.class);
        String session = ((HolderSessions.Confirmation.SignedIn) confirmation).id();
        assertThat(session).isNotEqualTo(waiting);
        assertThat(sessions.signedIn(session)).contains(HOLDER);
        assertThat(sessions.signedIn(waiting)).isEmpty();
        assertThat(sessions.confirm(waiting, code)).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }

    @Test
    void fiveWrongCodesSpendTheCodeAndTheRightOneThenFails() {
        String code = HolderSessions.newCode();
        String other = code.equals("000000") ? "000001" : "000000";
        String waiting = sessions.codeSent(HOLDER, code);

        for (int left = 4; left >= 0; left--) {
            assertThat(sessions.confirm(waiting, other)).isEqualTo(new HolderSessions.Confirmation.Wrong(left));
        }

        assertThat(sessions.confirm(waiting, code)).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }

    @Test
    void codesGuessedAllAtOnceCompareNoMoreThanTheAttemptsAllowed() throws Exception {
        String code = HolderSessions.newCode();
        String other = code.equals("000000") ? "000001" : "000000";
        String waiting = sessions.codeSent(HOLDER, code);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        var guesses = new java.util.ArrayList<java.util.concurrent.Callable<HolderSessions.Confirmation>>();
        for (int i = 0; i < 40; i++) {
            guesses.add(() -> sessions.confirm(waiting, other));
        }

        long compared = 0;
        for (var guess : pool.invokeAll(guesses)) {
            if (guess.get() instanceof HolderSessions.Confirmation.Wrong) {
                compared++;
            }
        }
        pool.shutdown();

        assertThat(compared).isEqualTo(5);
        assertThat(sessions.confirm(waiting, code)).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }

    @Test
    void aCodeWaitEndedBySigningInAgainStillCountsAgainstTheHoursCodes() {
        String first = sessions.codeSent(HOLDER, HolderSessions.newCode());

        sessions.end(first);

        assertThat(sessions.codesSentLastHour(HOLDER)).isEqualTo(1);
        assertThat(sessions.confirm(first, "123456")).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }

    @Test
    void aCodeIsGoodForFiveMinutes() {
        String code = HolderSessions.newCode();
        String waiting = sessions.codeSent(HOLDER, code);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(sessions.confirm(waiting, code)).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }

    @Test
    void aCodeTypedForAnotherWaitDoesNotSignIn() {
        String code = HolderSessions.newCode();
        sessions.codeSent(HOLDER, code);
        String mine = sessions.codeSent(RawRecords.idNumber(42), "123456");

        assertThat(sessions.confirm(mine, code))
                .isInstanceOf(
                        code.equals("123456")
                                ? HolderSessions.Confirmation.SignedIn.class
                                : HolderSessions.Confirmation.Wrong.class);
        assertThat(sessions.confirm("not an id", code)).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
        assertThat(sessions.signedIn("x".repeat(43))).isEmpty();
    }

    @Test
    void theCodesSentInTheLastHourAreCountedSpentOrNot() {
        String first = sessions.codeSent(HOLDER, "111111");
        sessions.confirm(first, "111111");
        sessions.codeSent(HOLDER, "222222");
        sessions.codeSent(RawRecords.idNumber(43), "333333");

        assertThat(sessions.codesSentLastHour(HOLDER)).isEqualTo(2);
        clock.advance(Duration.ofMinutes(61));
        assertThat(sessions.codesSentLastHour(HOLDER)).isZero();
    }

    @Test
    void signingOutEndsTheSessionAndThePurgeForgetsWhatExpired() {
        String ended = sessions.signIn(HOLDER);
        String idle = sessions.signIn(HOLDER);
        sessions.codeSent(HOLDER, "123456");

        sessions.end(ended);
        assertThat(sessions.signedIn(ended)).isEmpty();
        assertThat(sessions.purge()).isZero();

        clock.advance(Duration.ofMinutes(16));
        assertThat(sessions.purge()).as("the idle session").isEqualTo(1);
        clock.advance(Duration.ofMinutes(50));
        assertThat(sessions.purge()).as("the code, kept an hour to be counted").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from holder_session")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(sessions.signedIn(idle)).isEmpty();
    }

    @Test
    void theLimitsAreSettings() {
        var strict = new HolderSessions(
                jdbc, HolderSettingsFor.with(Map.of("session-idle", "PT2M", "code-attempts", "1")), clock);
        String id = strict.signIn(HOLDER);
        clock.advance(Duration.ofMinutes(3));
        assertThat(strict.signedIn(id)).isEmpty();

        String waiting = strict.codeSent(HOLDER, "123456");
        assertThat(strict.confirm(waiting, "654321")).isEqualTo(new HolderSessions.Confirmation.Wrong(0));
        assertThat(strict.confirm(waiting, "123456")).isInstanceOf(HolderSessions.Confirmation.NoCode.class);
    }
}
