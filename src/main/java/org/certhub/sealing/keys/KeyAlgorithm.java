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
    RSA2048("RSA", "SHA256withRSA"),
    /**
     * SM2 on its curve sm2p256v1 (GB/T 32918) with SM3 digests (GB/T 32905): the Chinese commercial algorithms that
     * electronic seals of GB/T 38540 sign OFD files with. BouncyCastle signs; Java has no provider for them.
     */
    SM2("EC", "SM3withSM2");

    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** The order of sm2p256v1's base point, which tells its keys from other EC keys. */
    private static final java.math.BigInteger SM2_ORDER =
            org.bouncycastle.asn1.gm.GMNamedCurves.getByName("sm2p256v1").getN();

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
            if (this == SM2) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType, BOUNCY_CASTLE);
                generator.initialize(new ECGenParameterSpec("sm2p256v1"));
                return generator.generateKeyPair();
            }
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

    /** Whether the key (private or public) lies on SM2's curve. */
    public static boolean isSm2(java.security.Key key) {
        return key instanceof java.security.interfaces.ECKey ec
                && ec.getParams().getOrder().equals(SM2_ORDER);
    }

    /**
     * A signature object for the algorithm: SM2's from BouncyCastle, the others from Java's providers.
     *
     * @throws GeneralSecurityException if no provider has it
     */
    public static java.security.Signature signature(String algorithm) throws GeneralSecurityException {
        return algorithm.equals(SM2.signatureAlgorithm)
                ? java.security.Signature.getInstance(algorithm, BOUNCY_CASTLE)
                : java.security.Signature.getInstance(algorithm);
    }

    /** BouncyCastle, which knows SM2 keys and certificates. */
    public static java.security.Provider provider() {
        return BOUNCY_CASTLE;
    }
}
