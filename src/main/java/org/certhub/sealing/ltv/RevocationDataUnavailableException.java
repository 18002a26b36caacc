package org.certhub.sealing.ltv;

/** A CA's CRL cannot be fetched now (its server is down or slow): B-LT and up wait for it, parked. */
public class RevocationDataUnavailableException extends SealingDeferredException {

    public RevocationDataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
