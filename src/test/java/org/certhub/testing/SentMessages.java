package org.certhub.testing;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.ProducerTemplate;

/**
 * A producer template that keeps what a bean sends into the flow instead of sending it, for unit tests without a
 * Camel context. It answers {@code sendBody(endpoint, body)}, the only way the beans hand work on; any other call fails
 * the test, so that a bean that starts to need more is noticed.
 */
public final class SentMessages {

    /** A body sent to an endpoint. */
    public record Sent(String endpoint, Object body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final ProducerTemplate producer;

    public SentMessages() {
        producer = (ProducerTemplate) Proxy.newProxyInstance(SentMessages.class.getClassLoader(),
                new Class<?>[] {ProducerTemplate.class}, (self, method, args) -> switch (method.getName()) {
                    case "sendBody" -> {
                        if (args.length != 2 || !(args[0] instanceof String endpoint)) {
                            throw new UnsupportedOperationException("only sendBody(String, Object): " + method);
                        }
                        sent.add(new Sent(endpoint, args[1]));
                        yield null;
                    }
                    case "toString" -> "a producer template that records what is sent";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("the test's producer does not answer " + method);
                });
    }

    public ProducerTemplate producer() {
        return producer;
    }

    /** The bodies sent to the endpoint, oldest first. */
    public List<Object> to(String endpoint) {
        return sent.stream().filter(s -> s.endpoint().equals(endpoint)).map(Sent::body).toList();
    }

    public List<Sent> all() {
        return List.copyOf(sent);
    }
}
