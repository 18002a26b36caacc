package org.certhub.intake.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.certhub.platform.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The nonces of signed requests, in the database so that every node and every restart sees them: a nonce seen
 * before, while its request could still pass the timestamp check, is a replay.
 */
@Repository
class NonceStore {

    private static final Logger log = LoggerFactory.getLogger(NonceStore.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RestChannelSettings settings;

    NonceStore(JdbcClient jdbc, Clock clock, RestChannelSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** On a thread of its own, never longer than a minute a run. */
    @org.springframework.beans.factory.annotation.Autowired
    void schedule(Jobs jobs) {
        jobs.everyFixedDelay(
                "nonce-cleanup",
                this::forgetExpired,
                settings.cleanupInterval(),
                settings.cleanupInterval(),
                java.time.Duration.ofMinutes(1));
    }

    /**
     * Remembers a key's nonce until the instant; false when it was remembered already (the request is a replay).
     */
    boolean remember(String keyId, String nonce, Instant until) {
        try {
            jdbc.sql("insert into rest_nonce (key_id, nonce, expires_at) values (?, ?, ?)")
                    .params(keyId, nonce, until.atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Whether a key's nonce was remembered already: the check made before a request's body is read; {@link #remember}
     * decides once the request is authenticated.
     */
    boolean seen(String keyId, String nonce) {
        return jdbc.sql("select count(*) from rest_nonce where key_id = ? and nonce = ?")
                        .params(keyId, nonce)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Forgets nonces whose requests would be refused as stale anyway. */
    int forgetExpired() {
        int deleted = jdbc.sql("delete from rest_nonce where expires_at < ?")
                .param(clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        if (deleted > 0) {
            log.debug("Forgot {} expired nonces", deleted);
        }
        return deleted;
    }
}
