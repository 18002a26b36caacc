package org.certhub.demopki;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.rendering.SealImage;

/**
 * Lays out a {@code data/keys} folder as the version before signature levels made it: a seal certificate with
 * noRevAvail and no CRL distribution point, a root whose key was thrown away, no TSA.
 */
final class PreviousDemoPki {

    private PreviousDemoPki() {}

    /** Returns the seal certificate and the root certificate. */
    static X509Certificate[] create(Path dir, String authority) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rootKeys = generator.generateKeyPair();
        KeyPair sealKeys = generator.generateKeyPair();
        X500Name rootName = new X500Name("C=CN,O=certhub demo,CN=certhub Demo Root CA");
        X509Certificate root = certificate(rootName, rootKeys.getPublic(), rootName, rootKeys, true);
        X509Certificate seal = certificate(
                new X500Name("C=CN,O=" + authority + ",CN=" + authority),
                sealKeys.getPublic(),
                rootName,
                rootKeys,
                false);
        char[] password = "previous-version-password".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("seal", sealKeys.getPrivate(), password, new X509Certificate[] {seal, root});
        try (OutputStream out = Files.newOutputStream(dir.resolve("seal.p12"))) {
            store.store(out, password);
        }
        Files.writeString(dir.resolve("seal.p12.password"), new String(password), StandardCharsets.US_ASCII);
        Files.write(dir.resolve("root.pem"), DemoPki.pem(root));
        Files.write(dir.resolve("seal.png"), SealImage.png(authority));
        return new X509Certificate[] {seal, root};
    }

    private static X509Certificate certificate(
            X500Name subject, PublicKey key, X500Name issuer, KeyPair issuerKeys, boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                        issuer,
                        new BigInteger(64, new SecureRandom()),
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(365))),
                        subject,
                        key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(
                                ca
                                        ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                        : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        if (!ca) {
            builder.addExtension(Extension.noRevAvail, false, DERNull.INSTANCE);
        }
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}
