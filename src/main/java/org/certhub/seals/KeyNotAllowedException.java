package org.certhub.seals;

/**
 * A seal's key names a PKCS#11 library that is not allowed, or a secret variable outside {@code CERTHUB_SEAL_*}:
 * refused before the key is opened.
 */
class KeyNotAllowedException extends SealCheckException {

    KeyNotAllowedException(String sealId, String reason) {
        super(sealId, reason, null);
    }
}
