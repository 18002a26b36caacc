package org.certhub.testing;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.camel.ProducerTemplate;

/**
 * A producer template that keeps what a bean sends into the flow instead of sending it, for unit tests without a
 * Camel context; a test may stand in for what a {@code direct:} endpoint's route does with the body
 * ({@link #handle}). It answers {@code sendBody(endpoint, body)}, the only way the beans hand work on; any other call
 * fails the test, so that a bean that starts to need more is noticed.
 */
public final class SentMessages {

    /** A body sent to an endpoint. */
    public record Sent(String endpoint, Object body) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<Object>> routes = new ConcurrentHashMap<>();
    private final ProducerTemplate producer;

    public SentMessages() {
        producer = (ProducerTemplate) Proxy.newProxyInstance(
                SentMessages.class.getClassLoader(),
                new Class<?>[] {ProducerTemplate.class},
                (self, method, args) -> switch (method.getName()) {
                    case "sendBody" -> {
                        if (args.length != 2 || !(args[0] instanceof String endpoint)) {
                            throw new UnsupportedOperationException("only sendBody(String, Object): " + method);
                        }
                        sent.add(new Sent(endpoint, args[1]));
                        routes.getOrDefault(endpoint, body -> {}).accept(args[1]);
                        yield null;
                    }
                    case "toString" -> "a producer template that records what is sent";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("the test's producer does not answer " + method);
                });
    }

    /**
     * Does what the endpoint's route does with each body sent to it, in the sender's thread as a {@code direct:}
     * endpoint does; what the route throws, the sender gets.
     */
    public SentMessages handle(String endpoint, Consumer<Object> route) {
        routes.put(endpoint, route);
        return this;
    }

    public ProducerTemplate producer() {
        return producer;
    }

    /** The bodies sent to the endpoint, oldest first. */
    public List<Object> to(String endpoint) {
        return sent.stream()
                .filter(s -> s.endpoint().equals(endpoint))
                .map(Sent::body)
                .toList();
    }

    public List<Sent> all() {
        return List.copyOf(sent);
    }
}
