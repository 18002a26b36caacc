package org.certhub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordIntake;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.SignatureValidators;
import org.certhub.testing.TestFolders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Manual sealing through the real routes: the safety-management certificate (W011) is made a type that requires
 * manual sealing in a copy of the demo catalogue; the exam system's file issues four licences that wait; sealers
 * list, preview, approve two (sealed, valid for DSS, published) and send two back (rejects with the reason, not
 * valid on the public page); a corrected record and a re-drive put them back in the queue; a change that is sent
 * back leaves the licence at its sealed version; every decision is recorded with who and when.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: its catalogue makes the exam system's
 * certificate wait for a sealer, which would hold up the other tests' certificates, and its sweeper runs when the test
 * says.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/sealing/data",
            "certhub.paths.inbox=target/it/sealing/inbox",
            "certhub.paths.outbox=target/it/sealing/outbox",
            "certhub.catalog.dir=target/it/sealing/catalog",
            "certhub.mappings.dir=target/it/sealing/mappings",
            "certhub.intake.file-min-age=200",
            // the sweeper runs when the test says, and takes everything for stale
            "certhub.sweeper.initial-delay=PT1H",
            "certhub.sweeper.stale-after=PT0S",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password",
            "certhub.users.sealer.password=test-sealer-password"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualSealingIntegrationTests {

    private static final Path ROOT = Path.of("target/it/sealing");
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");
    private static final Path OUTBOX = ROOT.resolve("outbox");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String W011 = "11100000000013338W011";
    private static final String CHANGES = "test-sealing-changes";

    static final String ANNA = ExamSystemCsv.idNumber("320102", "19800101", 401);
    static final String BO = ExamSystemCsv.idNumber("320102", "19810202", 402);
    static final String CHEN = ExamSystemCsv.idNumber("320102", "19820303", 403);
    static final String DING = ExamSystemCsv.idNumber("320102", "19830404", 404);

    private static final Who ADMIN = new Who("admin", "test-admin-password");
    private static final Who SEALER = new Who("sealer", "test-sealer-password");
    private static final Who SECOND_SEALER = new Who("second-sealer", "second-sealer-password");

    record Who(String name, String password) {}

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordIntake intake;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();
    private static int messages;

    /** A second sealer configured with a bare bcrypt hash, as htpasswd prints it. */
    @DynamicPropertySource
    static void secondSealer(DynamicPropertyRegistry registry) {
        registry.add("certhub.users.second-sealer.roles", () -> "SEALER");
        registry.add(
                "certhub.users.second-sealer.password-hash",
                () -> new BCryptPasswordEncoder().encode(SECOND_SEALER.password()));
    }

    @BeforeAll
    static void catalogueWithAManuallySealedType() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
        Path catalogue = Files.createDirectories(ROOT.resolve("catalog"));
        var yaml = YAMLMapper.builder().build();
        try (Stream<Path> files = Files.list(Path.of("config/catalog"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                var type = (ObjectNode) yaml.readTree(file.toFile());
                if (type.get("code").asString().equals(W011)) {
                    type.withObjectProperty("sealing").put("manual", true);
                }
                yaml.writeValue(catalogue.resolve(file.getFileName()).toFile(), type);
            }
        }
        Path mappings = Files.createDirectories(ROOT.resolve("mappings"));
        TestFolders.copyYaml(Path.of("mappings"), mappings);
        Files.writeString(mappings.resolve(CHANGES + ".yaml"), """
                source: test-sealing-changes
                name: 测试变更来源
                type: "11100000000013338W011"
                version: "1"
                format: { kind: json }
                operation: { from: op, codes: { 变更: change, 暂扣: suspend } }
                businessKey: [licenceNumber, reference]
                fields:
                  licenceNumber: { from: number, normalize: [trim] }
                  reference: { from: no }
                  companyName: { from: company }
                  reason: { from: reason }
                """);
    }

    @Test
    @Order(1)
    void licencesOfAManuallySealedTypeWaitAndNothingIsSealedOrPublished() throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                "exam-1.csv",
                ExamSystemCsv.file()
                        .person(1, "安娜", ANNA, "B", "2026-10-15")
                        .person(2, "薄一", BO, "B", "2026-10-15")
                        .person(3, "陈二", CHEN, "C1", "2026-10-15")
                        .person(4, "丁三", DING, "A", "2026-10-15")
                        .gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> count("state = 'AWAITING_SEAL'") == 4);

        // the sweeper, which takes everything for stale here, leaves waiting versions alone
        Object sweeper = context.getBean("stalledWorkSweeper");
        ReflectionTestUtils.invokeMethod(sweeper, "sweep");
        ReflectionTestUtils.invokeMethod(sweeper, "sweep");

        assertThat(count("state = 'AWAITING_SEAL'")).isEqualTo(4);
        assertThat(count("state <> 'AWAITING_SEAL' or file_path is not null")).isZero();
        assertThat(outboxPdfs()).isEmpty();
        // a waiting licence is not a certificate yet: its QR link does not say it is valid
        assertThat(publicPage(token(ANNA)).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aSealerListsTheBatchOldestFirstWithTheIdNumberMasked() throws Exception {
        JsonNode batch = json(SEALER, "/api/v1/sealing-queue");
        assertThat(batch.valueStream().map(i -> i.get("holderName").asString()))
                .containsExactly("安娜", "薄一", "陈二", "丁三");
        JsonNode first = batch.get(0);
        assertThat(first.get("versionId").asLong()).isEqualTo(versionId(ANNA));
        assertThat(first.get("licenceNumber").asString())
                .isEqualTo(number(ANNA))
                .startsWith("苏建安B(");
        assertThat(first.get("identifier").asString())
                .isEqualTo(identifier(ANNA))
                .contains("." + W011 + ".");
        assertThat(first.get("typeCode").asString()).isEqualTo(W011);
        assertThat(first.get("source").asString()).isEqualTo("exam-system");
        assertThat(first.get("holderIdNumber").asString()).isEqualTo(CitizenIdNumber.mask(ANNA));
        assertThat(batch.toString()).doesNotContain(ANNA).doesNotContain(BO);
        assertThat(first.get("issuedOn").asString()).isNotBlank();
        assertThat(first.get("waitingSince").asString()).isNotBlank();

        assertThat(json(SEALER, "/api/v1/sealing-queue?limit=2")
                        .valueStream()
                        .map(i -> i.get("holderName").asString()))
                .containsExactly("安娜", "薄一");
        assertThat(json(SEALER, "/api/v1/sealing-queue?source=exam-system&type=" + W011))
                .hasSize(4);
        assertThat(json(SEALER, "/api/v1/sealing-queue?source=training-center")).isEmpty();
        assertThat(json(SEALER, "/api/v1/sealing-queue?type=11100000000013338W001"))
                .isEmpty();
    }

    @Test
    @Order(3)
    void aPreviewIsTheCertificateAsItWillBeSealedButUnsealed() throws Exception {
        var response = send(SEALER, "GET", "/api/v1/sealing-queue/" + versionId(CHEN) + "/preview", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (var pdf = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("陈二").contains(number(CHEN));
            // the diagonal mark comes out of text extraction in pieces
            assertThat(text.replaceAll("\\s", "")).contains("预览未盖章PREVIEW-NOTSEALED");
            assertThat(pdf.getSignatureDictionaries())
                    .as("a preview carries no seal")
                    .isEmpty();
        }

        var missing = send(SEALER, "GET", "/api/v1/sealing-queue/999999/preview", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    @Order(4)
    void onlySealersWorkTheQueueAndSealersCannotRunTheHub() throws Exception {
        assertThat(send(ADMIN, "GET", "/api/v1/sealing-queue", null).statusCode())
                .isEqualTo(403);
        assertThat(send(ADMIN, "GET", "/api/v1/sealing-queue/" + versionId(ANNA) + "/preview", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(ADMIN, "POST", "/api/v1/sealing-queue/approve", "{\"versionIds\": [" + versionId(ANNA) + "]}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(count("state = 'AWAITING_SEAL'")).isEqualTo(4);

        assertThat(send(SEALER, "GET", "/api/v1/rejects", null).statusCode()).isEqualTo(403);
        assertThat(send(SEALER, "GET", "/api/v1/pipeline", null).statusCode()).isEqualTo(403);
        assertThat(send(SEALER, "GET", "/api/v1/licences/" + identifier(ANNA) + "/provenance", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(new Who("sealer", "wrong"), "GET", "/api/v1/sealing-queue", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.send(
                                HttpRequest.newBuilder(uri("/api/v1/sealing-queue"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void approvingPartOfTheBatchSealsAndPublishesExactlyThose() throws Exception {
        JsonNode result = post(
                SEALER,
                "/api/v1/sealing-queue/approve",
                "{\"versionIds\": [" + versionId(ANNA) + ", " + versionId(BO) + "]}",
                200);
        assertThat(result.get("decidedBy").asString()).isEqualTo("sealer");
        assertThat(result.get("items").valueStream().map(i -> i.get("outcome").asString()))
                .containsExactly("APPROVED", "APPROVED");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> state(ANNA).equals("PUBLISHED") && state(BO).equals("PUBLISHED"));

        assertThat(state(CHEN)).isEqualTo("AWAITING_SEAL");
        assertThat(state(DING)).isEqualTo("AWAITING_SEAL");
        assertThat(outboxPdfs()).containsExactlyInAnyOrder(identifier(ANNA) + ".pdf", identifier(BO) + ".pdf");
        Path sealed = OUTBOX.resolve(identifier(ANNA) + ".pdf");
        assertThat(SignatureValidators.pdfsig(sealed)).contains("Signature is Valid.");
        assertThat(SignatureValidators.dss(sealed, ROOT.resolve("data/keys/root.pem")))
                .contains("signatures=1", "indication=TOTAL_PASSED");
        assertThat(publicPage(token(ANNA)).body()).contains("经核验，证书真实有效");

        // what is no longer waiting is reported per item, not as an error
        JsonNode again = post(
                SEALER, "/api/v1/sealing-queue/approve", "{\"versionIds\": [" + versionId(ANNA) + ", 999999]}", 200);
        assertThat(again.get("items").get(0).get("outcome").asString()).isEqualTo("NOT_WAITING");
        assertThat(again.get("items").get(0).get("state").asString()).isEqualTo("PUBLISHED");
        assertThat(again.get("items").get(1).get("outcome").asString()).isEqualTo("NOT_FOUND");
        JsonNode empty = post(SEALER, "/api/v1/sealing-queue/approve", "{\"versionIds\": []}", 400);
        assertThat(empty.get("type").asString()).endsWith("/bad-request");
    }

    @Test
    @Order(6)
    void sendingBackTheRestMakesRejectsWithTheReasonAndNothingValid() throws Exception {
        String ids = "[" + versionId(CHEN) + ", " + versionId(DING) + "]";
        JsonNode noReason =
                post(SECOND_SEALER, "/api/v1/sealing-queue/send-back", "{\"versionIds\": " + ids + "}", 400);
        assertThat(noReason.get("detail").asString()).contains("reason");
        assertThat(state(CHEN)).isEqualTo("AWAITING_SEAL");

        JsonNode result = post(
                SECOND_SEALER,
                "/api/v1/sealing-queue/send-back",
                "{\"versionIds\": " + ids + ", \"reason\": \"姓名与身份证登记不一致，请考试系统核对\"}",
                200);
        assertThat(result.get("decidedBy").asString()).isEqualTo("second-sealer");
        assertThat(result.get("items").valueStream().map(i -> i.get("outcome").asString()))
                .containsExactly("SENT_BACK", "SENT_BACK");
        assertThat(state(CHEN)).isEqualTo("RETURNED");
        assertThat(json(SEALER, "/api/v1/sealing-queue")).isEmpty();

        JsonNode rejects = json(ADMIN, "/api/v1/rejects?rule=sent-back");
        assertThat(rejects.valueStream().map(r -> r.get("payload").get("姓名").asString()))
                .containsExactlyInAnyOrder("陈二", "丁三");
        assertThat(rejects.get(0).get("reasons").get(0).get("message").asString())
                .contains("姓名与身份证登记不一致，请考试系统核对")
                .contains("second-sealer");

        assertThat(publicPage(token(CHEN)).statusCode()).isEqualTo(404);
        assertThat(outboxPdfs()).hasSize(2);
        JsonNode late =
                post(SEALER, "/api/v1/sealing-queue/approve", "{\"versionIds\": [" + versionId(CHEN) + "]}", 200);
        assertThat(late.get("items").get(0).get("outcome").asString()).isEqualTo("NOT_WAITING");
        assertThat(late.get("items").get(0).get("state").asString()).isEqualTo("RETURNED");
    }

    @Test
    @Order(7)
    void aCorrectedRecordOrAReDriveGoesBackToTheQueueAndIsSealedOnApproval() throws Exception {
        String chenNumber = number(CHEN);
        String oldToken = token(CHEN);
        // the exam system corrects the name and sends the row again: same person, category and exam day
        ExamSystemCsv.drop(
                INBOX,
                "exam-2.csv",
                ExamSystemCsv.file().person(1, "陈贰", CHEN, "C1", "2026-10-15").gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> state(CHEN).equals("AWAITING_SEAL"));
        assertThat(number(CHEN)).as("the licence keeps its number").isEqualTo(chenNumber);
        assertThat(token(CHEN))
                .as("the preview's QR link of the returned data is dead")
                .isNotEqualTo(oldToken);
        assertThat(jdbc.sql("select status from raw_record where source_id = 'exam-system' order by id desc")
                        .query(String.class)
                        .list()
                        .get(0))
                .isEqualTo("ISSUED");

        long dingRecord = jdbc.sql("""
                select r.id from raw_record r join licence l on l.id = r.licence_id where l.holder_code = ?""").param(DING).query(Long.class).single();
        post(ADMIN, "/api/v1/rejects/" + dingRecord + "/redrive", "{\"note\": \"印章图样已更正，重新提交\"}", 200);
        assertThat(state(DING)).isEqualTo("AWAITING_SEAL");

        assertThat(json(SEALER, "/api/v1/sealing-queue")
                        .valueStream()
                        .map(i -> i.get("holderName").asString()))
                .containsExactlyInAnyOrder("陈贰", "丁三");
        post(SEALER, "/api/v1/sealing-queue/approve", "{\"versionIds\": [" + versionId(CHEN) + "]}", 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> state(CHEN).equals("PUBLISHED"));
        try (var pdf = Loader.loadPDF(Files.readAllBytes(OUTBOX.resolve(identifier(CHEN) + ".pdf")))) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("陈贰").doesNotContain("陈二");
        }
        assertThat(publicPage(token(CHEN)).body()).contains("经核验，证书真实有效").contains("陈贰");
        assertThat(state(DING)).isEqualTo("AWAITING_SEAL");
    }

    @Test
    @Order(8)
    void aChangeSentBackLeavesTheLicenceAtItsSealedVersionUntilTheCorrectedChangeIsApproved() throws Exception {
        sendChange(number(ANNA), "江苏错误公司", "C-1");
        long v2 = versionId(ANNA);
        assertThat(state(ANNA)).isEqualTo("AWAITING_SEAL");
        // until a sealer approves the change, the sealed version is the certificate in force
        assertThat(publicPage(tokenOf(ANNA, 1)).body()).contains("经核验，证书真实有效").doesNotContain("id=\"superseded\"");
        assertThat(publicPage(tokenOf(ANNA, 2)).statusCode()).isEqualTo(404);
        post(SEALER, "/api/v1/sealing-queue/send-back", "{\"versionIds\": [" + v2 + "], \"reason\": \"企业名称有误\"}", 200);
        assertThat(currentVersion(ANNA))
                .as("the licence is back at its sealed version")
                .isEqualTo(1);
        assertThat(publicPage(tokenOf(ANNA, 1)).body()).contains("经核验，证书真实有效").doesNotContain("id=\"superseded\"");

        sendChange(number(ANNA), "江苏正确建设有限公司", "C-1");
        assertThat(versionId(ANNA)).as("the same version is issued again").isEqualTo(v2);
        assertThat(state(ANNA)).isEqualTo("AWAITING_SEAL");
        assertThat(currentVersion(ANNA)).isEqualTo(2);
        post(SEALER, "/api/v1/sealing-queue/approve", "{\"versionIds\": [" + v2 + "]}", 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> state(ANNA).equals("PUBLISHED"));
        assertThat(publicPage(token(ANNA)).body()).contains("江苏正确建设有限公司").contains("经核验，证书真实有效");
        assertThat(publicPage(tokenOf(ANNA, 1)).body()).contains("id=\"superseded\"");
    }

    @Test
    @Order(9)
    void anotherChangeAfterOneWasSentBackGetsTheNextVersionAndTheReturnedOneCannotComeBackAfterIt() throws Exception {
        sendChange(number(BO), "江苏错误公司", "C-2");
        long returned = versionId(BO);
        post(
                SEALER,
                "/api/v1/sealing-queue/send-back",
                "{\"versionIds\": [" + returned + "], \"reason\": \"有误\"}",
                200);
        sendChange(number(BO), "江苏另一建设有限公司", "C-3");
        assertThat(currentVersion(BO)).isEqualTo(3);
        assertThat(state(BO)).isEqualTo("AWAITING_SEAL");
        assertThat(column(BO, "predecessor_id"))
                .as("built on the sealed version")
                .isEqualTo(jdbc.sql("select id from licence_version where identifier = ?")
                        .param(identifier(BO, 1))
                        .query(String.class)
                        .single());

        sendChange(number(BO), "江苏改正后公司", "C-2");
        assertThat(lastRecordRules()).containsExactly("sent-back-superseded");
        assertThat(state(BO)).isEqualTo("AWAITING_SEAL");
        assertThat(jdbc.sql("select state from licence_version where id = ?")
                        .param(returned)
                        .query(String.class)
                        .single())
                .isEqualTo("RETURNED");
    }

    @Test
    @Order(10)
    void aLicenceNeverSealedCannotBeSuspendedOrChanged() throws Exception {
        assertThat(state(DING)).isEqualTo("AWAITING_SEAL");
        sendOperation("{\"op\": \"暂扣\", \"number\": \"" + number(DING) + "\", \"no\": \"S-1\", \"reason\": \"违规\"}");
        assertThat(lastRecordRules()).containsExactly("licence-not-sealed");
        sendChange(number(DING), "江苏某公司", "C-4");
        assertThat(lastRecordRules()).containsExactly("licence-not-sealed");
        assertThat(jdbc.sql("select status from licence where holder_code = ?")
                        .param(DING)
                        .query(String.class)
                        .single())
                .isEqualTo("VALID");
        assertThat(currentVersion(DING)).isEqualTo(1);
    }

    @Test
    @Order(11)
    void everyDecisionIsRecordedWithWhoAndWhen() throws Exception {
        JsonNode history = json(ADMIN, "/api/v1/sealing-queue/history");
        assertThat(history.valueStream()
                        .map(d -> d.get("decision").asString() + " "
                                + d.get("actor").asString()))
                .containsExactly(
                        "SENT_BACK sealer",
                        "APPROVED sealer",
                        "SENT_BACK sealer",
                        "APPROVED sealer",
                        "SENT_BACK second-sealer",
                        "SENT_BACK second-sealer",
                        "APPROVED sealer",
                        "APPROVED sealer");
        assertThat(history.valueStream().map(d -> d.get("at").asString())).allMatch(at -> !at.isBlank());
        JsonNode firstBatch = json(
                SEALER,
                "/api/v1/sealing-queue/history?batch="
                        + history.get(history.size() - 1).get("batchId").asString());
        assertThat(firstBatch.valueStream().map(d -> d.get("identifier").asString()))
                .containsExactlyInAnyOrder(identifier(ANNA, 1), identifier(BO, 1));

        JsonNode story = json(ADMIN, "/api/v1/licences/" + identifier(CHEN, 1) + "/provenance");
        assertThat(story.get("sealingDecisions")
                        .valueStream()
                        .map(d -> d.get("decision").asString() + " "
                                + d.get("actor").asString()))
                .containsExactly("SENT_BACK second-sealer", "APPROVED sealer");
        assertThat(story.get("sealingDecisions").get(0).get("reason").asString())
                .isEqualTo("姓名与身份证登记不一致，请考试系统核对");
    }

    // --- helpers

    private void sendChange(String number, String company, String reference) {
        sendOperation("{\"op\": \"变更\", \"number\": \"" + number + "\", \"no\": \"" + reference + "\", \"company\": \""
                + company + "\"}");
    }

    /** Sends a message through the real intake and pipeline, as a channel route does. */
    private void sendOperation(String json) {
        int n = ++messages;
        List<RawRecord> stored = intake.receiveMessage(
                CHANGES, "test", "operation " + n, "test/" + n, json.getBytes(StandardCharsets.UTF_8));
        producer.sendBody("direct:process-records", stored);
    }

    private List<String> lastRecordRules() {
        return jdbc.sql("select rule from reject_reason where raw_record_id = (select max(id) from raw_record)")
                .query(String.class)
                .list();
    }

    private int count(String condition) {
        return jdbc.sql("select count(*) from licence_version where " + condition)
                .query(Integer.class)
                .single();
    }

    /** Of the licence's current version. */
    private String column(String idNumber, String column) {
        return jdbc.sql("select v." + column + """
                 from licence_version v join licence l on l.id = v.licence_id and v.version = l.current_version
                where l.holder_code = ?""")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    private String state(String idNumber) {
        return column(idNumber, "state");
    }

    private String token(String idNumber) {
        return column(idNumber, "verify_token");
    }

    private String identifier(String idNumber) {
        return column(idNumber, "identifier");
    }

    private long versionId(String idNumber) {
        return Long.parseLong(column(idNumber, "id"));
    }

    private String identifier(String idNumber, int version) {
        return jdbc.sql("""
                select v.identifier from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = ?""").params(idNumber, version).query(String.class).single();
    }

    private String tokenOf(String idNumber, int version) {
        return jdbc.sql("""
                select v.verify_token from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = ?""").params(idNumber, version).query(String.class).single();
    }

    private int currentVersion(String idNumber) {
        return jdbc.sql("select current_version from licence where holder_code = ?")
                .param(idNumber)
                .query(Integer.class)
                .single();
    }

    private String number(String idNumber) {
        return jdbc.sql("select number from licence where holder_code = ?")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    private static List<String> outboxPdfs() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pdf"))
                    .toList();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> publicPage(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v/" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> send(Who who, String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder()
                .encodeToString((who.name() + ":" + who.password()).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json")
                .header("X-Requested-By", "certhub")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(Who who, String path) throws Exception {
        var response = send(who, "GET", path, null);
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(Who who, String path, String body, int expectedStatus) throws Exception {
        var response = send(who, "POST", path, body);
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
