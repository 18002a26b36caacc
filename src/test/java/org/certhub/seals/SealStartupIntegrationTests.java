package org.certhub.seals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.certhub.CerthubApplication;
import org.certhub.sealing.keys.SoftHsm;
import org.certhub.testing.HubHttp;
import org.certhub.testing.SoftHsmTokens;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

/**
 * A seal that fails its check stops the hub's start with a message naming the seal and the reason: a missing PIN, an
 * expired certificate, a certificate of another key, a wrong password, a key label the token does not have, a PKCS#11
 * library that is not allowed, a PIN from a variable outside CERTHUB_SEAL_*.
 */
@ExtendWith(OutputCaptureExtension.class)
class SealStartupIntegrationTests {

    private static final Path ROOT = Path.of("target/it/seal-startup");
    private static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        pki = new TestPki(ROOT.resolve("pki"));
    }

    @Test
    void aMissingPinStopsTheStartNamingTheSealAndTheVariable(CapturedOutput output) throws Exception {
        var token = hsmToken("hsm-seal");
        String message =
                failedStart("missing-pin", pkcs11Seal("hsm", token.label(), "hsm-seal", "CERTHUB_SEAL_UNSET_PIN"));

        assertThat(message)
                .isEqualTo("Seal 'hsm' cannot be used: PIN environment variable CERTHUB_SEAL_UNSET_PIN is not set");
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("Seal 'hsm' cannot be used: PIN environment variable CERTHUB_SEAL_UNSET_PIN is not set");
    }

    @Test
    void aLibraryThatIsNotAllowedStopsTheStartBeforeItIsLoaded() throws Exception {
        // a PKCS#11 library that would load (a copy of SoftHSM2's), but not from the allowed list
        var token = hsmToken("copied");
        Path copy = Files.createDirectories(ROOT.resolve("lib")).resolve("libcopied.so");
        Files.copy(SoftHsm.LIBRARY, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String seal = pkcs11Seal("hsm", token.label(), "copied", "CERTHUB_SEAL_STARTUP_PIN")
                .replace(SoftHsm.LIBRARY.toString(), copy.toString());

        String message = failedStart("unlisted-library", seal, "--CERTHUB_SEAL_STARTUP_PIN=" + token.pin());

        assertThat(message)
                .isEqualTo("Seal 'hsm' cannot be used: PKCS#11 library " + copy
                        + " is not in certhub.seals.pkcs11-libraries [/usr/lib/softhsm/libsofthsm2.so]; the "
                        + "machine's administrator lists the libraries a seal may load in config/application.yaml");
    }

    @Test
    void aPinFromAVariableOutsideCerthubSealStopsTheStart() throws Exception {
        var token = hsmToken("any-pin");
        String message = failedStart(
                "foreign-pin",
                pkcs11Seal("hsm", token.label(), "any-pin", "STARTUP_IT_PIN"),
                "--STARTUP_IT_PIN=" + token.pin());

        assertThat(message)
                .startsWith("Seal 'hsm' cannot be used: key setting 'pin-env' names STARTUP_IT_PIN; a seal's "
                        + "secret comes only from a variable named CERTHUB_SEAL_...");
    }

    @Test
    void aKeyLabelTheTokenDoesNotHaveStopsTheStart() throws Exception {
        var token = hsmToken("present");
        String message = failedStart(
                "no-key",
                pkcs11Seal("hsm", token.label(), "absent", "CERTHUB_SEAL_STARTUP_PIN"),
                "--CERTHUB_SEAL_STARTUP_PIN=" + token.pin());

        assertThat(message)
                .startsWith("Seal 'hsm' cannot be used: no private key 'absent' in PKCS#11 token '" + token.label()
                        + "' (key entries: [present])");
    }

    @Test
    void anExpiredCertificateStopsTheStart() throws Exception {
        Instant now = Instant.now();
        pki.issue("过期", "EC", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(2)))
                .writePkcs12(ROOT.resolve("expired.p12"), "pw".toCharArray());

        String message = failedStart("expired", pkcs12Seal("old", "expired.p12"), "--CERTHUB_SEAL_STARTUP_PASSWORD=pw");

        assertThat(message).startsWith("Seal 'old' cannot be used: the certificate of seal 'old' expired on ");
    }

    @Test
    void aCertificateOfAnotherKeyStopsTheStart() throws Exception {
        var mine = pki.issue("我的", "EC", Duration.ofDays(365));
        var other = pki.issue("别人的", "EC", Duration.ofDays(365));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("seal", mine.key(), "pw".toCharArray(), other.chain().toArray(new X509Certificate[0]));
        try (var out = Files.newOutputStream(Files.createDirectories(ROOT).resolve("mismatch.p12"))) {
            store.store(out, "pw".toCharArray());
        }

        String message =
                failedStart("mismatch", pkcs12Seal("mixed", "mismatch.p12"), "--CERTHUB_SEAL_STARTUP_PASSWORD=pw");

        assertThat(message)
                .startsWith("Seal 'mixed' cannot be used: the certificate ")
                .contains("does not match the key");
    }

    @Test
    void aWrongPasswordStopsTheStart() throws Exception {
        pki.issue("密码", "EC", Duration.ofDays(365)).writePkcs12(ROOT.resolve("good.p12"), "pw".toCharArray());

        String message =
                failedStart("wrong-password", pkcs12Seal("locked", "good.p12"), "--CERTHUB_SEAL_STARTUP_PASSWORD=nope");

        assertThat(message)
                .isEqualTo("Seal 'locked' cannot be used: wrong password for PKCS#12 file " + ROOT.resolve("good.p12"));
    }

    @Test
    void aKeyRotatedThroughTheApiIsStillTheSealsKeyAfterARestart() throws Exception {
        pki.issue("轮换", "EC", Duration.ofDays(365)).writePkcs12(ROOT.resolve("rotated.p12"), "pw".toCharArray());
        Path dir = Files.createDirectories(ROOT.resolve("restart"));
        String[] args = {
            "--server.port=0",
            "--certhub.paths.data=" + dir.resolve("data"),
            "--certhub.paths.inbox=" + dir.resolve("inbox"),
            "--certhub.paths.outbox=" + dir.resolve("outbox"),
            "--certhub.seals.file=" + dir.resolve("none.yaml"),
            "--CERTHUB_SEAL_STARTUP_PASSWORD=pw",
            "--CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD,
            "--certhub.users.ops2.roles=ADMIN",
            "--certhub.users.ops2.password=ops2-password"
        };
        try (var hub = SpringApplication.run(CerthubApplication.class, args)) {
            int port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
            var proposal =
                    HubHttp.adminPost(port, "/api/v1/seals/demo/keys", """
                    {"provider": "pkcs12", "file": "%s", "password-env": "CERTHUB_SEAL_STARTUP_PASSWORD"}""".formatted(ROOT.resolve("rotated.p12")));
            assertThat(proposal.statusCode()).as(proposal.body()).isEqualTo(202);
            String id = proposal.headers().firstValue("Location").orElseThrow();
            var response = HubHttp.postAs("ops2", "ops2-password", port, id + "/approve", "");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
        try (var hub = SpringApplication.run(CerthubApplication.class, args)) {
            int port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
            var demo = HubHttp.adminJson(port, "/api/v1/seals/demo");
            assertThat(demo.get("keyVersion").asInt()).isEqualTo(2);
            assertThat(demo.get("subject").asString()).contains("CN=轮换");
            assertThat(demo.get("keys")).hasSize(2);
            assertThat(demo.get("keys").get(1).get("approvedBy").asString()).isEqualTo("ops2");
        }
    }

    private static SoftHsmTokens.Token hsmToken(String keyLabel) throws Exception {
        var token = SoftHsmTokens.fresh();
        var seal = pki.issue("硬件", "EC", Duration.ofDays(365));
        SoftHsm.importKey(token.label(), token.pin(), keyLabel, seal.key(), seal.chain());
        return token;
    }

    private static String pkcs11Seal(String id, String tokenLabel, String keyLabel, String pinEnv) {
        return """
                  - id: %s
                    name: 硬件印章
                    key: { provider: pkcs11, library: %s, token-label: %s, key-label: %s, pin-env: %s }
                """.formatted(id, SoftHsm.LIBRARY, tokenLabel, keyLabel, pinEnv);
    }

    private static String pkcs12Seal(String id, String file) {
        return """
                  - id: %s
                    name: 测试印章
                    key: { provider: pkcs12, file: %s, alias: seal, password-env: CERTHUB_SEAL_STARTUP_PASSWORD }
                """.formatted(id, ROOT.resolve(file));
    }

    /** Starts the hub with these seals and returns the message of the seal check that stopped it. */
    private static String failedStart(String name, String seals, String... args) throws Exception {
        Path dir = ROOT.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("seals.yaml"), "seals:\n" + seals);
        var all = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--certhub.paths.data=" + dir.resolve("data"),
                "--certhub.paths.inbox=" + dir.resolve("inbox"),
                "--certhub.paths.outbox=" + dir.resolve("outbox"),
                "--certhub.seals.file=" + dir.resolve("seals.yaml"),
                "--CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD));
        all.addAll(java.util.List.of(args));
        Throwable failure =
                catchThrowable(() -> SpringApplication.run(CerthubApplication.class, all.toArray(new String[0]))
                        .close());
        assertThat(failure).as("the hub started").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SealCheckException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("the start failed, but not for a seal", failure);
    }
}
