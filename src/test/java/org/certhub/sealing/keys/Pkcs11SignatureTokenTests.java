package org.certhub.sealing.keys;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.certhub.testing.SoftHsmTokens;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.Test;

/**
 * The key port's contract for PKCS#11, against SoftHSM2 with tokens this test creates; plus what only a token can do:
 * be missing its PIN, or be removed while the hub runs.
 */
class Pkcs11SignatureTokenTests extends SignatureTokenContract {

    private final Map<String, String> environment = new HashMap<>();

    @Override
    KeyReference store(String name, TestPki.Seal seal) throws Exception {
        SoftHsmTokens.Token token = SoftHsmTokens.fresh();
        SoftHsm.importKey(token.label(), token.pin(), "seal", seal.key(), seal.chain());
        String pinEnv = "PIN_" + token.label().toUpperCase().replace('-', '_');
        environment.put(pinEnv, token.pin());
        environment.put("WRONG_PIN", "000000");
        return new Pkcs11Key(SoftHsm.LIBRARY, null, token.label(), "seal", pinEnv, (long) SESSIONS);
    }

    @Override
    String environment(String variable) {
        return environment.get(variable);
    }

    @Override
    KeyReference withWrongSecret(KeyReference reference) {
        var p11 = (Pkcs11Key) reference;
        return new Pkcs11Key(p11.library(), p11.slot(), p11.tokenLabel(), p11.keyLabel(), "WRONG_PIN", p11.sessions());
    }

    @Override
    KeyReference withMissingKey(KeyReference reference) {
        var p11 = (Pkcs11Key) reference;
        return new Pkcs11Key(p11.library(), p11.slot(), p11.tokenLabel(), "no-such-key", p11.pinEnv(), p11.sessions());
    }

    @Test
    void aMissingPinNamesTheVariable() throws Exception {
        var p11 = (Pkcs11Key) store("no-pin", pki.issue("无PIN", "EC", Duration.ofDays(365)));
        var reference = new Pkcs11Key(p11.library(), p11.slot(), p11.tokenLabel(), p11.keyLabel(), "UNSET_PIN", 2L);

        assertThatThrownBy(() -> reference.open(this::environment))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessage("PIN environment variable UNSET_PIN is not set");
    }

    @Test
    void aTokenThatDoesNotExistIsNamed() throws Exception {
        var p11 = (Pkcs11Key) store("no-token", pki.issue("无令牌", "EC", Duration.ofDays(365)));
        var reference = new Pkcs11Key(p11.library(), null, "no-such-token", p11.keyLabel(), p11.pinEnv(), 2L);

        assertThatThrownBy(() -> reference.open(this::environment))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageStartingWith("no PKCS#11 token labelled 'no-such-token'");
    }

    @Test
    void aMissingLibraryIsNamed() {
        var reference = new Pkcs11Key(java.nio.file.Path.of("/nonexistent/libpkcs11.so"), 0L, null, "seal", "PIN", 2L);

        assertThatThrownBy(() -> reference.open(this::environment))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessage("PKCS#11 library /nonexistent/libpkcs11.so not found");
    }

    @Test
    void aTokenRemovedWhileInUseFailsToSignWithAClearError() throws Exception {
        var reference = (Pkcs11Key) store("removed", pki.issue("拔出", "EC", Duration.ofDays(365)));
        GuardedSignatureToken token = open(reference);
        token.sign(new byte[] {1});

        SoftHsm.deleteToken(reference.tokenLabel());

        assertThatThrownBy(() -> token.sign(new byte[] {2}))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageStartingWith("signing with PKCS#11 token '" + reference.tokenLabel() + "' failed");
    }
}
