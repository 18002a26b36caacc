package org.certhub.intake.rest;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How many requests of one key, and from one client address, the channel takes at once and per minute. Each key and
 * each address has a token bucket (Bucket4j, on the hub's {@link Clock}: {@code per-minute} tokens a minute, at most
 * {@code burst} saved up) and a count of its requests in the channel; a request over either limit gets 429 with
 * {@code Retry-After} before anything of it is read. A refused request takes no token.
 */
@Component
class RequestLimits {

    /** Idle keys and addresses are forgotten once this many are tracked. */
    private static final int TRACKED = 10_000;

    /** A request's place in the channel, given back when it ends. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private record Limit(String what, int concurrent, int perMinute, int burst) {}

    private static final class Gate {
        final Bucket bucket;
        final AtomicInteger inFlight = new AtomicInteger();

        Gate(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    private final Limit perKey;
    private final Limit perAddress;
    private final TimeMeter time;
    private final Map<String, Gate> keys = new ConcurrentHashMap<>();
    private final Map<String, Gate> addresses = new ConcurrentHashMap<>();

    RequestLimits(RestChannelSettings settings, Clock clock) {
        this.perKey = new Limit("key", settings.perKeyConcurrent(), settings.perKeyPerMinute(), settings.perKeyBurst());
        this.perAddress = new Limit(
                "address", settings.perAddressConcurrent(), settings.perAddressPerMinute(), settings.perAddressBurst());
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Lets a request from the client address in, or refuses it with 429. */
    Permit enterAddress(String address) {
        return enter(addresses, address, perAddress);
    }

    /** Lets a request of the key in, or refuses it with 429. */
    Permit enterKey(String keyId) {
        return enter(keys, keyId, perKey);
    }

    private Permit enter(Map<String, Gate> gates, String name, Limit limit) {
        if (gates.size() >= TRACKED) {
            forgetIdle(gates, limit);
        }
        Gate gate = gates.computeIfAbsent(name, n -> new Gate(bucket(limit)));
        if (gate.inFlight.incrementAndGet() > limit.concurrent()) {
            gate.inFlight.decrementAndGet();
            throw tooMany(
                    1,
                    "同一" + (limit == perKey ? "密钥" : "地址") + "同时处理的请求已达 " + limit.concurrent()
                            + " 个 (more than " + limit.concurrent() + " requests of this " + limit.what()
                            + " at once)");
        }
        ConsumptionProbe probe = gate.bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            gate.inFlight.decrementAndGet();
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw tooMany(
                    seconds,
                    "同一" + (limit == perKey ? "密钥" : "地址") + "每分钟最多 " + limit.perMinute() + " 个请求 (more than "
                            + limit.perMinute() + " requests a minute of this " + limit.what() + ")");
        }
        var closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                gate.inFlight.decrementAndGet();
            }
        };
    }

    private Bucket bucket(Limit limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.perMinute(), Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** Forgets keys and addresses with nothing in the channel and a full bucket: they would start afresh anyway. */
    private static void forgetIdle(Map<String, Gate> gates, Limit limit) {
        gates.values().removeIf(g -> g.inFlight.get() == 0 && g.bucket.getAvailableTokens() >= limit.burst());
    }

    private static RestProblem tooMany(long retryAfterSeconds, String detail) {
        return new RestProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "请求过多 (too many requests)", detail)
                .with("retryAfterSeconds", retryAfterSeconds)
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }
}
