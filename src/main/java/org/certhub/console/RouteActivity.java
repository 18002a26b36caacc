package org.certhub.console;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.certhub.codes.CitizenIdNumber;
import org.springframework.stereotype.Component;

/**
 * Counts what each route does: exchanges through it, failed ones, in flight, and its last failure. Camel applies it
 * to every route, those loaded at start-up and those reloaded later; a reloaded route starts counting afresh.
 */
@Component
class RouteActivity implements RoutePolicyFactory {

    /** A route's counters since it was (re)loaded, and its last failure (null when none). */
    record Counts(long total, long failed, long inflight, Failure lastFailure) {

        static final Counts NONE = new Counts(0, 0, 0, null);

        record Failure(String message, Instant at) {}
    }

    private final Clock clock;
    private final Map<String, Counter> byRoute = new ConcurrentHashMap<>();

    RouteActivity(Clock clock) {
        this.clock = clock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        var counter = new Counter();
        byRoute.put(routeId, counter);
        return counter;
    }

    Optional<Counts> of(String routeId) {
        return Optional.ofNullable(byRoute.get(routeId)).map(Counter::counts);
    }

    /** Camel starts it with its route (a policy is a service of the route), and only then runs it. */
    private final class Counter extends RoutePolicySupport {

        private final LongAdder begun = new LongAdder();
        private final LongAdder done = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private volatile Counts.Failure lastFailure;

        @Override
        public void onRemove(Route route) {
            byRoute.remove(route.getRouteId(), this);
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            begun.increment();
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            done.increment();
            if (exchange.isFailed()) {
                failed.increment();
                Exception cause = exchange.getException();
                // messages can quote a record's values: mask anything shaped like a citizen ID number
                lastFailure = new Counts.Failure(
                        CitizenIdNumber.maskWithin(cause == null ? "failed" : String.valueOf(cause.getMessage())),
                        clock.instant());
            }
        }

        Counts counts() {
            long finished = done.sum();
            return new Counts(finished, failed.sum(), Math.max(0, begun.sum() - finished), lastFailure);
        }
    }
}
