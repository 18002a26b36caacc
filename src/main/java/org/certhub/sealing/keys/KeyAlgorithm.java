package org.certhub.sealing.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The seal key algorithms the hub signs with (docs/signing.md says which to choose). */
public enum KeyAlgorithm {

    /** ECDSA on NIST P-256 (secp256r1): the recommended one. */
    P256("EC", "SHA256withECDSA"),
    /** RSA with a 2048-bit modulus, PKCS#1 v1.5 signatures. */
    RSA2048("RSA", "SHA256withRSA");

    private final String keyType;
    private final String signatureAlgorithm;

    KeyAlgorithm(String keyType, String signatureAlgorithm) {
        this.keyType = keyType;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** JCA key algorithm, {@code EC} or {@code RSA}. */
    public String keyType() {
        return keyType;
    }

    /** JCA signature algorithm, SHA-256 with the key's scheme. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** A fresh key pair (for tests, benchmarks and the demo PKI; real seal keys come from a CA or an HSM). */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }
}
