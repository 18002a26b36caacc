package org.certhub.issuance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.certhub.platform.Endpoints;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/** How many messages wait in each stage's dead-letter queue: messages no stage could read, or that failed too often. */
@Component
public class DeadLetters {

    private final JmsTemplate jms;

    DeadLetters(JmsTemplate jms) {
        this.jms = jms;
    }

    /** Messages per dead-letter queue ({@code DLQ.certhub.sign} ...), in the order of the stages. */
    public Map<String, Integer> counts() {
        var counts = new LinkedHashMap<String, Integer>();
        for (String queue : Endpoints.QUEUES) {
            String deadLetters = Endpoints.deadLetterQueue(queue);
            Integer count = jms.browse(deadLetters, (session, browser) -> {
                int n = 0;
                var messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    messages.nextElement();
                    n++;
                }
                return n;
            });
            counts.put(deadLetters, count == null ? 0 : count);
        }
        return counts;
    }
}
