package org.certhub.sealing.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.security.auth.login.FailedLoginException;
import org.certhub.sealing.SignatureToken;

/**
 * A key on a PKCS#11 token (an HSM, or SoftHSM2 for tests and the benchmark), used through Java's SunPKCS11 provider.
 * The token is chosen by {@code slot} id or by {@code tokenLabel}; the key by the label SunPKCS11 lists it under:
 * that of its certificate object, paired with the private key by {@code CKA_ID} (issuer certificates on the token are
 * added to the chain). The PIN comes from the environment variable {@code pinEnv}.
 *
 * @param library    the vendor's PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot       the slot id, or null to choose by {@code tokenLabel}
 * @param tokenLabel the token's label, or null to choose by {@code slot}
 * @param keyLabel   the key's label: CKA_LABEL of its certificate object
 * @param pinEnv     name of the environment variable holding the user PIN
 * @param sessions   at most this many signatures at once on this token (default 4)
 */
public record Pkcs11Key(Path library, Long slot, String tokenLabel, String keyLabel, String pinEnv, Long sessions)
        implements KeyReference {

    public static final long DEFAULT_SESSIONS = 4;
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    public Pkcs11Key {
        if (library == null || keyLabel == null || pinEnv == null) {
            throw new IllegalArgumentException("a pkcs11 key needs 'library', 'key-label' and 'pin-env'");
        }
        if ((slot == null) == (tokenLabel == null)) {
            throw new IllegalArgumentException("a pkcs11 key needs exactly one of 'slot' and 'token-label'");
        }
        if (sessions == null) {
            sessions = DEFAULT_SESSIONS;
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("key setting 'sessions' must be at least 1");
        }
    }

    @Override
    public String provider() {
        return "pkcs11";
    }

    /** Where the key is, for messages. */
    public String token() {
        return tokenLabel != null ? "PKCS#11 token '" + tokenLabel + "'" : "PKCS#11 slot " + slot;
    }

    @Override
    public SignatureToken open(UnaryOperator<String> environment) {
        if (!Files.isReadable(library)) {
            throw new KeyUnavailableException("PKCS#11 library " + library + " not found");
        }
        String pin = environment.apply(pinEnv);
        if (pin == null) {
            throw new KeyUnavailableException("PIN environment variable " + pinEnv + " is not set");
        }
        long slotId = slot != null ? slot : Pkcs11Slots.slotOf(library, tokenLabel);
        Provider provider;
        try {
            // one provider per opened key: SunPKCS11 binds a provider to one slot; it keeps its own session pool
            provider = Security.getProvider("SunPKCS11")
                    .configure("--name=certhub-" + PROVIDERS.incrementAndGet() + "\nlibrary=" + library + "\nslot="
                            + slotId + "\n");
        } catch (RuntimeException e) {
            throw new KeyUnavailableException(
                    "cannot use " + token() + " of " + library + ": " + e.getMessage()
                            + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"),
                    e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin.toCharArray());
            return KeyStoreSignatureToken.of(store, null, keyLabel, provider, token());
        } catch (IOException e) {
            if (causedBy(e, FailedLoginException.class)
                    || String.valueOf(e.getCause()).contains("CKR_PIN_INCORRECT")) {
                throw new KeyUnavailableException("wrong PIN for " + token() + " (from " + pinEnv + ")", e);
            }
            throw new KeyUnavailableException("cannot log in to " + token() + ": " + e.getMessage(), e);
        } catch (java.security.GeneralSecurityException | java.security.ProviderException e) {
            throw new KeyUnavailableException("cannot use " + token() + ": " + e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.of(
                "provider",
                provider(),
                "library",
                library,
                "slot",
                slot,
                "token-label",
                tokenLabel,
                "key-label",
                keyLabel,
                "pin-env",
                pinEnv,
                "sessions",
                sessions);
    }
}
