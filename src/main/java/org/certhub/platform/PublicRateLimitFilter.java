package org.certhub.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits of the public endpoints per client address ({@link RateLimitSettings}): the verification page
 * ({@code /v/**}), the public query (its page with a query, and {@code /api/v1/public/**}), the upload check
 * ({@code POST /check}, {@code POST /api/v1/public/verify}), the holder's sign-in ({@code POST /holder},
 * {@code POST /holder/code}) and the demo TSA
 * ({@code POST /pki/tsa}), which anyone may call without logging in. One Bucket4j
 * token bucket per address and endpoint, kept in a bounded Caffeine table and timed by the hub's {@link Clock}; a
 * request finding its bucket empty is answered 429 with {@code Retry-After}.
 */
final class PublicRateLimitFilter extends OncePerRequestFilter {

    private final Endpoint verification;
    private final Endpoint query;
    private final Endpoint uploads;
    private final Endpoint holder;
    private final Endpoint timestamps;

    PublicRateLimitFilter(RateLimitSettings settings, Clock clock) {
        TimeMeter time = new ClockTime(clock);
        this.verification = new Endpoint(settings.verification(), settings.trackedClients(), time);
        this.query = new Endpoint(settings.query(), settings.trackedClients(), time);
        this.uploads = new Endpoint(settings.uploads(), settings.trackedClients(), time);
        this.holder = new Endpoint(settings.holder(), settings.trackedClients(), time);
        this.timestamps = new Endpoint(settings.timestamps(), settings.trackedClients(), time);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return endpoint(request) == null;
    }

    private Endpoint endpoint(HttpServletRequest request) {
        // decoded as the handler mappings decode it, so that /hold%65r is /holder here too
        String path = org.springframework.web.util.UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        if (path.startsWith("/v/") || path.startsWith("/fonts/page/")) {
            // a page font is made from its URL's text: the verification pages' limit bounds that work too
            return verification;
        }
        if (path.equals("/api/v1/public/verify")
                || (path.equals("/check") && request.getMethod().equals("POST"))) {
            return uploads;
        }
        if (path.startsWith("/api/v1/public/")
                || ((path.equals("/") || path.equals("/query")) && request.getQueryString() != null)) {
            return query;
        }
        if ((path.equals("/holder") || path.equals("/holder/code"))
                && request.getMethod().equals("POST")) {
            return holder;
        }
        if (path.equals("/pki/tsa")) {
            return timestamps;
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var probe = endpoint(request)
                .bucketOf(ClientAddress.key(request.getRemoteAddr()))
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        Refusal.tooMany(
                        "rate-limited",
                        "请求过于频繁 (too many requests)",
                        "来自该地址的请求过多，请稍后再试 (too many requests from this address; try again later)")
                .write(request, response, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** The buckets of one endpoint, by client address. */
    private static final class Endpoint {

        private final RateLimitSettings.Limit limit;
        private final TimeMeter time;
        private final Cache<String, Bucket> buckets;

        Endpoint(RateLimitSettings.Limit limit, int trackedClients, TimeMeter time) {
            this.limit = limit;
            this.time = time;
            // an address unseen for a period has a full bucket again: forgetting it then changes nothing
            this.buckets = Caffeine.newBuilder()
                    .maximumSize(trackedClients)
                    .expireAfterAccess(limit.period().multipliedBy(2))
                    .build();
        }

        Bucket bucketOf(String address) {
            return buckets.get(
                    address,
                    a -> Bucket.builder()
                            .withCustomTimePrecision(time)
                            .addLimit(Bandwidth.builder()
                                    .capacity(limit.requests())
                                    .refillGreedy(limit.requests(), limit.period())
                                    .build())
                            .build());
        }
    }

    /** Bucket4j's time from the hub's clock. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
