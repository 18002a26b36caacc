package org.certhub.sealing.ltv;

import java.security.cert.X509Certificate;

/** Revocation data that a validator needs for a certificate: for now the CRL its issuer publishes. */
public interface RevocationSource {

    /**
     * The DER-encoded current CRL covering {@code certificate}, or null when the certificate names none.
     *
     * @throws IllegalStateException when a CRL is named but cannot be had or does not verify with the issuer's key
     */
    byte[] crl(X509Certificate certificate, X509Certificate issuer);
}
