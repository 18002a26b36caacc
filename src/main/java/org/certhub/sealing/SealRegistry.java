package org.certhub.sealing;

/** Finds the seals a certificate type is sealed with. */
public interface SealRegistry {

    /**
     * The seal with the given id as it signs now.
     *
     * @param sealId the seal's id, or null for the default seal
     * @throws IllegalArgumentException if there is no such seal
     */
    ActiveSeal active(String sealId);

    /**
     * The SM2 seal with the given id as it signs OFD files now.
     *
     * @param sealId the seal's id, or null for the default SM2 seal
     * @throws IllegalArgumentException if there is no such seal or it is not an SM2 seal
     */
    default ActiveSeal activeOfd(String sealId) {
        throw new IllegalArgumentException("This registry has no SM2 seal to seal OFD files with");
    }
}
