package org.certhub.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A {@link SignatureToken} backed by a private key entry of a PKCS#12 file. Thread-safe. */
public final class KeyStoreSignatureToken implements SignatureToken {

    /**
     * BouncyCastle signs ECDSA P-256 about seven times faster than Java 17's own provider once the key is one of its
     * own (16,000 against 2,400 signatures/s on one core, see docs/benchmarks.md); RSA is the same in both.
     */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final Provider provider;

    private KeyStoreSignatureToken(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        this.algorithm = algorithmFor(key);
        this.provider = key.getAlgorithm().equals("EC") ? BOUNCY_CASTLE : null;
        // translated once: BouncyCastle would otherwise convert a JDK key on every signature, losing half the gain
        this.key = provider == null ? key : (PrivateKey) KeyFactory.getInstance("EC", provider).translateKey(key);
        this.chain = chain;
    }

    /**
     * Opens the private key entry {@code alias} of a PKCS#12 file.
     *
     * @throws IllegalArgumentException if the alias is missing or not a private key entry
     * @throws IllegalStateException    if the file cannot be read or the password is wrong
     */
    public static KeyStoreSignatureToken open(Path p12, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalArgumentException("No private key entry '" + alias + "' in " + p12);
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) certificate);
            }
            return new KeyStoreSignatureToken(privateKey, Collections.unmodifiableList(chain));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open key '" + alias + "' of " + p12, e);
        }
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public String signatureAlgorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] dataToSign) {
        try {
            // Signature objects are stateful: one per call keeps the token thread-safe
            Signature signature = provider == null ? Signature.getInstance(algorithm)
                    : Signature.getInstance(algorithm, provider);
            signature.initSign(key);
            signature.update(dataToSign);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing failed", e);
        }
    }

    private static String algorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm());
        };
    }
}
