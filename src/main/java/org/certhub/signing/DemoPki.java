package org.certhub.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Demo PKI for a fresh install, so certificates can be sealed before the authority's real seal certificate arrives:
 * a self-signed root CA and, issued by it, the authority's seal certificate (EC P-256), plus a generated seal image.
 *
 * <p>Files under the directory: {@code seal.p12} (key and chain, alias {@value #ALIAS}), {@code seal.p12.password}
 * (random, owner-only where the file system allows), {@code root.pem} and {@code seal.png}. Existing files are reused
 * and never overwritten. The root's private key is not kept: a demo root signs exactly one certificate.
 */
public final class DemoPki {

    private static final String ALIAS = "seal";
    private static final String KEYSTORE = "seal.p12";
    private static final String PASSWORD = "seal.p12.password";
    private static final String ROOT = "root.pem";
    private static final String SEAL_IMAGE = "seal.png";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keystore;
    private final char[] password;
    private final Path rootCertificate;
    private final Path sealImage;

    private DemoPki(Path keystore, char[] password, Path rootCertificate, Path sealImage) {
        this.keystore = keystore;
        this.password = password;
        this.rootCertificate = rootCertificate;
        this.sealImage = sealImage;
    }

    /**
     * Creates whatever is missing under {@code dir} and returns the paths.
     *
     * @param authorityName the issuing authority, e.g. 江苏省住房和城乡建设厅: subject CN and O of the seal
     *                      certificate and the text of the seal image
     * @throws IllegalStateException if the key store exists without its password file or vice versa
     */
    public static DemoPki ensure(Path dir, String authorityName) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(KEYSTORE);
            Path passwordFile = dir.resolve(PASSWORD);
            if (Files.exists(keystore) != Files.exists(passwordFile)) {
                throw new IllegalStateException("Found only one of " + keystore + " and " + passwordFile
                        + "; refusing to overwrite the other");
            }
            X509Certificate[] chain;
            char[] password;
            if (Files.exists(keystore)) {
                password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
                chain = readChain(keystore, password);
            } else {
                password = randomPassword();
                chain = createKeyStore(keystore, password, authorityName);
                writeNew(passwordFile, new String(password).getBytes(StandardCharsets.US_ASCII), true);
            }
            Path root = dir.resolve(ROOT);
            if (!Files.exists(root)) {
                writeNew(root, pem(chain[chain.length - 1]), false);
            }
            Path seal = dir.resolve(SEAL_IMAGE);
            if (!Files.exists(seal)) {
                writeNew(seal, SealImage.png(authorityName), false);
            }
            return new DemoPki(keystore, password, root, seal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set up the demo PKI in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot set up the demo PKI in " + dir, e);
        }
    }

    public Path keystore() {
        return keystore;
    }

    /** The key store password; a copy, so callers may wipe it. */
    public char[] password() {
        return password.clone();
    }

    public String alias() {
        return ALIAS;
    }

    public Path rootCertificate() {
        return rootCertificate;
    }

    public Path sealImage() {
        return sealImage;
    }

    private static X509Certificate[] createKeyStore(Path keystore, char[] password, String authorityName)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rootKeys = generator.generateKeyPair();
        KeyPair sealKeys = generator.generateKeyPair();
        Instant now = Instant.now();

        X500Name rootName = name("certhub Demo Root CA", "certhub demo");
        X509Certificate root = certificate(rootName, rootKeys.getPublic(), rootName, rootKeys, now,
                Duration.ofDays(20 * 365), true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate seal = certificate(name(authorityName, authorityName), sealKeys.getPublic(), rootName, rootKeys,
                now, Duration.ofDays(5 * 365), false, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate[] chain = {seal, root};
        store.setKeyEntry(ALIAS, sealKeys.getPrivate(), password, chain);
        try (OutputStream out = newFile(keystore, true)) {
            store.store(out, password);
        }
        return chain;
    }

    private static X509Certificate certificate(X500Name subject, PublicKey subjectKey, X500Name issuer,
            KeyPair issuerKeys, Instant notBefore, Duration validity, boolean ca, KeyUsage keyUsage)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(127, new SecureRandom()).setBit(126),
                // a little back-dating absorbs clock skew between this host and validating clients
                Date.from(notBefore.minus(Duration.ofHours(1))), Date.from(notBefore.plus(validity)),
                subject, subjectKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true, keyUsage)
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (!ca) {
            // RFC 9608: the demo CA publishes no CRL or OCSP, and says so; validators such as EU DSS then skip the
            // revocation check instead of failing with "no revocation data found"
            builder.addExtension(Extension.noRevAvail, false, DERNull.INSTANCE);
        }
        PrivateKey signingKey = issuerKeys.getPrivate();
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
    }

    private static X500Name name(String commonName, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509Certificate[] readChain(Path keystore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        Certificate[] chain = store.getCertificateChain(ALIAS);
        if (chain == null) {
            throw new IllegalStateException("No key entry '" + ALIAS + "' in " + keystore);
        }
        X509Certificate[] result = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            result[i] = (X509Certificate) chain[i];
        }
        return result;
    }

    private static char[] randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    }

    private static byte[] pem(X509Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeNew(Path file, byte[] content, boolean secret) throws IOException {
        try (OutputStream out = newFile(file, secret)) {
            out.write(content);
        }
    }

    /** Creates the file, failing if it exists; secrets are owner-only from the moment they exist. */
    private static OutputStream newFile(Path file, boolean secret) throws IOException {
        if (secret && Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            try {
                Files.createFile(file, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException("Refusing to overwrite " + file, e);
            }
            return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
