package org.certhub.sealing;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.certhub.platform.UnreadableMessageException;
import org.springframework.stereotype.Component;

/**
 * Sign and publish queue messages carry batches of licence-version ids ("12,13,14"), so that the broker, Camel and
 * the acknowledgement cost once per batch instead of once per certificate. A message of one id (what the sweeper
 * sends) is a batch of one.
 *
 * <p>{@link SigningStage#signAll} seals each version of a batch on its own, exactly as for a one-id message: a
 * version that fails does not stop the others; the ones sealed go on to the publish queue, and then the batch fails
 * so that the broker redelivers it. On redelivery the versions already sealed are skipped (the stage
 * seals only pending versions), so every version is sealed once.
 */
@Component("signingBatches")
public class SigningBatches {

    private final SigningStage stage;
    private final int batchSize;

    SigningBatches(SigningStage stage, SigningSettings settings) {
        this.stage = stage;
        this.batchSize = settings.batchSize();
    }

    /** The ids as queue message texts of at most {@code certhub.signing.batch-size} ids each. */
    public List<String> messages(List<Long> ids) {
        List<String> messages = new ArrayList<>(ids.size() / batchSize + 1);
        for (int from = 0; from < ids.size(); from += batchSize) {
            messages.add(text(ids.subList(from, Math.min(ids.size(), from + batchSize))));
        }
        return messages;
    }

    /**
     * The ids of a message text.
     *
     * @throws UnreadableMessageException when the text is not a list of ids: no retry can help
     */
    public static List<Long> ids(String message) {
        List<Long> ids = new ArrayList<>();
        if (message == null) {
            throw new UnreadableMessageException("a queue message without text");
        }
        for (String id : message.split(",")) {
            if (!id.isBlank()) {
                try {
                    ids.add(Long.parseLong(id.strip()));
                } catch (NumberFormatException e) {
                    throw new UnreadableMessageException("a queue message that is not a list of ids ("
                            + Math.min(message.length(), 10_000) + " characters)");
                }
            }
        }
        return ids;
    }

    static String text(List<Long> ids) {
        StringJoiner text = new StringJoiner(",");
        ids.forEach(id -> text.add(id.toString()));
        return text.toString();
    }

    /**
     * Seals the versions of a message; returns the message text of those this call sealed (empty when none), and
     * keeps the first failure for {@link #rethrow(Outcome)}.
     */
    public Outcome sign(String message) {
        SigningStage.Batch batch = stage.signAll(ids(message));
        return new Outcome(text(batch.sealed()), batch.failure());
    }

    /** Fails the exchange (so that the broker redelivers the batch) when a version of it failed. */
    public void rethrow(Outcome outcome) {
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
    }

    /**
     * What sealing a batch gave.
     *
     * @param sealed  the message text of the versions sealed by this call, empty if none
     * @param failure the first failure, with any later ones suppressed; null if none
     */
    public record Outcome(String sealed, RuntimeException failure) {

        public boolean anySealed() {
            return !sealed.isEmpty();
        }
    }
}
