package org.certhub.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.sealing.keys.KeyAlgorithm;

/**
 * A test root CA that issues seal certificates with any key algorithm and validity, so tests can make keys that
 * expire in 10 days, have expired, or are RSA instead of EC. The root's certificate is written to {@code root.pem}.
 */
public final class TestPki {

    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final Path rootPem;

    /** A seal key with its chain (seal certificate first, then the root). */
    public record Seal(PrivateKey key, List<X509Certificate> chain) {

        /** Writes the key and chain to a PKCS#12 file under the alias {@code seal}. */
        public Path writePkcs12(Path file, char[] password) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("seal", key, password, chain.toArray(new X509Certificate[0]));
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        }
    }

    public TestPki(Path dir) throws Exception {
        rootKeys = KeyAlgorithm.P256.generate();
        X500Name name = new X500Name("C=CN,O=certhub tests,CN=certhub Test Root CA");
        Instant now = Instant.now();
        root = certificate(
                name, rootKeys, name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true, false);
        Files.createDirectories(dir);
        rootPem = dir.resolve("root.pem");
        Files.writeString(
                rootPem,
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(root.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
    }

    public Path rootPem() {
        return rootPem;
    }

    public X509Certificate root() {
        return root;
    }

    /** A seal certificate for {@code subject} with an EC P-256, SM2 or RSA-2048 key, valid from an hour ago. */
    public Seal issue(String subject, String algorithm, Duration validity) throws Exception {
        Instant now = Instant.now();
        return issue(subject, algorithm, now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    public Seal issue(String subject, String algorithm, Instant notBefore, Instant notAfter) throws Exception {
        return issue(subject, algorithm, notBefore, notAfter, false);
    }

    /** A time-stamping certificate (extended key usage id-kp-timeStamping, critical) for a test TSA. */
    public Seal issueTimestamping(String subject) throws Exception {
        Instant now = Instant.now();
        return issue(subject, "EC", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), true);
    }

    private Seal issue(String subject, String algorithm, Instant notBefore, Instant notAfter, boolean timestamping)
            throws Exception {
        KeyPair keys = switch (algorithm) {
            case "EC" -> KeyAlgorithm.P256.generate();
            case "SM2" -> KeyAlgorithm.SM2.generate();
            default -> KeyAlgorithm.RSA2048.generate();
        };
        X509Certificate certificate = certificate(
                new X500Name("C=CN,O=" + subject + ",CN=" + subject),
                keys,
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                notBefore,
                notAfter,
                false,
                timestamping);
        return new Seal(keys.getPrivate(), List.of(certificate, root));
    }

    /**
     * A TSA certificate (EC P-256, critical extended key usage timeStamping only, as RFC 3161 wants) for a test TSA of
     * this PKI: its key and chain sign timestamps that chain up to this root and no other.
     */
    public Seal issueTsa(String subject, Duration validity) throws Exception {
        KeyPair keys = KeyAlgorithm.P256.generate();
        Instant now = Instant.now();
        X509Certificate certificate = certificate(
                new X500Name("C=CN,O=certhub tests,CN=" + subject),
                keys,
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                now.minus(Duration.ofHours(1)),
                now.plus(validity),
                false,
                true);
        return new Seal(keys.getPrivate(), List.of(certificate, root));
    }

    private X509Certificate certificate(
            X500Name subject, KeyPair subjectKeys, X500Name issuer, Instant notBefore, Instant notAfter, boolean ca)
            throws Exception {
        return certificate(subject, subjectKeys, issuer, notBefore, notAfter, ca, false);
    }

    private X509Certificate certificate(
            X500Name subject,
            KeyPair subjectKeys,
            X500Name issuer,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            boolean timeStamping)
            throws Exception {
        var extensions = new JcaX509ExtensionUtils();
        var builder = new JcaX509v3CertificateBuilder(
                        issuer,
                        new BigInteger(64, new SecureRandom()).setBit(63),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(
                                ca
                                        ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                        : KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        KeyPair signer = ca ? subjectKeys : rootKeys;
        if (!ca) {
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(rootKeys.getPublic()));
            // no CRL or OCSP for test certificates (RFC 9608), so DSS does not fail for missing revocation data
            builder.addExtension(Extension.noRevAvail, false, DERNull.INSTANCE);
        }
        if (timeStamping) {
            builder.addExtension(
                    Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        var converter = new JcaX509CertificateConverter();
        if (KeyAlgorithm.isSm2(subjectKeys.getPublic())) {
            // Java cannot read a certificate for a key on SM2's curve
            converter.setProvider(KeyAlgorithm.provider());
        }
        return converter.getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
