package org.certhub.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

/**
 * Failed logins counted per username and per client address ({@link LoginSettings}). Too many failures within the
 * window lock the username or the address for {@code lockout}, doubled for each further lockout up to
 * {@code max-lockout}; a lockout followed by a quiet window starts again at {@code lockout}. A successful login resets
 * its username's count, not its address's: otherwise an attacker holding one account could clear the count of the
 * address they guess other accounts from.
 */
final class LoginThrottle {

    private final LoginSettings settings;
    private final Clock clock;
    private final Cache<String, Tally> users;
    private final Cache<String, Tally> addresses;

    LoginThrottle(LoginSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        // memory only: how long a tally is kept does not decide a lockout, the clock does
        Duration keep = settings.maxLockout().plus(settings.window()).multipliedBy(2);
        this.users = Caffeine.newBuilder()
                .maximumSize(settings.trackedClients())
                .expireAfterAccess(keep)
                .build();
        this.addresses = Caffeine.newBuilder()
                .maximumSize(settings.trackedClients())
                .expireAfterAccess(keep)
                .build();
    }

    /** How long a login of this username from this address stays refused; empty when it may be tried. */
    Optional<Duration> lockedFor(String username, String remoteAddress) {
        Instant now = clock.instant();
        Duration user = remaining(users.getIfPresent(userKey(username)), now);
        Duration address = remaining(addresses.getIfPresent(ClientAddress.key(remoteAddress)), now);
        Duration longer = user.compareTo(address) >= 0 ? user : address;
        return longer.isZero() ? Optional.empty() : Optional.of(longer);
    }

    void failed(String username, String remoteAddress) {
        Instant now = clock.instant();
        users.get(userKey(username), k -> new Tally()).fail(now, settings.failuresPerUser(), settings);
        addresses
                .get(ClientAddress.key(remoteAddress), k -> new Tally())
                .fail(now, settings.failuresPerAddress(), settings);
    }

    void succeeded(String username) {
        users.invalidate(userKey(username));
    }

    private static Duration remaining(Tally tally, Instant now) {
        return tally == null ? Duration.ZERO : tally.remaining(now);
    }

    /** Usernames are case-insensitive, as the user store's are. */
    private static String userKey(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    /** The recent failures of one username or one address, and its lockout. */
    private static final class Tally {

        private final ArrayDeque<Instant> failures = new ArrayDeque<>();
        private int lockouts;
        private Instant lockedUntil = Instant.EPOCH;

        synchronized Duration remaining(Instant now) {
            return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : Duration.ZERO;
        }

        synchronized void fail(Instant now, int limit, LoginSettings settings) {
            Instant since = now.minus(settings.window());
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(since)) {
                failures.removeFirst();
            }
            if (lockouts > 0 && now.isAfter(lockedUntil.plus(settings.window()))) {
                lockouts = 0; // a quiet window after the last lockout
            }
            failures.addLast(now);
            if (failures.size() >= limit) {
                failures.clear();
                Duration lockout = settings.lockout().multipliedBy(1L << Math.min(lockouts, 30));
                if (lockout.compareTo(settings.maxLockout()) > 0 || lockout.isNegative()) {
                    lockout = settings.maxLockout();
                }
                lockouts++;
                lockedUntil = now.plus(lockout);
            }
        }
    }
}
