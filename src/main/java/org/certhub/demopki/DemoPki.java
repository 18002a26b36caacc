package org.certhub.demopki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.rendering.SealImage;
import org.certhub.sealing.keys.KeyAlgorithm;
import org.certhub.sealing.ltv.CrlDistributionPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo PKI for a fresh install, so certificates can be sealed at every level before the authority's real seal
 * certificate arrives: a root CA that the hub keeps (it signs the CRL the hub publishes), the authority's seal
 * certificate and a time-stamping unit's certificate issued by it (EC P-256), and a generated seal image. The seal
 * and TSA certificates name the hub's CRL ({@code <public-base-url>/pki/crl/root.crl}) as their distribution point.
 *
 * <p>Files under the directory, all reused and never overwritten in place: {@code seal.p12} (key and chain, alias
 * {@value #ALIAS}), {@code ca.p12} (root key, alias {@value #ROOT_ALIAS}), {@code tsa.p12} (TSA key and chain, alias
 * {@value #TSA_ALIAS}), one random password for the three in {@code seal.p12.password} (owner-only where the file
 * system allows), {@code root.pem} and {@code seal.png}.
 *
 * <p>A folder made by an earlier version (a root whose key was thrown away, a seal certificate without a CRL
 * distribution point, no TSA) is upgraded in place: a new root is made and kept, the old root moves to
 * {@code root-previous.pem} (it still validates the files sealed before), the seal certificate is issued again for the
 * same key, and the TSA is added. The same re-issue happens when the public base URL, and so the CRL URL, changed.
 */
public final class DemoPki {

    private static final Logger log = LoggerFactory.getLogger(DemoPki.class);

    private static final String ALIAS = "seal";
    private static final String ROOT_ALIAS = "root";
    private static final String TSA_ALIAS = "tsa";
    private static final String KEYSTORE = "seal.p12";
    /** Held while the PKI is checked or made, by one process (hub node) at a time. */
    private static final String LOCK = ".lock";

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    private static final String ROOT_KEYSTORE = "ca.p12";
    private static final String TSA_KEYSTORE = "tsa.p12";
    private static final String PASSWORD = "seal.p12.password";
    private static final String ROOT = "root.pem";
    private static final String PREVIOUS_ROOT = "root-previous.pem";
    private static final String SEAL_IMAGE = "seal.png";
    private static final String SM2_ROOT_KEYSTORE = "sm2-ca.p12";
    private static final String SM2_SEAL_KEYSTORE = "sm2-seal.p12";
    private static final String SM2_ROOT = "sm2-root.pem";
    private static final String CRL_PATH = "/pki/crl/root.crl";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration SEAL_VALIDITY = Duration.ofDays(5 * 365);
    private static final Duration TSA_VALIDITY = Duration.ofDays(10 * 365);

    private final Path keystore;
    private final char[] password;
    private final Path rootCertificate;
    private final Path sealImage;
    private final KeyStore.PrivateKeyEntry root;
    private final KeyStore.PrivateKeyEntry tsa;
    private final String crlUrl;
    private final Path sm2Keystore;
    private final Path sm2RootKeystore;
    private final Path sm2RootCertificate;

    private DemoPki(
            Path keystore,
            char[] password,
            Path rootCertificate,
            Path sealImage,
            KeyStore.PrivateKeyEntry root,
            KeyStore.PrivateKeyEntry tsa,
            String crlUrl,
            Path sm2Keystore,
            Path sm2RootKeystore,
            Path sm2RootCertificate) {
        this.keystore = keystore;
        this.password = password;
        this.rootCertificate = rootCertificate;
        this.sealImage = sealImage;
        this.root = root;
        this.tsa = tsa;
        this.crlUrl = crlUrl;
        this.sm2Keystore = sm2Keystore;
        this.sm2RootKeystore = sm2RootKeystore;
        this.sm2RootCertificate = sm2RootCertificate;
    }

    /** {@link #ensure(Path, String, String)} for a hub at {@code http://localhost:8080}. */
    public static DemoPki ensure(Path dir, String authorityName) {
        return ensure(dir, authorityName, "http://localhost:8080");
    }

    /**
     * Creates or upgrades whatever is missing under {@code dir} and returns the PKI.
     *
     * @param authorityName the issuing authority, e.g. 江苏省住房和城乡建设厅: subject CN and O of the seal
     *                      certificate and the text of the seal image
     * @param publicBaseUrl the hub's public URL; the certificates' CRL distribution point is under it
     * @throws IllegalStateException if the key store exists without its password file or vice versa
     */
    public static DemoPki ensure(Path dir, String authorityName, String publicBaseUrl) {
        // Several hub nodes may share the folder and start together: one makes what is missing, the others wait and
        // read it (a file lock between processes, a JVM lock between threads, which a file lock does not separate).
        IN_THIS_JVM.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel =
                            FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return ensureLocked(dir, authorityName, publicBaseUrl);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the demo PKI in " + dir, e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private static DemoPki ensureLocked(Path dir, String authorityName, String publicBaseUrl) {
        String crlUrl =
                (publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl)
                        + CRL_PATH;
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(KEYSTORE);
            Path passwordFile = dir.resolve(PASSWORD);
            if (Files.exists(keystore) != Files.exists(passwordFile)) {
                throw new IllegalStateException(
                        "Found only one of " + keystore + " and " + passwordFile + "; refusing to overwrite the other");
            }
            char[] password;
            if (Files.exists(passwordFile)) {
                password = Files.readString(passwordFile, StandardCharsets.US_ASCII)
                        .strip()
                        .toCharArray();
            } else {
                password = randomPassword();
                writeNew(passwordFile, new String(password).getBytes(StandardCharsets.US_ASCII), true);
            }
            Path rootPem = dir.resolve(ROOT);
            KeyStore.PrivateKeyEntry root = ensureRoot(dir, password, rootPem);
            ensureIssued(
                    keystore, ALIAS, password, root, crlUrl, SEAL_VALIDITY, name(authorityName, authorityName), false);
            KeyStore.PrivateKeyEntry tsa = ensureIssued(
                    dir.resolve(TSA_KEYSTORE),
                    TSA_ALIAS,
                    password,
                    root,
                    crlUrl,
                    TSA_VALIDITY,
                    name("certhub Demo Time-Stamping Unit", "certhub demo"),
                    true);
            Path seal = dir.resolve(SEAL_IMAGE);
            if (!Files.exists(seal)) {
                writeNew(seal, SealImage.png(authorityName), false);
            }
            // the SM2 side (GB/T 38540 electronic seals for OFD): a root that also makes the seals, and the seal's key
            Path sm2RootStore = dir.resolve(SM2_ROOT_KEYSTORE);
            KeyStore.PrivateKeyEntry sm2Root = ensureSm2(
                    sm2RootStore, ROOT_ALIAS, password, null, name("certhub Demo SM2 Root CA", "certhub demo"));
            Path sm2RootPem = dir.resolve(SM2_ROOT);
            if (!Files.exists(sm2RootPem)) {
                writeNew(sm2RootPem, pem((X509Certificate) sm2Root.getCertificate()), false);
            }
            Path sm2Seal = dir.resolve(SM2_SEAL_KEYSTORE);
            ensureSm2(sm2Seal, ALIAS, password, sm2Root, name(authorityName + " (SM2)", authorityName));
            return new DemoPki(keystore, password, rootPem, seal, root, tsa, crlUrl, sm2Seal, sm2RootStore, sm2RootPem);
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

    /** The demo root certificate: the trust anchor of the seal and of the TSA. */
    public X509Certificate root() {
        return (X509Certificate) root.getCertificate();
    }

    /** The root's key, for the demo CA's CRLs. */
    public PrivateKey rootKey() {
        return root.getPrivateKey();
    }

    /** Where the demo CA publishes its CRL, as written in the certificates it issues. */
    public String crlUrl() {
        return crlUrl;
    }

    /** The demo time-stamping unit's key. */
    /** The SM2 seal's PKCS#12 file (alias {@link #alias()}, password {@link #password()}). */
    public Path sm2Keystore() {
        return sm2Keystore;
    }

    /** The SM2 root's PKCS#12 file (alias {@code root}): the demo's seal-making authority, which signs electronic seals. */
    public Path sm2RootKeystore() {
        return sm2RootKeystore;
    }

    /** The SM2 root's certificate (PEM), which a verifier of the demo's OFD files trusts. */
    public Path sm2RootCertificate() {
        return sm2RootCertificate;
    }

    public PrivateKey tsaKey() {
        return tsa.getPrivateKey();
    }

    /** The demo time-stamping unit's certificate first, then the root. */
    public List<X509Certificate> tsaChain() {
        return List.of((X509Certificate) tsa.getCertificateChain()[0], root());
    }

    private static KeyStore.PrivateKeyEntry ensureRoot(Path dir, char[] password, Path rootPem)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Path rootStore = dir.resolve(ROOT_KEYSTORE);
        if (Files.exists(rootStore)) {
            KeyStore.PrivateKeyEntry root = readEntry(rootStore, ROOT_ALIAS, password);
            if (!Files.exists(rootPem)) {
                writeNew(rootPem, pem((X509Certificate) root.getCertificate()), false);
            }
            return root;
        }
        if (Files.exists(rootPem)) {
            // an earlier version threw the root key away: keep its certificate for the files it sealed
            Path previous = dir.resolve(PREVIOUS_ROOT);
            Files.move(rootPem, previous, StandardCopyOption.REPLACE_EXISTING);
            log.warn(
                    "Upgrading the demo PKI in {}: a new root CA that can sign CRLs replaces the one whose key was "
                            + "not kept; files sealed before validate with {}",
                    dir,
                    previous);
        }
        KeyPair keys = newKeyPair();
        X500Name rootName = rootName();
        X509Certificate certificate =
                certificate(rootName, keys.getPublic(), rootName, keys, Instant.now(), ROOT_VALIDITY, Role.ROOT, null);
        KeyStore.PrivateKeyEntry root =
                new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {certificate});
        writeKeyStore(rootStore, ROOT_ALIAS, root, password);
        writeNew(rootPem, pem(certificate), false);
        return root;
    }

    private enum Role {
        ROOT,
        SEAL,
        TSA
    }

    /**
     * Returns the entry of a key the root issued, creating the key store when missing, or issuing the certificate
     * again for the same key when it is not the current root's or names another CRL URL.
     */
    private static KeyStore.PrivateKeyEntry ensureIssued(
            Path store,
            String alias,
            char[] password,
            KeyStore.PrivateKeyEntry root,
            String crlUrl,
            Duration validity,
            X500Name subject,
            boolean tsa)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate rootCertificate = (X509Certificate) root.getCertificate();
        KeyPair rootKeys = new KeyPair(rootCertificate.getPublicKey(), root.getPrivateKey());
        Role role = tsa ? Role.TSA : Role.SEAL;
        if (Files.exists(store)) {
            KeyStore.PrivateKeyEntry entry = readEntry(store, alias, password);
            X509Certificate current = (X509Certificate) entry.getCertificateChain()[0];
            if (issuedBy(current, rootCertificate) && crlUrl.equals(CrlDistributionPoints.distributionPoint(current))) {
                return entry;
            }
            X509Certificate reissued = certificate(
                    X500Name.getInstance(current.getSubjectX500Principal().getEncoded()),
                    current.getPublicKey(),
                    rootName(),
                    rootKeys,
                    Instant.now(),
                    validity,
                    role,
                    crlUrl);
            KeyStore.PrivateKeyEntry upgraded =
                    new KeyStore.PrivateKeyEntry(entry.getPrivateKey(), new Certificate[] {reissued, rootCertificate});
            replaceKeyStore(store, alias, upgraded, password);
            log.warn(
                    "Demo PKI: issued the certificate of {} again for the same key, by the current root and with "
                            + "CRL distribution point {}",
                    store.getFileName(),
                    crlUrl);
            return upgraded;
        }
        KeyPair keys = newKeyPair();
        X509Certificate certificate =
                certificate(subject, keys.getPublic(), rootName(), rootKeys, Instant.now(), validity, role, crlUrl);
        KeyStore.PrivateKeyEntry entry =
                new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {certificate, rootCertificate});
        writeKeyStore(store, alias, entry, password);
        return entry;
    }

    /**
     * Returns the entry of an SM2 key, creating its key store when missing: issued by {@code issuer}, or a root when
     * that is null. SM2 keys are read and written with BouncyCastle, which knows their curve.
     */
    private static KeyStore.PrivateKeyEntry ensureSm2(
            Path store, String alias, char[] password, KeyStore.PrivateKeyEntry issuer, X500Name subject)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        if (Files.exists(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12", KeyAlgorithm.provider());
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            if (!(keys.getEntry(alias, new KeyStore.PasswordProtection(password))
                    instanceof KeyStore.PrivateKeyEntry entry)) {
                throw new IllegalStateException("No key entry '" + alias + "' in " + store);
            }
            return entry;
        }
        KeyPair keys = KeyAlgorithm.SM2.generate();
        KeyPair issuerKeys =
                issuer == null ? keys : new KeyPair(issuer.getCertificate().getPublicKey(), issuer.getPrivateKey());
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(((X509Certificate) issuer.getCertificate())
                        .getSubjectX500Principal()
                        .getEncoded());
        X509Certificate certificate = certificate(
                subject,
                keys.getPublic(),
                issuerName,
                issuerKeys,
                Instant.now(),
                issuer == null ? ROOT_VALIDITY : SEAL_VALIDITY,
                issuer == null ? Role.ROOT : Role.SEAL,
                null);
        Certificate[] chain = issuer == null
                ? new Certificate[] {certificate}
                : new Certificate[] {certificate, issuer.getCertificate()};
        KeyStore.PrivateKeyEntry entry = new KeyStore.PrivateKeyEntry(keys.getPrivate(), chain);
        writeKeyStore(store, alias, entry, password);
        return entry;
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X500Name rootName() {
        return name("certhub Demo Root CA", "certhub demo");
    }

    private static X509Certificate certificate(
            X500Name subject,
            PublicKey subjectKey,
            X500Name issuer,
            KeyPair issuerKeys,
            Instant notBefore,
            Duration validity,
            Role role,
            String crlUrl)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        issuer,
                        new BigInteger(127, new SecureRandom()).setBit(126),
                        // a little back-dating absorbs clock skew between this host and validating clients
                        Date.from(notBefore.minus(Duration.ofHours(1))),
                        Date.from(notBefore.plus(validity)),
                        subject,
                        subjectKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(role == Role.ROOT))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        switch (role) {
            case ROOT ->
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            case SEAL ->
                builder.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            case TSA ->
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        // RFC 3161 2.3: the TSA's certificate has exactly this one purpose, marked critical
                        .addExtension(
                                Extension.extendedKeyUsage,
                                true,
                                new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        if (crlUrl != null) {
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(
                        new DistributionPointName(
                                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl))),
                        null,
                        null)
            }));
        }
        if (KeyAlgorithm.isSm2(issuerKeys.getPrivate())) {
            return new JcaX509CertificateConverter()
                    .setProvider(KeyAlgorithm.provider())
                    .getCertificate(builder.build(new JcaContentSignerBuilder(KeyAlgorithm.SM2.signatureAlgorithm())
                            .setProvider(KeyAlgorithm.provider())
                            .build(issuerKeys.getPrivate())));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static X500Name name(String commonName, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static KeyStore.PrivateKeyEntry readEntry(Path keystore, String alias, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        if (!(store.getEntry(alias, new KeyStore.PasswordProtection(password)) instanceof KeyStore.PrivateKeyEntry e)) {
            throw new IllegalStateException("No key entry '" + alias + "' in " + keystore);
        }
        return e;
    }

    private static void writeKeyStore(Path file, String alias, KeyStore.PrivateKeyEntry entry, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, entry.getPrivateKey(), password, entry.getCertificateChain());
        try (OutputStream out = newFile(file, true)) {
            store.store(out, password);
        }
    }

    /** Writes the upgraded key store beside the old one, then moves it over: a crash leaves one or the other. */
    private static void replaceKeyStore(Path file, String alias, KeyStore.PrivateKeyEntry entry, char[] password)
            throws IOException, GeneralSecurityException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        writeKeyStore(next, alias, entry, password);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static char[] randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    }

    /** PEM text of a certificate. */
    public static byte[] pem(X509Certificate certificate) throws GeneralSecurityException {
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
