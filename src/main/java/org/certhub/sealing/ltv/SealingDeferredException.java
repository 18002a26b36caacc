package org.certhub.sealing.ltv;

/**
 * Something a signature level needs from outside the hub cannot be had now (a timestamp, revocation data): the
 * licence version is parked with this message as its reason and tried again later, never sealed below its level.
 */
public class SealingDeferredException extends RuntimeException {

    public SealingDeferredException(String message, Throwable cause) {
        super(message, cause);
    }
}
