package org.certhub.demopki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.sealing.ltv.RevocationSource;

/**
 * The demo root's CRL: issued on demand, valid for a day, renewed when it is an hour old or when a newer one is
 * needed. The demo CA revokes nothing, so the list is empty; what matters to validators is that it exists, is signed
 * by the root, and is current. Thread-safe.
 */
public final class DemoCertificateAuthority {

    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final Duration REISSUE_AFTER = Duration.ofHours(1);

    private final DemoPki pki;
    private final Clock clock;
    private Issued current;

    private record Issued(byte[] crl, Instant thisUpdate) {}

    public DemoCertificateAuthority(DemoPki pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    /** The root certificate. */
    public X509Certificate root() {
        return pki.root();
    }

    /** Whether the demo root issued the certificate. */
    public boolean issued(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(pki.root().getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(pki.root().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The current DER CRL of the demo root. */
    public synchronized byte[] crl() {
        Instant now = clock.instant();
        if (current == null || !current.thisUpdate().plus(REISSUE_AFTER).isAfter(now)) {
            current = new Issued(issue(now), now);
        }
        return current.crl();
    }

    /** Revocation data for the demo root's certificates in process, and for others from the given source. */
    public RevocationSource revocationSource(RevocationSource others) {
        return (certificate, issuer) -> issued(certificate) ? crl() : others.crl(certificate, issuer);
    }

    private byte[] issue(Instant now) {
        try {
            X509Certificate root = pki.root();
            // CRL times have one-second resolution: a CRL dated a second early still covers "now"
            Instant thisUpdate = now.minusSeconds(1);
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(thisUpdate.plus(VALIDITY)));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root));
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pki.rootKey()))
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot issue the demo CRL", e);
        }
    }
}
