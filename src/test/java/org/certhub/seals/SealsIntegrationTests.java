package org.certhub.seals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.certhub.sealing.keys.SoftHsm;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.SoftHsmTokens;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seal registry on the embedded default, through the admin API as an operator uses it: the demo seal plus a
 * PKCS#12 seal that expires in 10 days and a PKCS#11 seal on SoftHSM2 from {@code seals.yaml}; the demo seal rotated
 * to an HSM key while certificates are issued; a rotation to a broken key refused; the HSM token pulled out while
 * the hub runs. Every rotation and definition is proposed by the administrator and approved by a second one (ops2).
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: its own seals file, with keys and SoftHSM2
 * tokens made before the hub starts.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/seals/data",
            "certhub.paths.inbox=target/it/seals/inbox",
            "certhub.paths.outbox=target/it/seals/outbox",
            "certhub.seals.file=target/it/seals/seals.yaml",
            "certhub.intake.file-min-age=200",
            "CERTHUB_SEAL_IT_P12_PASSWORD=p12-password",
            "CERTHUB_SEAL_IT_WRONG_PASSWORD=not-the-password",
            "SEALS_IT_P12_PASSWORD=p12-password",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD,
            "certhub.users.ops2.roles=ADMIN",
            "certhub.users.ops2.password=" + SealsIntegrationTests.OPS2_PASSWORD
        })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SealsIntegrationTests {

    static final String OPS2_PASSWORD = "test-ops2-password";
    private static final Path ROOT = Path.of("target/it/seals");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");

    private static TestPki pki;
    private static SoftHsmTokens.Token hsmSealToken;
    private static SoftHsmTokens.Token rotatedToken;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void keys() throws Exception {
        FileSystemUtils.deleteRecursively(ROOT);
        hsmSealToken = SoftHsmTokens.fresh();
        rotatedToken = SoftHsmTokens.fresh();
        pki = new TestPki(ROOT.resolve("pki"));
        pki.issue("即将到期", "EC", Duration.ofDays(10))
                .writePkcs12(ROOT.resolve("keys/expiring.p12"), "p12-password".toCharArray());
        pki.issue("rotated-away", "EC", Duration.ofDays(365))
                .writePkcs12(ROOT.resolve("keys/later.p12"), "p12-password".toCharArray());
        var hsmSeal = pki.issue("硬件印章", "EC", Duration.ofDays(365));
        SoftHsm.importKey(hsmSealToken.label(), hsmSealToken.pin(), "jiangsu-housing", hsmSeal.key(), hsmSeal.chain());
        var rotated = pki.issue("江苏省住房和城乡建设厅", "EC", Duration.ofDays(365));
        SoftHsm.importKey(rotatedToken.label(), rotatedToken.pin(), "demo-2", rotated.key(), rotated.chain());
        Files.writeString(ROOT.resolve("seals.yaml"), """
                default: demo
                seals:
                  - id: expiring-soon
                    name: 即将到期的印章
                    authority: "11320000014000179U"
                    key:
                      provider: pkcs12
                      file: target/it/seals/keys/expiring.p12
                      alias: seal
                      password-env: CERTHUB_SEAL_IT_P12_PASSWORD
                  - id: jiangsu-housing-hsm
                    name: 江苏省住房和城乡建设厅电子印章
                    key:
                      provider: pkcs11
                      library: %s
                      token-label: %s
                      key-label: jiangsu-housing
                      pin-env: CERTHUB_SEAL_IT_HSM_PIN
                      sessions: 2
                """.formatted(SoftHsm.LIBRARY, hsmSealToken.label()));
    }

    @DynamicPropertySource
    static void pins(DynamicPropertyRegistry registry) {
        registry.add("CERTHUB_SEAL_IT_HSM_PIN", () -> hsmSealToken.pin());
        registry.add("CERTHUB_SEAL_IT_ROTATED_PIN", () -> rotatedToken.pin());
    }

    @Test
    @Order(1)
    void theSealsAreListedWithProviderCertificateAndStatus() throws Exception {
        JsonNode seals = HubHttp.adminJson(port, "/api/v1/seals");

        // with the demo SM2 seal for OFD files
        assertThat(seals).hasSize(4);
        assertThat(seal(seals, "demo-sm2").get("subject").asString()).contains("(SM2)");
        JsonNode demo = seal(seals, "demo");
        assertThat(demo.get("isDefault").asBoolean()).isTrue();
        assertThat(demo.get("provider").asString()).isEqualTo("pkcs12");
        assertThat(demo.get("subject").asString()).contains("CN=江苏省住房和城乡建设厅");
        assertThat(demo.get("keyVersion").asInt()).isEqualTo(1);
        assertThat(demo.get("status").asString()).isEqualTo("active");
        assertThat(demo.get("daysLeft").asLong()).isGreaterThan(1000);

        JsonNode expiring = seal(seals, "expiring-soon");
        assertThat(expiring.get("status").asString()).isEqualTo("expiring");
        assertThat(expiring.get("daysLeft").asLong()).isBetween(9L, 10L);
        assertThat(expiring.get("serial").asString()).isNotBlank();
        assertThat(expiring.get("notAfter").asString()).isNotBlank();

        JsonNode hsm = seal(seals, "jiangsu-housing-hsm");
        assertThat(hsm.get("provider").asString()).isEqualTo("pkcs11");
        assertThat(hsm.get("key").get("token-label").asString()).isEqualTo(hsmSealToken.label());
        assertThat(hsm.get("key").toString()).as("never a secret").doesNotContain(hsmSealToken.pin());
        assertThat(hsm.get("status").asString()).isEqualTo("active");
    }

    @Test
    @Order(2)
    void aCertificateThatExpiresIn10DaysIsAWarningInTheHealthEndpointAndTheLog(CapturedOutput output) throws Exception {
        // the seals component on its own: the hub's overall status also depends on unrelated route consumers
        JsonNode seals = HubHttp.adminJson(port, "/actuator/health/seals");

        assertThat(seals.get("status").asString()).isEqualTo("UP");
        assertThat(seals.get("details").get("warnings").toString())
                .containsPattern("seal 'expiring-soon': certificate expires in (9|10) days");
        assertThat(seals.get("details").get("warnings")).hasSize(1);
        assertThat(output.getAll()).containsPattern("The certificate of seal 'expiring-soon' expires in (9|10) days");
    }

    @Test
    @Order(3)
    void certificatesSealedBeforeAndAfterARotationBothPassDssWithDifferentSigners() throws Exception {
        String before = ExamSystemCsv.idNumber("320102", "19800101", 301);
        drop("before.csv", before, "张前");
        await().atMost(Duration.ofSeconds(90)).until(() -> "PUBLISHED".equals(state(before)));

        var response = rotate("demo", """
                {"provider": "pkcs11", "library": "%s", "token-label": "%s", "key-label": "demo-2",
                 "pin-env": "CERTHUB_SEAL_IT_ROTATED_PIN", "sessions": 2}""".formatted(SoftHsm.LIBRARY, rotatedToken.label()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"keyVersion\":2");

        String after = ExamSystemCsv.idNumber("320102", "19800101", 302);
        drop("after.csv", after, "李后");
        await().atMost(Duration.ofSeconds(90)).until(() -> "PUBLISHED".equals(state(after)));

        assertThat(sealedWith(before)).isEqualTo(Map.of("seal", "demo", "keyVersion", 1));
        assertThat(sealedWith(after)).isEqualTo(Map.of("seal", "demo", "keyVersion", 2));
        Path beforePdf = pdf(before);
        Path afterPdf = pdf(after);
        assertThat(SignatureValidators.dss(beforePdf, ROOT.resolve("data/keys/root.pem")))
                .contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA");
        assertThat(SignatureValidators.dss(afterPdf, pki.rootPem()))
                .contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA");
        assertThat(signer(afterPdf)).isNotEqualTo(signer(beforePdf));
        assertThat(signer(afterPdf).getSerialNumber().toString(16))
                .isEqualTo(HubHttp.adminJson(port, "/api/v1/seals/demo")
                        .get("serial")
                        .asString());

        JsonNode keys = HubHttp.adminJson(port, "/api/v1/seals/demo").get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("retiredAt").isNull()).isFalse();
        assertThat(keys.get(0).get("provider").asString()).isEqualTo("pkcs12");
        assertThat(keys.get(1).get("retiredAt").isNull()).isTrue();
        assertThat(keys.get(1).get("provider").asString()).isEqualTo("pkcs11");
        assertThat(keys.get(0).get("approvedBy").isNull())
                .as("the demo seal's own key")
                .isTrue();
        assertThat(keys.get(1).get("proposedBy").asString()).isEqualTo("admin");
        assertThat(keys.get(1).get("approvedBy").asString()).isEqualTo("ops2");
        assertThat(keys.get(1).get("approvedAt").isNull()).isFalse();
    }

    /**
     * The demo SM2 seal, which seals the OFD files of the safety-management type, rotated through the API to a
     * PKCS#12 SM2 key of another CA: the OFD sealed before and the one sealed after both verify with ofdrw's own
     * verification, each with its own signer, and the electronic seal of the new key lists the new certificate.
     */
    @Test
    @Order(4)
    void ofdFilesSealedBeforeAndAfterAnSm2SealRotationBothVerifyWithDifferentSigners() throws Exception {
        pki.issue("江苏省住房和城乡建设厅 (SM2)", "SM2", Duration.ofDays(365))
                .writePkcs12(ROOT.resolve("keys/sm2-rotated.p12"), "p12-password".toCharArray());
        String before = ExamSystemCsv.idNumber("320102", "19800101", 401);
        drop("sm2-before.csv", before, "赵前");
        await().atMost(Duration.ofSeconds(90)).until(() -> "PUBLISHED".equals(state(before)));
        Path demoSm2Root = ROOT.resolve("data/keys/sm2-root.pem");
        String beforeReport = SignatureValidators.ofdrw(ofd(before), demoSm2Root);
        assertThat(beforeReport).contains("ofdrw=PASSED", "trust=PASSED", "indication=TOTAL_PASSED");
        String firstSerial =
                HubHttp.adminJson(port, "/api/v1/seals/demo-sm2").get("serial").asString();
        assertThat(beforeReport).contains("serial=" + firstSerial);

        var response = rotate("demo-sm2", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/sm2-rotated.p12",
                 "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"keyVersion\":2");

        String after = ExamSystemCsv.idNumber("320102", "19800101", 402);
        drop("sm2-after.csv", after, "钱后");
        await().atMost(Duration.ofSeconds(90)).until(() -> "PUBLISHED".equals(state(after)));
        String secondSerial =
                HubHttp.adminJson(port, "/api/v1/seals/demo-sm2").get("serial").asString();
        assertThat(secondSerial).isNotEqualTo(firstSerial);
        // the new key's certificate comes from another CA; the demo SM2 root still made the electronic seal
        String afterReport = SignatureValidators.ofdrw(ofd(after), pki.rootPem(), demoSm2Root);
        assertThat(afterReport)
                .contains("ofdrw=PASSED", "trust=PASSED", "indication=TOTAL_PASSED")
                .contains("serial=" + secondSerial);
        assertThat(SignatureValidators.ofdrw(ofd(before), demoSm2Root))
                .as("the OFD sealed before the rotation still verifies")
                .contains("indication=TOTAL_PASSED", "serial=" + firstSerial);
        assertThat(ofdSealedWith(before)).isEqualTo(List.of("demo-sm2", 1));
        assertThat(ofdSealedWith(after)).isEqualTo(List.of("demo-sm2", 2));
    }

    @Test
    @Order(5)
    void aRotationToAKeyThatFailsItsCheckIsRefusedAndTheSealKeepsItsKey() throws Exception {
        var wrongPassword = HubHttp.adminPost(port, "/api/v1/seals/demo/keys", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/later.p12",
                 "password-env": "CERTHUB_SEAL_IT_WRONG_PASSWORD"}""");
        assertThat(wrongPassword.statusCode()).isEqualTo(422);
        assertThat(wrongPassword.body())
                .contains("seal-check-failed")
                .contains("Seal 'demo' cannot be used: wrong password for PKCS#12 file target/it/seals/keys/later.p12");

        var missingPin = HubHttp.adminPost(
                port, "/api/v1/seals/demo/keys", """
                {"provider": "pkcs11", "library": "%s", "token-label": "%s", "key-label": "demo-2",
                 "pin-env": "CERTHUB_SEAL_IT_NO_SUCH_PIN"}""".formatted(SoftHsm.LIBRARY, rotatedToken.label()));
        assertThat(missingPin.statusCode()).isEqualTo(422);
        assertThat(missingPin.body()).contains("PIN environment variable CERTHUB_SEAL_IT_NO_SUCH_PIN is not set");

        // the right password, but in a property outside CERTHUB_SEAL_*: a seal must not read the hub's other secrets
        var foreignVariable = HubHttp.adminPost(port, "/api/v1/seals/demo/keys", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/later.p12",
                 "password-env": "SEALS_IT_P12_PASSWORD"}""");
        assertThat(foreignVariable.statusCode()).isEqualTo(422);
        assertThat(foreignVariable.body())
                .contains("key-not-allowed")
                .contains("key setting 'password-env' names SEALS_IT_P12_PASSWORD");
        var datasourcePassword = HubHttp.adminPost(
                port, "/api/v1/seals/demo/keys", """
                {"provider": "pkcs11", "library": "%s", "token-label": "%s", "key-label": "demo-2",
                 "pin-env": "spring.datasource.password"}""".formatted(SoftHsm.LIBRARY, rotatedToken.label()));
        assertThat(datasourcePassword.statusCode()).isEqualTo(422);
        assertThat(datasourcePassword.body()).contains("key setting 'pin-env' names spring.datasource.password");

        var unlistedLibrary = HubHttp.adminPost(port, "/api/v1/seals/demo/keys", """
                {"provider": "pkcs11", "library": "/tmp/libanything.so", "slot": 0, "key-label": "demo-2",
                 "pin-env": "CERTHUB_SEAL_IT_ROTATED_PIN"}""");
        assertThat(unlistedLibrary.statusCode()).isEqualTo(422);
        assertThat(unlistedLibrary.body())
                .contains("key-not-allowed")
                .contains("PKCS#11 library /tmp/libanything.so is not in certhub.seals.pkcs11-libraries");

        var unknownSeal = HubHttp.adminPost(port, "/api/v1/seals/no-such-seal/keys", """
                {"provider": "pkcs12", "file": "x.p12", "password-env": "X"}""");
        assertThat(unknownSeal.statusCode()).isEqualTo(404);

        assertThat(HubHttp.adminJson(port, "/api/v1/seals/demo")
                        .get("keyVersion")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(6)
    void aTokenRemovedWhileRunningLeavesTheLicencePendingUntilTheSealHasAWorkingKey(CapturedOutput output)
            throws Exception {
        SoftHsm.deleteToken(rotatedToken.label());
        String waiting = ExamSystemCsv.idNumber("320102", "19800101", 303);
        drop("removed.csv", waiting, "王等");

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        output.getAll().contains("signing with PKCS#11 token '" + rotatedToken.label() + "' failed"));
        assertThat(state(waiting)).isEqualTo("PENDING_SIGN");
        assertThat(sealedWith(waiting).get("seal")).isNull();

        var response = rotate("demo", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/later.p12", "alias": "seal",
                 "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(120)).until(() -> "PUBLISHED".equals(state(waiting)));
        assertThat(sealedWith(waiting)).isEqualTo(Map.of("seal", "demo", "keyVersion", 3));
        assertThat(SignatureValidators.dss(pdf(waiting), pki.rootPem())).contains("indication=TOTAL_PASSED");
    }

    @Test
    @Order(7)
    void aCertificateThatExpiresWhileRunningSealsNothingUntilTheSealIsRotated(CapturedOutput output) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        pki.issue("短命", "EC", now.minus(Duration.ofHours(1)), now.plus(Duration.ofSeconds(20)))
                .writePkcs12(ROOT.resolve("keys/short-lived.p12"), "p12-password".toCharArray());
        var rotation = rotate("demo", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/short-lived.p12",
                 "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}""");
        assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(201);
        int shortLived =
                HubHttp.adminJson(port, "/api/v1/seals/demo").get("keyVersion").asInt();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> java.time.Instant.now().isAfter(now.plusSeconds(21)));

        String late = ExamSystemCsv.idNumber("320102", "19800101", 304);
        drop("expired.csv", late, "赵迟");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> output.getAll().contains("the certificate of seal 'demo' expired on "));
        assertThat(state(late)).isEqualTo("PENDING_SIGN");
        assertThat(HubHttp.adminJson(port, "/api/v1/seals/demo").get("status").asString())
                .isEqualTo("expired");

        var renewal = rotate("demo", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/later.p12",
                 "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}""");
        assertThat(renewal.statusCode()).as(renewal.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).until(() -> "PUBLISHED".equals(state(late)));
        assertThat(sealedWith(late)).isEqualTo(Map.of("seal", "demo", "keyVersion", shortLived + 1));
        assertThat(signer(pdf(late)).getNotAfter().toInstant()).isAfter(java.time.Instant.now());
    }

    @Test
    @Order(8)
    void aSealIsDefinedOrRotatedOnlyWhenASecondAdministratorApproves() throws Exception {
        var proposal = HubHttp.adminPost(port, "/api/v1/seals", """
                {"id": "two-person", "name": "双人审批印章", "authority": "11320000014000179U",
                 "key": {"provider": "pkcs12", "file": "target/it/seals/keys/later.p12",
                         "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}}""");
        assertThat(proposal.statusCode()).as(proposal.body()).isEqualTo(202);
        JsonNode proposed = JSON.readTree(proposal.body());
        long id = proposed.get("id").asLong();
        assertThat(proposal.headers().firstValue("Location")).hasValue("/api/v1/seal-proposals/" + id);
        assertThat(proposed.get("kind").asString()).isEqualTo("DEFINE");
        assertThat(proposed.get("state").asString()).isEqualTo("PROPOSED");
        assertThat(proposed.get("proposedBy").asString()).isEqualTo("admin");
        assertThat(proposed.get("proposedAt").isNull()).isFalse();
        assertThatThrownBy(() -> HubHttp.adminJson(port, "/api/v1/seals/two-person"))
                .as("not a seal until approved")
                .hasMessageContaining("answered 404");
        assertThat(HubHttp.adminJson(port, "/api/v1/seals").toString()).doesNotContain("two-person");

        var ownApproval = approve(id, "admin", HubHttp.ADMIN_PASSWORD);
        assertThat(ownApproval.statusCode()).isEqualTo(403);
        assertThat(ownApproval.body()).contains("own-proposal").contains("another administrator must approve it");
        assertThat(HubHttp.adminJson(port, "/api/v1/seals").toString()).doesNotContain("two-person");

        var approval = approve(id, "ops2", OPS2_PASSWORD);
        assertThat(approval.statusCode()).as(approval.body()).isEqualTo(201);
        JsonNode seal = HubHttp.adminJson(port, "/api/v1/seals/two-person");
        assertThat(seal.get("origin").asString()).isEqualTo("api");
        JsonNode key = seal.get("keys").get(0);
        assertThat(key.get("proposedBy").asString()).isEqualTo("admin");
        assertThat(key.get("approvedBy").asString()).isEqualTo("ops2");
        assertThat(key.get("proposedAt").isNull()).isFalse();
        assertThat(key.get("approvedAt").isNull()).isFalse();
        JsonNode decided = HubHttp.adminJson(port, "/api/v1/seal-proposals/" + id);
        assertThat(decided.get("state").asString()).isEqualTo("APPROVED");
        assertThat(decided.get("decidedBy").asString()).isEqualTo("ops2");
        assertThat(decided.get("keyVersion").asInt()).isEqualTo(1);
        assertThat(approve(id, "ops2", OPS2_PASSWORD).statusCode())
                .as("decided once")
                .isEqualTo(409);

        // a new key proposed by ops2 and rejected by the administrator changes nothing
        var rotation = HubHttp.postAs("ops2", OPS2_PASSWORD, port, "/api/v1/seals/two-person/keys", """
                {"provider": "pkcs12", "file": "target/it/seals/keys/expiring.p12",
                 "password-env": "CERTHUB_SEAL_IT_P12_PASSWORD"}""");
        assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(202);
        long rotationId = JSON.readTree(rotation.body()).get("id").asLong();
        assertThat(approve(rotationId, "ops2", OPS2_PASSWORD).statusCode()).isEqualTo(403);
        var rejected = HubHttp.adminPost(port, "/api/v1/seal-proposals/" + rotationId + "/reject", """
                {"reason": "证书有效期太短 (the certificate expires too soon)"}""");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(JSON.readTree(rejected.body()).get("state").asString()).isEqualTo("REJECTED");
        assertThat(approve(rotationId, "admin", HubHttp.ADMIN_PASSWORD).statusCode())
                .isEqualTo(409);
        assertThat(HubHttp.adminJson(port, "/api/v1/seals/two-person")
                        .get("keyVersion")
                        .asInt())
                .isEqualTo(1);

        JsonNode waiting = HubHttp.adminJson(port, "/api/v1/seal-proposals?state=PROPOSED");
        assertThat(waiting.toString()).doesNotContain("two-person");
        JsonNode all = HubHttp.adminJson(port, "/api/v1/seal-proposals");
        assertThat(all.get(0).get("id").asLong()).isEqualTo(rotationId);
        assertThat(all.get(0).get("reason").asString()).contains("expires too soon");
        assertThat(all.get(0).get("decidedBy").asString()).isEqualTo("admin");
    }

    /**
     * A rotation as the API takes it: the administrator proposes the key, a second administrator (ops2) approves it.
     * The answer to the proposal if it was refused, else the answer to the approval.
     */
    private HttpResponse<String> rotate(String sealId, String key) throws Exception {
        var proposal = HubHttp.adminPost(port, "/api/v1/seals/" + sealId + "/keys", key);
        if (proposal.statusCode() != 202) {
            return proposal;
        }
        return approve(JSON.readTree(proposal.body()).get("id").asLong(), "ops2", OPS2_PASSWORD);
    }

    private HttpResponse<String> approve(long proposalId, String username, String password) throws Exception {
        return HubHttp.postAs(username, password, port, "/api/v1/seal-proposals/" + proposalId + "/approve", "");
    }

    private static void drop(String name, String idNumber, String person) throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                name,
                ExamSystemCsv.file()
                        .person(1, person, idNumber, "B", "2026-10-15")
                        .gb18030());
    }

    private String state(String idNumber) {
        return jdbc.sql("select state from licence_version where data like ?")
                .param("%" + idNumber + "%")
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private Map<String, Object> sealedWith(String idNumber) {
        return jdbc.sql("select seal_id, seal_key_version from licence_version where data like ?")
                .param("%" + idNumber + "%")
                .query((rs, n) -> {
                    var map = new java.util.HashMap<String, Object>();
                    map.put("seal", rs.getString(1));
                    map.put("keyVersion", rs.getObject(2) == null ? null : rs.getInt(2));
                    return (Map<String, Object>) map;
                })
                .single();
    }

    private List<Object> ofdSealedWith(String idNumber) {
        return jdbc.sql("select ofd_seal_id, ofd_seal_key_version from licence_version where data like ?")
                .param("%" + idNumber + "%")
                .query((rs, n) -> List.<Object>of(rs.getString(1), rs.getInt(2)))
                .single();
    }

    private Path ofd(String idNumber) {
        String file = jdbc.sql("select ofd_file_path from licence_version where data like ?")
                .param("%" + idNumber + "%")
                .query(String.class)
                .single();
        return ROOT.resolve("data/files").resolve(file);
    }

    private Path pdf(String idNumber) {
        String file = jdbc.sql("select file_path from licence_version where data like ?")
                .param("%" + idNumber + "%")
                .query(String.class)
                .single();
        return ROOT.resolve("data/files").resolve(file);
    }

    private static JsonNode seal(JsonNode seals, String id) {
        for (JsonNode seal : seals) {
            if (seal.get("id").asString().equals(id)) {
                return seal;
            }
        }
        throw new AssertionError("no seal " + id + " in " + seals);
    }

    /** The seal's signer: the first signature (later ones are document timestamps at B-LTA). */
    static X509Certificate signer(Path pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf.toFile());
                ASN1InputStream in = new ASN1InputStream(
                        document.getSignatureDictionaries().get(0).getContents())) {
            CMSSignedData cms = new CMSSignedData(ContentInfo.getInstance(in.readObject()));
            SignerInformation signer =
                    cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            X509CertificateHolder holder = (X509CertificateHolder)
                    cms.getCertificates().getMatches(signer.getSID()).iterator().next();
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }
}
