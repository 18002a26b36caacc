package org.certhub.sealing;

/** Finds the seal a certificate type is sealed with. */
public interface SealRegistry {

    /**
     * The seal with the given id as it signs now.
     *
     * @param sealId the seal's id, or null for the default seal
     * @throws IllegalArgumentException if there is no such seal
     */
    ActiveSeal active(String sealId);
}
