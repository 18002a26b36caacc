package org.certhub.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded, expiring cache whose entries are about licences, with an index from each licence to the keys that hold
 * it: a licence's change drops exactly its entries. The public look-ups and the rendered QR pages both use one.
 */
final class LicenceKeyedCache<V> {

    private final Cache<String, V> cache;
    private final Function<V, Collection<Long>> licencesOf;
    /** The keys each licence is cached under. */
    private final Map<Long, Set<String>> keysOfLicence = new ConcurrentHashMap<>();

    LicenceKeyedCache(Duration ttl, long size, Function<V, Collection<Long>> licencesOf) {
        this.licencesOf = licencesOf;
        this.cache = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterWrite(ttl)
                .removalListener((String key, V value, RemovalCause cause) -> {
                    if (value != null && cause != RemovalCause.REPLACED) {
                        licencesOf
                                .apply(value)
                                .forEach(id -> keysOfLicence.computeIfPresent(id, (licence, keys) -> {
                                    keys.remove(key);
                                    return keys.isEmpty() ? null : keys;
                                }));
                    }
                })
                .build();
    }

    V get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, V value) {
        licencesOf
                .apply(value)
                .forEach(id -> keysOfLicence
                        .computeIfAbsent(id, licence -> ConcurrentHashMap.newKeySet())
                        .add(key));
        cache.put(key, value);
    }

    /** Drops every entry of the licence. */
    void forget(long licenceId) {
        Set<String> keys = keysOfLicence.remove(licenceId);
        if (keys != null) {
            cache.invalidateAll(keys);
        }
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
