package org.certhub.intake;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.certhub.platform.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One node of the cluster polls a source at a time: a polled source's route ({@code pollStrategy:
 * "#clusterPollLock"}) takes the cluster lock {@code poll:<route id>} before each poll and releases it after; a node
 * whose poll finds the lock held skips that poll. A node that dies while polling leaves the lock to expire after
 * {@code certhub.sources.poll-lock-at-most-for} (10 minutes), and another node polls then. The raw record store's
 * origin key still makes a row read twice (a crash between storing and marking) harmless.
 */
@Component("clusterPollLock")
public class ClusterPollLock implements PollingConsumerPollStrategy {

    private static final Logger log = LoggerFactory.getLogger(ClusterPollLock.class);

    private final ClusterLocks locks;
    private final Duration atMostFor;
    private final Map<Consumer, SimpleLock> held = new ConcurrentHashMap<>();

    ClusterPollLock(ClusterLocks locks, @Value("${certhub.sources.poll-lock-at-most-for:PT10M}") Duration atMostFor) {
        this.locks = locks;
        this.atMostFor = atMostFor;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String route = consumer instanceof RouteIdAware aware ? aware.getRouteId() : null;
        String name = "poll:" + (route != null ? route : endpoint.getEndpointKey());
        Optional<SimpleLock> lock;
        try {
            lock = locks.tryLock(name, atMostFor, Duration.ZERO);
        } catch (RuntimeException e) {
            log.warn("No poll of {}: its cluster lock cannot be taken: {}", name, e.toString());
            return false;
        }
        lock.ifPresent(l -> held.put(consumer, l));
        return lock.isPresent();
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        release(consumer);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        release(consumer);
        return false;
    }

    private void release(Consumer consumer) {
        SimpleLock lock = held.remove(consumer);
        if (lock != null) {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                log.warn("A poll's cluster lock could not be released; it expires by itself: {}", e.toString());
            }
        }
    }
}
