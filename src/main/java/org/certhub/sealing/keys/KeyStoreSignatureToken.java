package org.certhub.sealing.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.certhub.sealing.SignatureToken;

/**
 * A {@link SignatureToken} backed by a private key entry of a {@link KeyStore}: a PKCS#12 file, or a PKCS#11 token
 * through its SunPKCS11 provider (then the key never leaves the token and signing happens there). Thread-safe.
 */
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
    private final String where;
    /**
     * For a software SM2 key, one signature object per thread, kept: BouncyCastle's SM2 signer works out the public
     * key and the signer's Z value again at each initialisation (a scalar multiplication, 15 % of an OFD's sealing),
     * and a signature object is ready for the next signature after each one. Null for other keys.
     */
    private final ThreadLocal<Signature> sm2Signatures;

    private KeyStoreSignatureToken(PrivateKey key, List<X509Certificate> chain, Provider provider, String where)
            throws GeneralSecurityException {
        this.algorithm = algorithmFor(key);
        this.chain = chain;
        this.where = where;
        if (provider == null && key.getAlgorithm().equals("EC")) {
            // a software EC key: translated once, since BouncyCastle would otherwise convert a JDK key on every
            // signature, losing half the gain
            this.provider = BOUNCY_CASTLE;
            this.key = (PrivateKey) KeyFactory.getInstance("EC", BOUNCY_CASTLE).translateKey(key);
        } else {
            this.provider = provider;
            this.key = key;
        }
        this.sm2Signatures = provider == null && KeyAlgorithm.isSm2(this.key)
                ? ThreadLocal.withInitial(() -> {
                    try {
                        Signature signature = Signature.getInstance(algorithm, BOUNCY_CASTLE);
                        signature.initSign(this.key);
                        return signature;
                    } catch (GeneralSecurityException e) {
                        throw new KeyUnavailableException("cannot sign with " + where + ": " + e.getMessage(), e);
                    }
                })
                : null;
    }

    /**
     * Opens the private key entry {@code alias} of a PKCS#12 file.
     *
     * @param alias the entry, or null for the file's only private key entry
     * @throws KeyUnavailableException if the file is missing, the password is wrong or there is no such key entry
     */
    public static KeyStoreSignatureToken open(Path p12, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            byte[] file = in.readAllBytes();
            try {
                store.load(new java.io.ByteArrayInputStream(file), password);
            } catch (IOException e) {
                if (!(e.getCause() instanceof UnrecoverableKeyException)) {
                    throw e;
                }
                // Java's PKCS#12 store reports a key on a curve it does not know (SM2, sm2p256v1) as a wrong
                // password; BouncyCastle's reads it, and fails the same way when the password is wrong
                store = KeyStore.getInstance("PKCS12", BOUNCY_CASTLE);
                store.load(new java.io.ByteArrayInputStream(file), password);
            }
            return of(store, password, alias, null, "PKCS#12 file " + p12);
        } catch (NoSuchFileException e) {
            throw new KeyUnavailableException("PKCS#12 file " + p12 + " not found");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyUnavailableException("wrong password for PKCS#12 file " + p12);
            }
            throw new KeyUnavailableException("cannot read PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot read PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        }
    }

    /**
     * The private key entry {@code alias} of a loaded key store; signatures are made by {@code provider} (null: the
     * default providers).
     *
     * @param where names the store in error messages, e.g. {@code PKCS#11 token 'seals'}
     * @throws KeyUnavailableException if there is no such private key entry or it has no certificate
     */
    public static KeyStoreSignatureToken of(
            KeyStore store, char[] keyPassword, String alias, Provider provider, String where) {
        try {
            String entry = alias == null ? onlyKeyEntry(store, where) : alias;
            Key key = store.isKeyEntry(entry) ? store.getKey(entry, keyPassword) : null;
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyUnavailableException(
                        "no private key '" + entry + "' in " + where + " (key entries: " + keyEntries(store) + ")");
            }
            Certificate[] certificates = store.getCertificateChain(entry);
            if (certificates == null || certificates.length == 0) {
                throw new KeyUnavailableException("private key '" + entry + "' in " + where + " has no certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                chain.add((X509Certificate) certificate);
            }
            return new KeyStoreSignatureToken(privateKey, Collections.unmodifiableList(chain), provider, where);
        } catch (UnrecoverableKeyException e) {
            throw new KeyUnavailableException("wrong password for key '" + alias + "' in " + where);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot read key '" + alias + "' of " + where + ": " + e.getMessage(), e);
        }
    }

    private static String onlyKeyEntry(KeyStore store, String where) throws KeyStoreException {
        List<String> keys = keyEntries(store);
        if (keys.size() != 1) {
            throw new KeyUnavailableException(
                    where + " holds " + keys.size() + " key entries " + keys + "; name one with 'alias'");
        }
        return keys.get(0);
    }

    private static List<String> keyEntries(KeyStore store) throws KeyStoreException {
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        return keys;
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
            Signature signature;
            if (sm2Signatures != null) {
                signature = sm2Signatures.get();
            } else {
                // Signature objects are stateful: one per call keeps the token thread-safe
                signature = provider == null
                        ? Signature.getInstance(algorithm)
                        : Signature.getInstance(algorithm, provider);
                signature.initSign(key);
            }
            signature.update(dataToSign);
            return signature.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            if (sm2Signatures != null) {
                // a signature object in an unknown state is not used again
                sm2Signatures.remove();
            }
            // SunPKCS11 reports a vanished token or session as a ProviderException
            throw new KeyUnavailableException("signing with " + where + " failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static String algorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> KeyAlgorithm.isSm2(key) ? KeyAlgorithm.SM2.signatureAlgorithm() : "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new KeyUnavailableException("unsupported key algorithm " + key.getAlgorithm());
        };
    }
}
