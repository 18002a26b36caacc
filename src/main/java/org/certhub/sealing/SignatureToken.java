package org.certhub.sealing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Narrow port to a signing key: the document code never touches a private key, so the key can live in a PKCS#12
 * file today and in an HSM or a remote signing service later.
 */
public interface SignatureToken {

    /** The signer's certificate first, then its issuers. */
    List<X509Certificate> certificateChain();

    /** JCA name of the signature algorithm, e.g. {@code SHA256withECDSA} or {@code SHA256withRSA}. */
    String signatureAlgorithm();

    /**
     * Signs the given bytes (the DER-encoded CMS signed attributes) with {@link #signatureAlgorithm()}, hashing
     * included, and returns the signature value in the encoding CMS expects (DER for ECDSA).
     */
    byte[] sign(byte[] dataToSign);
}
