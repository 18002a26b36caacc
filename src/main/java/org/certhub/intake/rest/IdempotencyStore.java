package org.certhub.intake.rest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.certhub.platform.Jobs;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Requests that came with an {@code Idempotency-Key}: the first takes the key (per source) with its body's hash;
 * its answer is kept, and a retry with the same key gets that very answer without anything being stored again.
 */
@Repository
class IdempotencyStore {

    /** What a request with a key may do. */
    sealed interface Claim permits Started, Answered, InProgress, OtherBody {}

    /** The key is new (or its first request died unanswered): go ahead, then {@link #answer}. */
    record Started() implements Claim {}

    /** The first request's answer, to send again. */
    record Answered(int status, String contentType, byte[] body) implements Claim {}

    /** The first request with this key is still being processed. */
    record InProgress() implements Claim {}

    /** The key was used with another body. */
    record OtherBody() implements Claim {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RestChannelSettings settings;

    IdempotencyStore(JdbcClient jdbc, Clock clock, RestChannelSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** On a thread of its own, never longer than a minute a run. */
    @org.springframework.beans.factory.annotation.Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "idempotency-cleanup",
                this::forgetOld,
                settings.cleanupInterval(),
                settings.cleanupInterval(),
                java.time.Duration.ofMinutes(1));
    }

    Claim claim(String source, String key, String bodySha256) {
        OffsetDateTime now = now();
        try {
            jdbc.sql("""
                    insert into rest_request (source_id, idempotency_key, request_sha256, state, created_at)
                    values (?, ?, ?, 'IN_PROGRESS', ?)""").params(source, key, bodySha256, now).update();
            return new Started();
        } catch (DuplicateKeyException e) {
            // taken before: look at what the first request left
        }
        var first = jdbc.sql("""
                select request_sha256, state, response_status, response_type, response_body, created_at
                from rest_request where source_id = ? and idempotency_key = ?""")
                .params(source, key)
                .query((rs, n) -> new Object[] {
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getObject(6, OffsetDateTime.class)
                })
                .optional();
        if (first.isEmpty()) {
            // forgotten in between (retention clean-up): take it afresh
            return claim(source, key, bodySha256);
        }
        Object[] row = first.get();
        if (!row[0].equals(bodySha256)) {
            return new OtherBody();
        }
        if (row[1].equals("DONE")) {
            return new Answered((Integer) row[2], (String) row[3], ((String) row[4]).getBytes(StandardCharsets.UTF_8));
        }
        OffsetDateTime startedAt = (OffsetDateTime) row[5];
        if (startedAt.isBefore(now.minus(settings.inProgressTimeout()))) {
            // the node that took it stopped before answering: whoever moves the start time takes it over
            int taken = jdbc.sql("""
                    update rest_request set created_at = ?
                    where source_id = ? and idempotency_key = ? and state = 'IN_PROGRESS' and created_at = ?""").params(now, source, key, startedAt).update();
            if (taken == 1) {
                return new Started();
            }
        }
        return new InProgress();
    }

    /** Keeps the answer of a started request (UTF-8 JSON). */
    void answer(String source, String key, int status, String contentType, byte[] body) {
        jdbc.sql("""
                update rest_request set state = 'DONE', response_status = ?, response_type = ?, response_body = ?,
                       completed_at = ?
                where source_id = ? and idempotency_key = ?""")
                .params(status, contentType, new String(body, StandardCharsets.UTF_8), now(), source, key)
                .update();
    }

    /** Gives the key back after a failure that has no answer worth repeating (the retry runs afresh). */
    void release(String source, String key) {
        jdbc.sql("delete from rest_request where source_id = ? and idempotency_key = ? and state = 'IN_PROGRESS'")
                .params(source, key)
                .update();
    }

    /** Forgets answers older than the retention. */
    int forgetOld() {
        return jdbc.sql("delete from rest_request where state = 'DONE' and completed_at < ?")
                .param(now().minus(settings.idempotencyRetention()))
                .update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
