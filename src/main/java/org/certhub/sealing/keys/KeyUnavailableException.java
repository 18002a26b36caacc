package org.certhub.sealing.keys;

/**
 * A key cannot be opened or cannot sign right now: missing PIN or password, wrong PIN, key label not found, library
 * or token missing, certificate expired, all HSM sessions busy. The message says which and is safe to log (it never
 * contains a secret).
 */
public class KeyUnavailableException extends RuntimeException {

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
