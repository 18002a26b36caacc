package org.certhub.verify;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceVersionView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The public look-ups (a QR code's token, a certificate's number or identifier) read through a cache on each node,
 * so that a page asked for again costs no query. What a licence's change makes stale is dropped at once on the node
 * that made it (its licence events, after commit) and within a second on every other node, which reads the
 * {@code licence_event} rows added since it last looked. A version a sealer approves makes no such row: the entries
 * also expire after {@code certhub.verify.cache-ttl} (30 s). Only what was found is kept; an unknown certificate is
 * looked up each time.
 *
 * <p>Each node keeps its own cache, not a shared one in Redis: the look-ups it saves are single-row queries by
 * index, which a round trip to Redis would not beat, and the database already tells every node what changed.
 */
@Component
class PublicLookups {

    private final JdbcClient jdbc;
    private final LicenceKeyedCache<List<LicenceVersionView>> cache;

    private volatile long lastEventSeen = -1;
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private final VerificationPages pages;

    PublicLookups(
            JdbcClient jdbc,
            @Value("${certhub.verify.cache-ttl:PT30S}") Duration ttl,
            @Value("${certhub.verify.cache-size:100000}") long size,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.pages = new VerificationPages(
                ttl,
                size,
                io.micrometer.core.instrument.Counter.builder("certhub.verify.pages.cached")
                        .description("QR pages served from the page cache (not in http.server.requests)")
                        .register(meters));
        this.cache = new LicenceKeyedCache<>(
                ttl,
                size,
                views -> views.stream().map(LicenceVersionView::licenceId).toList());
    }

    /** The views under this key, looked up when not cached; an empty answer is not kept. */
    List<LicenceVersionView> get(String key, Supplier<List<LicenceVersionView>> lookup) {
        List<LicenceVersionView> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<LicenceVersionView> found = List.copyOf(lookup.get());
        if (!found.isEmpty()) {
            cache.put(key, found);
        }
        return found;
    }

    /** The QR pages as rendered, kept and dropped with these look-ups: a servlet filter. */
    VerificationPages pages() {
        return pages;
    }

    /** Drops everything cached of a licence, its rendered pages too. */
    void forget(long licenceId) {
        changes.incrementAndGet();
        pages.forget(licenceId);
        cache.forget(licenceId);
    }

    /** A change made on this node: dropped once it is committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(LicenceEvent event) {
        forget(event.licenceId());
    }

    /** Changes made on any node, from the licence events written since the last look. */
    @Scheduled(fixedDelayString = "${certhub.verify.cache-poll:PT1S}")
    void pollChanges() {
        if (lastEventSeen < 0) {
            lastEventSeen = jdbc.sql("select coalesce(max(id), 0) from licence_event")
                    .query(Long.class)
                    .single();
            return;
        }
        List<long[]> changes = jdbc.sql(
                        "select id, licence_id from licence_event where id > ? order by id fetch first 5000 rows only")
                .param(lastEventSeen)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list();
        for (long[] change : changes) {
            forget(change[1]);
            lastEventSeen = change[0];
        }
    }

    /** How many licence changes this node has heard of, on any node: what the status list is rebuilt on. */
    long changes() {
        return changes.get();
    }

    /** How many look-ups are cached (for tests and the metrics). */
    long size() {
        return cache.size();
    }
}
