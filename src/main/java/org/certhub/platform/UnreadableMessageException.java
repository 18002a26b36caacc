package org.certhub.platform;

/**
 * A queue message that no stage can read (not the licence-version or event ids the stages send): retrying cannot
 * help, so the route moves it to the stage's dead-letter queue at once instead of letting it go round.
 */
public class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String message) {
        super(message);
    }
}
