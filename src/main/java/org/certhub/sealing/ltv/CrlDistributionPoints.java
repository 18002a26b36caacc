package org.certhub.sealing.ltv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
 * Fetches the CRL named by a certificate's CRL distribution points over HTTP, checks it is signed by the issuer and
 * does not list the certificate, and keeps it until its next update. Thread-safe.
 */
public final class CrlDistributionPoints implements RevocationSource {

    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, X509CRL> cache = new ConcurrentHashMap<>();

    public CrlDistributionPoints(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(response.body()));
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
