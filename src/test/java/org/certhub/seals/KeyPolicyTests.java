package org.certhub.seals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.certhub.sealing.keys.KeyReference;
import org.junit.jupiter.api.Test;

/**
 * The seal door: a key may load only a listed PKCS#11 library and read its secret only from a CERTHUB_SEAL_*
 * variable, checked before anything of the key is opened.
 */
class KeyPolicyTests {

    private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private final KeyPolicy policy = new KeyPolicy(List.of(SOFTHSM));

    private static KeyReference pkcs11(String library, String pinEnv) {
        return KeyReference.of(Map.of(
                "provider", "pkcs11", "library", library, "token-label", "seals", "key-label", "k", "pin-env", pinEnv));
    }

    private static KeyReference pkcs12(String passwordEnv) {
        return KeyReference.of(Map.of("provider", "pkcs12", "file", "seal.p12", "password-env", passwordEnv));
    }

    @Test
    void aListedLibraryWithASealVariableIsAllowed() {
        assertThatCode(() -> policy.check("hsm", pkcs11(SOFTHSM.toString(), "CERTHUB_SEAL_HSM_PIN")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.check("hsm", pkcs11("/usr/lib/softhsm/./libsofthsm2.so", "CERTHUB_SEAL_PIN")))
                .as("the same path written another way")
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.check("p12", pkcs12("CERTHUB_SEAL_P12_PASSWORD")))
                .doesNotThrowAnyException();
    }

    @Test
    void aLibraryThatIsNotListedIsRefusedNamingTheSettingThatListsThem() {
        assertThatThrownBy(() -> policy.check("hsm", pkcs11("/tmp/evil/libpkcs11.so", "CERTHUB_SEAL_HSM_PIN")))
                .isInstanceOf(KeyNotAllowedException.class)
                .hasMessage("Seal 'hsm' cannot be used: PKCS#11 library /tmp/evil/libpkcs11.so is not in "
                        + "certhub.seals.pkcs11-libraries [/usr/lib/softhsm/libsofthsm2.so]; the machine's "
                        + "administrator lists the libraries a seal may load in config/application.yaml");
        assertThatThrownBy(() -> policy.check("hsm", pkcs11("/usr/lib/softhsm/../../../tmp/x.so", "CERTHUB_SEAL_P")))
                .isInstanceOf(KeyNotAllowedException.class);
    }

    @Test
    void aPinOrPasswordFromAnyOtherVariableOrPropertyIsRefused() {
        assertThatThrownBy(() -> policy.check("hsm", pkcs11(SOFTHSM.toString(), "spring.datasource.password")))
                .isInstanceOf(KeyNotAllowedException.class)
                .hasMessage("Seal 'hsm' cannot be used: key setting 'pin-env' names spring.datasource.password; a "
                        + "seal's secret comes only from a variable named CERTHUB_SEAL_... (upper-case letters, "
                        + "digits and '_')");
        assertThatThrownBy(() -> policy.check("p12", pkcs12("CERTHUB_SOURCE_EXAM_SYSTEM_SECRET")))
                .isInstanceOf(KeyNotAllowedException.class)
                .hasMessageContaining("key setting 'password-env' names CERTHUB_SOURCE_EXAM_SYSTEM_SECRET");
        assertThatThrownBy(() -> policy.check("p12", pkcs12("CERTHUB_SEAL_")))
                .isInstanceOf(KeyNotAllowedException.class);
        assertThatThrownBy(() -> policy.check("p12", pkcs12("certhub_seal_lower")))
                .isInstanceOf(KeyNotAllowedException.class);
    }

    @Test
    void aKeyReadsOnlySealVariablesWhateverItNames() {
        Map<String, String> environment =
                Map.of("spring.datasource.password", "database secret", "CERTHUB_SEAL_PIN", "1234");
        var secrets = KeyPolicy.secrets(environment::get);

        assertThat(secrets.apply("CERTHUB_SEAL_PIN")).isEqualTo("1234");
        assertThat(secrets.apply("spring.datasource.password")).isNull();
    }
}
