package org.certhub.verify;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.certhub.licence.LicenceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells every node at once that a licence changed, through a Redis channel, so that each drops what its public
 * look-ups and QR pages keep of it within milliseconds instead of at its next look at the {@code licence_event} rows
 * (a second). On only where Redis is configured ({@code certhub.verify.redis-url}, as {@code docker-compose.yml}
 * does). The database remains the fallback that always works: a node that cannot reach Redis, at its start or
 * later, still catches up within a second; it connects again every few seconds, and Lettuce reconnects a connection
 * that broke.
 */
class RedisInvalidations {

    static final String CHANNEL = "certhub:licence-changed";
    private static final Logger log = LoggerFactory.getLogger(RedisInvalidations.class);

    private final PublicLookups lookups;
    private final RedisClient client;
    private final ScheduledExecutorService connecting = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "redis-invalidations");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;

    RedisInvalidations(PublicLookups lookups, String redisUrl) {
        this.lookups = lookups;
        this.client = RedisClient.create(redisUrl);
        if (!connect()) {
            connecting.scheduleWithFixedDelay(
                    () -> {
                        if (connect()) {
                            connecting.shutdown();
                        }
                    },
                    5,
                    5,
                    TimeUnit.SECONDS);
        }
    }

    private synchronized boolean connect() {
        try {
            StatefulRedisPubSubConnection<String, String> listening = client.connectPubSub();
            listening.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    try {
                        lookups.forget(Long.parseLong(message));
                    } catch (NumberFormatException e) {
                        log.warn("Ignored a message on {} that names no licence: {}", CHANNEL, message);
                    }
                }
            });
            listening.sync().subscribe(CHANNEL);
            subscriber = listening;
            publisher = client.connect();
            log.info("Public look-ups are dropped on every node through Redis channel {}", CHANNEL);
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Redis is out of reach ({}); changes reach the other nodes through the database within a second,"
                            + " and this node tries again every 5 s",
                    e.toString());
            return false;
        }
    }

    /** A change made on this node, once committed: every node (this one too) drops what it keeps of the licence. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(LicenceEvent event) {
        publish(event.licenceId());
    }

    void publish(long licenceId) {
        StatefulRedisConnection<String, String> connection = publisher;
        if (connection == null) {
            return;
        }
        try {
            connection.async().publish(CHANNEL, Long.toString(licenceId));
        } catch (RuntimeException e) {
            // the database poll catches up within a second
            log.warn(
                    "Could not tell the other nodes through Redis that licence {} changed: {}",
                    licenceId,
                    e.toString());
        }
    }

    void close() {
        connecting.shutdownNow();
        if (subscriber != null) {
            subscriber.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        client.shutdown();
    }
}
