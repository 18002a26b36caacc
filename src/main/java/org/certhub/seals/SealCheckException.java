package org.certhub.seals;

/** A seal cannot be used: its key cannot be opened, does not match its certificate, or the certificate is not valid. */
public class SealCheckException extends RuntimeException {

    SealCheckException(String sealId, String reason, Throwable cause) {
        super("Seal '" + sealId + "' cannot be used: " + reason, cause);
    }
}
