package org.certhub.sealing.keys;

import org.certhub.testing.TestPki;

/** The key port's contract for PKCS#12 files. */
class Pkcs12SignatureTokenTests extends SignatureTokenContract {

    private static final String PASSWORD = "contract-password";

    @Override
    KeyReference store(String name, TestPki.Seal seal) throws Exception {
        var file = seal.writePkcs12(dir.resolve(name + ".p12"), PASSWORD.toCharArray());
        return new Pkcs12Key(file, "seal", "P12_PASSWORD", null);
    }

    @Override
    String environment(String variable) {
        return switch (variable) {
            case "P12_PASSWORD" -> PASSWORD;
            case "WRONG_PASSWORD" -> "not-the-password";
            default -> null;
        };
    }

    @Override
    KeyReference withWrongSecret(KeyReference reference) {
        var p12 = (Pkcs12Key) reference;
        return new Pkcs12Key(p12.file(), p12.alias(), "WRONG_PASSWORD", null);
    }

    @Override
    KeyReference withMissingKey(KeyReference reference) {
        var p12 = (Pkcs12Key) reference;
        return new Pkcs12Key(p12.file(), "no-such-key", p12.passwordEnv(), null);
    }

    /** PKCS#12 keys are not bounded by the reference; the contract bounds them as an HSM would be. */
    @Override
    GuardedSignatureToken open(KeyReference reference) {
        return new GuardedSignatureToken(
                reference.open(this::environment),
                "test key",
                SESSIONS,
                GuardedSignatureToken.DEFAULT_WAIT,
                java.time.Clock.systemUTC());
    }
}
