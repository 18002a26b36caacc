package org.certhub.holder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.certhub.platform.Jobs;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins per ID number and name, in the database so that every node counts the same: {@code failures} of a
 * pair within {@code failure-window} lock it for {@code lockout}, during which even the right certificate number is
 * refused. A pair that names nobody is counted and locked alike, so a lockout tells nothing of who exists. Each step
 * is one statement, so two nodes failing the same pair at once both count.
 */
@Component
class SignInFailures {

    private final JdbcClient jdbc;
    private final HolderSettings settings;
    private final Clock clock;

    SignInFailures(JdbcClient jdbc, HolderSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Forgets pairs that no longer count, every ten minutes on one node. */
    @Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "holder-failures", this::purge, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    /** How long the pair stays locked; empty when it may sign in. */
    Optional<Duration> lockedFor(String pairKey) {
        Instant now = clock.instant();
        return jdbc.sql("select locked_until from holder_sign_in_failure where pair_hash = ?")
                .param(pairKey)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional()
                .filter(until -> until.toInstant().isAfter(now))
                .map(until -> Duration.between(now, until.toInstant()));
    }

    /** Counts a failure; the one that reaches the limit locks the pair and starts the count again. */
    void failed(String pairKey) {
        OffsetDateTime now = now();
        OffsetDateTime windowStart = now.minus(settings.failureWindow());
        if (count(pairKey, now, windowStart) == 0) {
            try {
                jdbc.sql("insert into holder_sign_in_failure (pair_hash, failures, first_at) values (?, 1, ?)")
                        .params(pairKey, now)
                        .update();
            } catch (DuplicateKeyException countedMeanwhile) {
                count(pairKey, now, windowStart);
            }
        }
        jdbc.sql("""
                update holder_sign_in_failure set locked_until = ?, failures = 0, first_at = ?
                where pair_hash = ? and failures >= ?""")
                .params(now.plus(settings.lockout()), now, pairKey, settings.failures())
                .update();
    }

    private int count(String pairKey, OffsetDateTime now, OffsetDateTime windowStart) {
        return jdbc.sql("""
                update holder_sign_in_failure
                set failures = case when first_at < :windowStart then 1 else failures + 1 end,
                    first_at = case when first_at < :windowStart then :now else first_at end
                where pair_hash = :pair""")
                .param("windowStart", windowStart)
                .param("now", now)
                .param("pair", pairKey)
                .update();
    }

    /** A successful sign-in forgets the pair's failures. */
    void succeeded(String pairKey) {
        jdbc.sql(
                        "delete from holder_sign_in_failure where pair_hash = ? and (locked_until is null or locked_until < ?)")
                .params(pairKey, now())
                .update();
    }

    /** Forgets pairs neither locked nor failed within the window. */
    int purge() {
        OffsetDateTime now = now();
        return jdbc.sql("""
                delete from holder_sign_in_failure
                where first_at < ? and (locked_until is null or locked_until < ?)""").params(now.minus(settings.failureWindow()), now).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
