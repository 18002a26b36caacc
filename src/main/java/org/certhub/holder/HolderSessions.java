package org.certhub.holder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.certhub.platform.Jobs;
import org.certhub.platform.Sha256;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Holders' sign-ins, in the database so that any node serves any request (nodes keep no HTTP sessions): a one-time
 * code sent and waited for, or a signed-in session that holds the holder's ID number and nothing else. The browser
 * keeps a random id (a cookie); the table keeps its SHA-256 only, and the code only hashed together with that id.
 * Each step gives a new id: a signed-in session never has the id of the code's step, nor of anything before.
 */
@Component
class HolderSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The states of a row. */
    enum State {
        /** A code was sent; typing it signs in. */
        CODE_SENT,
        /** The code was typed right, or wrong too often: kept for an hour, to count the codes sent. */
        CODE_USED,
        /** Signed in. */
        SIGNED_IN
    }

    /** What typing a code did. */
    sealed interface Confirmation {
        /** Right: signed in under the new id. */
        record SignedIn(String id, String idNumber) implements Confirmation {}

        /** Wrong, with the attempts left (0: the code is spent). */
        record Wrong(int attemptsLeft) implements Confirmation {}

        /** No code waits under this id (never, spent, or expired). */
        record NoCode() implements Confirmation {}
    }

    private final JdbcClient jdbc;
    private final HolderSettings settings;
    private final Clock clock;

    HolderSessions(JdbcClient jdbc, HolderSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Forgets what has expired, every ten minutes on one node. */
    @Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "holder-sessions", this::purge, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    /** Signs the holder in: the new session's id, for the cookie. */
    String signIn(String idNumber) {
        String id = newId();
        insert(id, idNumber, State.SIGNED_IN, null);
        return id;
    }

    /** The holder's ID number if the id is a signed-in session still alive; touches it. */
    Optional<String> signedIn(String id) {
        if (!wellFormed(id)) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        int alive = jdbc.sql("""
                update holder_session set last_seen_at = ?
                where id_hash = ? and state = ? and last_seen_at > ? and created_at > ?""")
                .params(
                        now,
                        Sha256.hex(id),
                        State.SIGNED_IN.name(),
                        now.minus(settings.sessionIdle()),
                        now.minus(settings.sessionLifetime()))
                .update();
        if (alive == 0) {
            return Optional.empty();
        }
        return jdbc.sql("select holder_code from holder_session where id_hash = ?")
                .param(Sha256.hex(id))
                .query(String.class)
                .optional();
    }

    /**
     * Ends a session or a code's wait. A code's wait is marked spent, not deleted, so that it still counts against
     * the codes a holder may be sent in an hour.
     */
    void end(String id) {
        if (wellFormed(id)) {
            jdbc.sql("delete from holder_session where id_hash = ? and state = ?")
                    .params(Sha256.hex(id), State.SIGNED_IN.name())
                    .update();
            jdbc.sql("update holder_session set state = ? where id_hash = ? and state = ?")
                    .params(State.CODE_USED.name(), Sha256.hex(id), State.CODE_SENT.name())
                    .update();
        }
    }

    /** How many codes the holder was sent in the last hour. */
    int codesSentLastHour(String idNumber) {
        return jdbc.sql("""
                select count(*) from holder_session where holder_code = ? and state in (?, ?) and created_at > ?""")
                .params(idNumber, State.CODE_SENT.name(), State.CODE_USED.name(), now().minusHours(1))
                .query(Integer.class)
                .single();
    }

    /** Starts the wait for a code sent to the holder: the id, for the cookie. */
    String codeSent(String idNumber, String code) {
        String id = newId();
        insert(id, idNumber, State.CODE_SENT, codeHash(id, code));
        return id;
    }

    /** A code typed under the id: right within its time signs in (under a new id); wrong counts an attempt. */
    Confirmation confirm(String id, String typedCode) {
        if (!wellFormed(id)) {
            return new Confirmation.NoCode();
        }
        OffsetDateTime now = now();
        String idHash = Sha256.hex(id);
        // the attempt is counted before the code is compared, in one statement: requests sent at once cannot compare
        // more codes than the attempts allowed
        int counted = jdbc.sql("""
                update holder_session set code_attempts = code_attempts + 1
                where id_hash = ? and state = ? and created_at > ? and code_attempts < ?""")
                .params(idHash, State.CODE_SENT.name(), now.minus(settings.codeValidity()), settings.codeAttempts())
                .update();
        if (counted == 0) {
            return new Confirmation.NoCode();
        }
        var waiting = jdbc.sql("select holder_code, code_hash, code_attempts from holder_session where id_hash = ?")
                .param(idHash)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)})
                .optional();
        if (waiting.isEmpty()) {
            return new Confirmation.NoCode();
        }
        String idNumber = (String) waiting.get()[0];
        boolean right = typedCode != null
                && typedCode.strip().matches("[0-9]{6}")
                && MessageDigest.isEqual(
                        codeHash(id, typedCode.strip()).getBytes(StandardCharsets.US_ASCII),
                        ((String) waiting.get()[1]).getBytes(StandardCharsets.US_ASCII));
        if (right) {
            // one statement decides: of two requests with the right code, one signs in
            int spent = jdbc.sql("update holder_session set state = ? where id_hash = ? and state = ?")
                    .params(State.CODE_USED.name(), idHash, State.CODE_SENT.name())
                    .update();
            return spent == 1 ? new Confirmation.SignedIn(signIn(idNumber), idNumber) : new Confirmation.NoCode();
        }
        int attempts = (Integer) waiting.get()[2];
        if (attempts >= settings.codeAttempts()) {
            jdbc.sql("update holder_session set state = ? where id_hash = ? and state = ?")
                    .params(State.CODE_USED.name(), idHash, State.CODE_SENT.name())
                    .update();
        }
        return new Confirmation.Wrong(Math.max(0, settings.codeAttempts() - attempts));
    }

    /** Forgets sessions past their idle time or lifetime, and codes older than an hour. */
    int purge() {
        OffsetDateTime now = now();
        return jdbc.sql("""
                delete from holder_session
                where (state = :signedIn and (last_seen_at < :idle or created_at < :lifetime))
                   or (state <> :signedIn and created_at < :hour)""")
                .param("signedIn", State.SIGNED_IN.name())
                .param("idle", now.minus(settings.sessionIdle()))
                .param("lifetime", now.minus(settings.sessionLifetime()))
                .param("hour", now.minusHours(1).minus(settings.codeValidity()))
                .update();
    }

    private void insert(String id, String idNumber, State state, String codeHash) {
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into holder_session (id_hash, holder_code, state, code_hash, created_at, last_seen_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(Sha256.hex(id), idNumber, state.name(), codeHash, now, now)
                .update();
    }

    /** The code bound to its id: without the browser's id, the hash tells nothing of the code. */
    private static String codeHash(String id, String code) {
        return Sha256.hex(id + ":" + code);
    }

    /** A new one-time code: six random digits. */
    static String newCode() {
        return "%06d".formatted(RANDOM.nextInt(1_000_000));
    }

    private static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The ids this class makes: 43 characters of base64url. */
    private static boolean wellFormed(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{43}");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
