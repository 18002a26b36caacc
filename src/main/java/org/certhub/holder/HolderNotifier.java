package org.certhub.holder;

/**
 * The way to a holder (a port): sends a short text, a one-time code or an expiry reminder, to the holder's mobile
 * number or e-mail address. An adapter for the department's SMS gateway or mail server implements it as a bean of its
 * own, which replaces the demo's {@link LoggingHolderNotifier}.
 */
public interface HolderNotifier {

    /**
     * Hands the message to the gateway for the contact.
     *
     * @throws RuntimeException when it could not be handed over: a reminder is tried again on the next run, a holder
     *                          waiting for a code is told to try again
     */
    void send(HolderContact contact, String message);
}
