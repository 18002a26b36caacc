package org.certhub.sealing.ltv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The TSAs whose timestamps the hub accepts: a token counts only if the certificate that signed it is one of the
 * trust anchors (the TSA's own certificate) or chains up to one of them (its root or an intermediate CA), with the
 * certificates the token carries as the path between, valid at the time the token states. Revocation is not checked
 * here: the CRLs of a trusted chain are fetched afterwards, for the document security store. Thread-safe.
 */
public final class TsaTrust {

    private final List<X509Certificate> anchors;

    private TsaTrust(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    /**
     * The certificates of the given PEM files, and {@code others} besides (the demo TSA's root in demo mode).
     *
     * @throws IllegalStateException naming a file that cannot be read or holds no certificate
     */
    public static TsaTrust of(List<Path> pemFiles, Collection<X509Certificate> others) {
        var anchors = new LinkedHashSet<X509Certificate>(others);
        for (Path file : pemFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new IllegalStateException("certhub.signing.tsa.trust-anchors: " + file
                            + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
                }
                certificates.forEach(c -> anchors.add((X509Certificate) c));
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException(
                        "certhub.signing.tsa.trust-anchors: cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return new TsaTrust(new ArrayList<>(anchors));
    }

    /** Whether any anchor is configured at all. */
    public boolean isEmpty() {
        return anchors.isEmpty();
    }

    /** The anchors' subjects, for messages and logs. */
    public List<String> subjects() {
        return anchors.stream().map(a -> a.getSubjectX500Principal().getName()).toList();
    }

    /**
     * Checks that the token's signer is trusted; the token's own signature must have been verified already.
     *
     * @throws TSPException naming the signer and why it is not trusted
     */
    void verify(TimeStampToken token) throws TSPException {
        X509Certificate signer;
        List<X509Certificate> carried = new ArrayList<>();
        try {
            var converter = new JcaX509CertificateConverter();
            signer = converter.getCertificate((X509CertificateHolder) token.getCertificates()
                    .getMatches(token.getSID())
                    .iterator()
                    .next());
            for (Object holder : token.getCertificates().getMatches(null)) {
                carried.add(converter.getCertificate((X509CertificateHolder) holder));
            }
        } catch (CertificateException | java.util.NoSuchElementException e) {
            throw new TSPException("cannot read the TSA certificate of the timestamp: " + e.getMessage(), e);
        }
        if (anchors.contains(signer)) {
            return;
        }
        String why;
        if (anchors.isEmpty()) {
            why = "no trust anchor is configured (certhub.signing.tsa.trust-anchors)";
        } else {
            try {
                Set<TrustAnchor> trusted =
                        anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
                X509CertSelector target = new X509CertSelector();
                target.setCertificate(signer);
                PKIXBuilderParameters parameters = new PKIXBuilderParameters(trusted, target);
                parameters.setRevocationEnabled(false);
                parameters.setDate(token.getTimeStampInfo().getGenTime());
                parameters.addCertStore(
                        CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
                CertPathBuilder.getInstance("PKIX").build(parameters);
                return;
            } catch (GeneralSecurityException e) {
                why = "it does not chain up to a trust anchor " + subjects() + " (" + e.getMessage() + ")";
            }
        }
        throw new TSPException("the timestamp is signed by "
                + signer.getSubjectX500Principal().getName() + ", which is not trusted: " + why);
    }
}
