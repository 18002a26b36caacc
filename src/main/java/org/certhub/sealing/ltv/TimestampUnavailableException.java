package org.certhub.sealing.ltv;

/**
 * No timestamp could be had within the configured bound: the TSA is down, too slow or refuses. Sealing a type whose
 * level needs one stops; the licence version is parked with this message as its reason and tried again later.
 */
public class TimestampUnavailableException extends SealingDeferredException {

    public TimestampUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
