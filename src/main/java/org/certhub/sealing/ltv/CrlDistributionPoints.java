package org.certhub.sealing.ltv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Fetches the CRL named by a certificate's CRL distribution points over HTTP, within the limits of its
 * {@link LinkFetcher} (no internal addresses, no redirects to another host, size and time caps), checks it is signed
 * by the issuer and does not list the certificate, and keeps it until its next update. Thread-safe.
 */
public final class CrlDistributionPoints implements RevocationSource {

    private final LinkFetcher fetcher;
    private final Map<String, X509CRL> cache = new ConcurrentHashMap<>();

    public CrlDistributionPoints(LinkFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public byte[] crl(X509Certificate certificate, X509Certificate issuer) {
        String url = distributionPoint(certificate);
        if (url == null) {
            return null;
        }
        try {
            X509CRL crl = cache.get(url);
            if (crl == null
                    || crl.getNextUpdate() == null
                    || !crl.getNextUpdate().after(new Date())) {
                try {
                    crl = fetch(url);
                } catch (FetchRefusedException e) {
                    throw new IllegalStateException(
                            "Cannot get the CRL of " + certificate.getSubjectX500Principal() + ": " + e.getMessage(),
                            e);
                } catch (IOException e) {
                    // the CA's server is down or slow: worth waiting for, unlike a CRL that does not verify
                    throw new RevocationDataUnavailableException(
                            "Cannot get the CRL " + url + " of " + certificate.getSubjectX500Principal() + ": "
                                    + e.getMessage(),
                            e);
                }
                crl.verify(issuer.getPublicKey());
                cache.put(url, crl);
            }
            if (crl.isRevoked(certificate)) {
                throw new IllegalStateException(
                        "Certificate " + certificate.getSubjectX500Principal() + " is revoked according to " + url);
            }
            return crl.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot get the CRL " + url + " of " + certificate.getSubjectX500Principal() + ": "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevocationDataUnavailableException("Interrupted while fetching " + url, e);
        }
    }

    private X509CRL fetch(String url) throws IOException, InterruptedException, GeneralSecurityException {
        byte[] body = fetcher.fetch(url);
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
    }

    /** The first http(s) URI of the certificate's CRL distribution points, or null. */
    public static String distributionPoint(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return null;
        }
        CRLDistPoint points =
                CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                for (GeneralName general :
                        GeneralNames.getInstance(name.getName()).getNames()) {
                    String uri = general.getName().toString();
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier && uri.startsWith("http")) {
                        return uri;
                    }
                }
            }
        }
        return null;
    }
}
