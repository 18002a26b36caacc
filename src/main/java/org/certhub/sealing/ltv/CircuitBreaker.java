package org.certhub.sealing.ltv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops asking a remote service that keeps failing. Closed, every attempt goes out; after {@code failures} failed
 * attempts in a row it opens, and for {@code openFor} every attempt is refused at once, without a request; then it
 * lets one attempt through (the others are still refused): an answer closes it, a failure opens it again. Shared by
 * all threads that call the service. Thread-safe.
 *
 * <p>Why not Resilience4j: this is the whole of what the TSA needs (consecutive failures, one trial request, the
 * hub's {@link Clock}), in fewer lines than the mapping of settings onto Resilience4j's sliding-window configuration
 * would take, with no new dependency.
 */
final class CircuitBreaker {

    private final int failures;
    private final Duration openFor;
    private final Clock clock;

    private int failedInARow;
    private Instant openUntil;
    private boolean trying;
    private String lastFailure;

    CircuitBreaker(int failures, Duration openFor, Clock clock) {
        this.failures = failures;
        this.openFor = openFor;
        this.clock = clock;
    }

    /**
     * Asks to make an attempt; every attempt allowed must be followed by {@link #succeeded}, {@link #failed} or
     * {@link #abandoned}.
     *
     * @return null when the attempt may go out, else why not (for the refusal's message)
     */
    synchronized String refusal() {
        if (openUntil == null) {
            return null;
        }
        if (clock.instant().isBefore(openUntil) || trying) {
            return failedInARow + " attempts in a row failed (the last: " + lastFailure + "); not asked again before "
                    + openUntil;
        }
        trying = true; // the one trial attempt after openFor
        return null;
    }

    synchronized void succeeded() {
        failedInARow = 0;
        openUntil = null;
        trying = false;
        lastFailure = null;
    }

    /** @return whether this failure opened the breaker (from closed, or after a failed trial) */
    synchronized boolean failed(String failure) {
        failedInARow++;
        lastFailure = failure;
        boolean wasTrying = trying;
        trying = false;
        if (wasTrying || (openUntil == null && failedInARow >= failures)) {
            openUntil = clock.instant().plus(openFor);
            return true;
        }
        return false;
    }

    /** An allowed attempt that was not made after all (the thread was interrupted): it tells nothing. */
    synchronized void abandoned() {
        trying = false;
    }

    /** Whether attempts are refused now. */
    synchronized boolean open() {
        return openUntil != null && (clock.instant().isBefore(openUntil) || trying);
    }
}
