package org.certhub.pipeline;

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
import org.certhub.licence.LicenceEvent;
import org.certhub.testing.Browser;
import org.certhub.testing.CommittedLicenceEvents;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.QrCodes;
import org.certhub.testing.SharedHub;
import org.certhub.testing.SignatureValidators;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path on the embedded default, through the real route files: a GB18030 file from the exam system with
 * good rows, bad rows and a duplicate becomes sealed, published, QR-verifiable certificates and readable rejects.
 */
@HubIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIntegrationTests {

    private static final Path INBOX = SharedHub.inbox("exam-system");
    private static final Path OUTBOX = SharedHub.OUTBOX;
    /** The file of the first delivery; the hub is shared, so its files carry this test's name. */
    private static final String FILE = "pipeline-20261015.csv";

    private static final String RESENT = "pipeline-20261015-resent.csv";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ZHANG = ExamSystemCsv.idNumber("320102", "19800101", 123);
    static final String JI = ExamSystemCsv.idNumber("320102", "19900202", 124);
    static final String ABDU = ExamSystemCsv.idNumber("650102", "19850303", 125);
    static final String BAD_CHECK = ZHANG.substring(0, 17) + (ZHANG.charAt(17) == '1' ? '2' : '1');
    static final String WANG = ExamSystemCsv.idNumber("320102", "19750505", 127);
    static final String ZHAO = ExamSystemCsv.idNumber("320104", "19920808", 131);
    /** Everyone in this test's files: what the hub published or rejected for them is this test's. */
    static final List<String> HOLDERS = List.of(ZHANG, JI, ABDU, BAD_CHECK, WANG, ZHAO);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** The shared hub's record of committed licence events. */
    @Autowired
    CommittedLicenceEvents events;

    private final HttpClient http = HttpClient.newHttpClient();

    static byte[] examFile() {
        return ExamSystemCsv.file()
                .person(1, "张三", ZHANG, "B", "2026-10-15")
                .row(
                        "2",
                        " 𠮷田 ",
                        "女",
                        JI.toLowerCase(),
                        "南京建设有限公司",
                        ExamSystemCsv.creditCode("91320100134751234"),
                        "C1",
                        "专职安全生产管理人员",
                        "工程师",
                        "2026/10/15",
                        ExamSystemCsv.ISSUER)
                .row(
                        "3",
                        "阿卜杜热合曼·买买提",
                        "男",
                        ABDU,
                        "新疆建工有限公司",
                        ExamSystemCsv.creditCode("91650100134751234"),
                        "A",
                        "法定代表人",
                        "",
                        "2026年9月3日",
                        ExamSystemCsv.ISSUER)
                .person(4, "李四", BAD_CHECK, "B", "2026-10-15")
                .row(
                        "5",
                        "王五",
                        "男",
                        WANG,
                        "某公司",
                        "91320000134751234X",
                        "D",
                        "其他",
                        "",
                        "2026-13-01",
                        ExamSystemCsv.ISSUER)
                .person(6, "张三", ZHANG, "B", "2026-10-15")
                .gb18030();
    }

    @Test
    @Order(1)
    void aGb18030FileBecomesSealedPublishedCertificatesAndReadableRejects(CapturedOutput output) throws Exception {
        ExamSystemCsv.drop(INBOX, FILE, examFile());

        await().atMost(Duration.ofSeconds(60)).until(() -> jsonFilesInOutbox().size() == 3);
        assertThat(INBOX.resolve("done"))
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(FILE));
        assertThat(INBOX.resolve(FILE)).doesNotExist();

        var holders = jsonFilesInOutbox().stream()
                .map(PipelineIntegrationTests::read)
                .map(j -> j.get("certificate_holder_name").asString())
                .toList();
        assertThat(holders).containsExactlyInAnyOrder("张三", "𠮷田", "阿卜杜热合曼·买买提");

        JsonNode zhang = jsonFor(ZHANG);
        assertThat(zhang.get("certificate_number").asString()).matches("苏建安B\\(2026\\)\\d{7}");
        assertThat(zhang.get("certificate_holder_code").asString()).isEqualTo(ZHANG);
        assertThat(zhang.get("certificate_validate_end").asString()).isNotBlank();
        String identifier = zhang.get("certificate_identifier").asString();
        assertThat(identifier)
                .startsWith("1.2.156.3005.2.11100000000013338W011.11320000014000179U.")
                .contains(".001.");
        assertThat(org.certhub.codes.LicenceIdentifier.parse(identifier).toString())
                .isEqualTo(identifier);

        // two rejects that say what is wrong, with the raw row kept
        List<JsonNode> rejects = ofFile(getJson("/api/v1/rejects?source=exam-system"), FILE);
        assertThat(rejects).hasSize(2);
        assertThat(rejectRules(rejects, "4")).contains("citizen-id-check");
        assertThat(rejectRules(rejects, "5")).contains("code-table", "date-format", "credit-code-check");
        assertThat(rowOf(rejects, "5").get("payload").get("考核合格日期").asString()).isEqualTo("2026-13-01");

        // the duplicate row is recorded as a duplicate of the first, not as a reject
        var duplicate = jdbc.sql("""
                select r.row_no, r.duplicate_of, f.row_no from raw_record r join raw_record f on f.id = r.duplicate_of
                join delivery d on d.id = r.delivery_id where r.status = 'DUPLICATE' and d.file_name = ?""")
                .param(FILE)
                .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(3)))
                .list();
        assertThat(duplicate).containsExactly(List.of(7, 2));
        long duplicateId = jdbc.sql("""
                select r.id from raw_record r join delivery d on d.id = r.delivery_id
                where r.status = 'DUPLICATE' and d.file_name = ?""").param(FILE).query(Long.class).single();
        JsonNode provenance = getJson("/api/v1/records/" + duplicateId);
        assertThat(provenance.get("result").get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(provenance.get("origin").get("file").asString()).isEqualTo(FILE);
        assertThat(provenance.get("origin").get("row").asInt()).isEqualTo(7);
        assertThat(provenance.get("origin").get("channel").asString()).isEqualTo("file");
        assertThat(provenance.get("result").get("licenceIdentifier").asString())
                .isEqualTo(jsonFor(ZHANG).get("certificate_identifier").asString());
        JsonNode first = getJson(
                "/api/v1/records/" + provenance.get("result").get("duplicateOf").asLong());
        assertThat(first.get("result").get("status").asString()).isEqualTo("ISSUED");
        assertThat(first.get("origin").get("row").asInt()).isEqualTo(2);
        assertThat(first.get("origin").get("fileSha256").asString()).hasSize(64);
        assertThat(first.get("result").get("mappingVersion").asString()).isEqualTo("1");
        assertThat(first.get("result").get("acknowledgements").get(0).asString())
                .startsWith("outbox: ACKNOWLEDGED");

        // the full ID number never appears in the log
        assertThat(output.getAll()).doesNotContain(ZHANG).doesNotContain(JI).doesNotContain(ABDU);

        // each certificate's way through the library was told as events: issued, sealed, published
        List<Long> versions = versionsOfHolders("true");
        List<Long> published = versionsOfHolders("v.state = 'PUBLISHED'");
        assertThat(published).hasSize(3).containsExactlyInAnyOrderElementsOf(versions);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(events.versions(LicenceEvent.VersionIssued.class, versions))
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(events.versions(LicenceEvent.VersionSealed.class, versions))
                    .containsExactlyInAnyOrderElementsOf(published);
            assertThat(events.versions(LicenceEvent.VersionPublished.class, versions))
                    .containsExactlyInAnyOrderElementsOf(published);
        });
    }

    @Test
    @Order(2)
    void theSealIsValidForIndependentValidators() throws Exception {
        Path pdf = pdfFor(ZHANG);
        // the seal, then the document timestamp over it and the validation data (pdfsig cannot check the latter)
        assertThat(SignatureValidators.pdfsig(pdf))
                .contains("Signature is Valid.")
                .contains("ETSI.CAdES.detached")
                .contains("江苏省住房和城乡建设厅")
                .contains("Signature #2")
                .contains("certhub Demo Time-Stamping Unit");
        // the catalogue seals this type at B-LTA: DSS needs nothing beyond the file and the trusted root
        String dss = SignatureValidators.dss(pdf, SharedHub.DATA.resolve("keys/root.pem"));
        assertThat(dss)
                .contains("signatures=1", "indication=TOTAL_PASSED", "format=PAdES-BASELINE-LTA\n")
                .containsPattern("timestamp=SIGNATURE_TIMESTAMP .* indication=PASSED")
                .containsPattern("timestamp=DOCUMENT_TIMESTAMP .* indication=PASSED");
    }

    @Test
    @Order(3)
    void theQrCodeOpensAPublicPageThatMasksTheIdNumber() throws Exception {
        String url = QrCodes.read(Files.readAllBytes(pdfFor(JI)));
        assertThat(url).startsWith("http://localhost:").contains("/v/");
        URI page = URI.create("http://localhost:" + port + URI.create(url).getPath());
        var response = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "𠮷田",
                        "建筑施工企业安全生产管理人员安全生产考核合格证书",
                        "C1",
                        "南京建设有限公司",
                        "有效",
                        "江苏省住房和城乡建设厅",
                        JI.substring(0, 3) + "***********" + JI.substring(14))
                .doesNotContain(JI);

        var english = http.send(
                HttpRequest.newBuilder(URI.create(page + "?lang=en")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(english.body())
                .contains(
                        "Certificate number",
                        "valid",
                        "Department of Housing and Urban-Rural Development of Jiangsu Province",
                        "Category")
                .doesNotContain("岗位类别", "有效");

        var unknown = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v/AAAAAAAAAAAAAAAAAAAAAAAA"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("未找到证书");
    }

    @Test
    @Order(4)
    void thePublicPageReadsWellOnAPhone() throws Exception {
        String url = QrCodes.read(Files.readAllBytes(pdfFor(ABDU)));
        var browser = Browser.phone();
        try {
            browser.get("http://localhost:" + port + URI.create(url).getPath());
            assertThat(browser.getTitle()).isEqualTo("证书核验");
            assertThat(browser.findElement(By.id("holder")).getText()).isEqualTo("阿卜杜热合曼·买买提");
            assertThat(browser.findElement(By.id("id-number")).getText())
                    .isEqualTo(ABDU.substring(0, 3) + "***********" + ABDU.substring(14));
            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("有效");
            assertThat(browser.findElement(By.cssSelector(".verdict")).getText())
                    .contains("真实有效");
            long overflow =
                    (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            Files.write(SharedHub.ROOT.resolve("verify-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void aRareCharacterOfTheHoldersNameIsDrawnByTheHubsWebFontWhereThePhoneHasNone() throws Exception {
        String url = QrCodes.read(Files.readAllBytes(pdfFor(JI)));
        var browser = Browser.phone();
        try {
            browser.get("http://localhost:" + port + URI.create(url).getPath());
            browser.executeAsyncScript("const done = arguments[0]; document.fonts.ready.then(() => done(true));");
            browser.executeCdpCommand("DOM.enable", java.util.Map.of());
            browser.executeCdpCommand("CSS.enable", java.util.Map.of());
            @SuppressWarnings("unchecked")
            var root = (java.util.Map<String, Object>) browser.executeCdpCommand("DOM.getDocument", java.util.Map.of())
                    .get("root");
            Object holder = browser.executeCdpCommand(
                            "DOM.querySelector", java.util.Map.of("nodeId", root.get("nodeId"), "selector", "#holder"))
                    .get("nodeId");
            @SuppressWarnings("unchecked")
            var used = (List<java.util.Map<String, Object>>)
                    browser.executeCdpCommand("CSS.getPlatformFontsForNode", java.util.Map.of("nodeId", holder))
                            .get("fonts");
            System.out.println("Fonts drawing the holder's name: " + used);
            assertThat(browser.findElement(By.id("holder")).getText()).isEqualTo("𠮷田");
            // 𠮷 (U+20BB7) is in no font a phone or this machine has: a font of the hub's draws it
            assertThat(used).anySatisfy(font -> {
                assertThat(font.get("isCustomFont")).isEqualTo(true);
                assertThat(String.valueOf(font.get("familyName"))).contains("HanaMinB");
            });
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void aPhoneFindsACertificateByNumberAndNameOnTheLandingPage() throws Exception {
        String number = jdbc.sql("select number from licence where holder_code = ?")
                .param(ABDU)
                .query(String.class)
                .single();
        var browser = Browser.phone();
        try {
            browser.get("http://localhost:" + port + "/");
            assertThat(browser.getTitle()).isEqualTo("证书查询");
            browser.findElement(By.id("number")).sendKeys(number);
            // typed with the Japanese middle dot a phone keyboard offers
            browser.findElement(By.id("name")).sendKeys("阿卜杜热合曼・买买提");
            Browser.clickThrough(browser, By.id("submit"));

            assertThat(browser.findElement(By.cssSelector(".result .holder")).getText())
                    .isEqualTo("阿卜杜热合曼·买买提");
            assertThat(browser.findElement(By.cssSelector(".result .number")).getText())
                    .isEqualTo(number);
            assertThat(browser.findElement(By.cssSelector(".result .status")).getText())
                    .isEqualTo("有效");
            assertThat(browser.findElement(By.cssSelector(".result .id-number")).getText())
                    .isEqualTo(ABDU.substring(0, 3) + "***********" + ABDU.substring(14));
            long overflow =
                    (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            Files.write(SharedHub.ROOT.resolve("query-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));

            Browser.clickThrough(browser, By.cssSelector(".result .page-link"));
            assertThat(browser.getTitle()).isEqualTo("证书核验");
            assertThat(browser.findElement(By.id("holder")).getText()).isEqualTo("阿卜杜热合曼·买买提");
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void anUploadedCertificateIsGenuineWithItsStatusAndAChangedCopyIsNot() throws Exception {
        byte[] sealed = Files.readAllBytes(pdfFor(JI));
        JsonNode genuine = upload(sealed);
        assertThat(genuine.get("verdict").asString()).as(genuine.toString()).isEqualTo("GENUINE");
        assertThat(genuine.get("certificate").get("status").asString()).isEqualTo("VALID");
        assertThat(genuine.get("certificate").get("holderName").asString()).isEqualTo("𠮷田");
        assertThat(genuine.toString())
                .contains("seal-signature-valid", "library-same-file")
                .doesNotContain(JI);

        byte[] changed = sealed.clone();
        changed[sealed.length / 4] ^= 0x01;
        JsonNode modified = upload(changed);
        assertThat(modified.get("verdict").asString()).isEqualTo("MODIFIED");
        assertThat(modified.get("certificate").isNull()).isTrue();
        assertThat(modified.toString()).contains("seal-signature-invalid", "盖章的内容被改动过");

        // sent as curl --data-binary sends a file: as a form
        var asForm = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/verify"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(sealed))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asForm.statusCode()).as(asForm.body()).isEqualTo(200);
        assertThat(JSON.readTree(asForm.body()).get("verdict").asString()).isEqualTo("GENUINE");

        JsonNode csv = upload("证书编号,姓名\n".getBytes(StandardCharsets.UTF_8));
        assertThat(csv.get("verdict").asString()).isEqualTo("NOT_SEALED");

        var empty = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/verify"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void aPhoneUploadsACertificateOnTheCheckPage() throws Exception {
        var browser = Browser.phone();
        try {
            browser.get("http://localhost:" + port + "/");
            Browser.clickThrough(browser, By.id("check-link"));
            assertThat(browser.getTitle()).isEqualTo("文件核验");
            browser.findElement(By.id("file"))
                    .sendKeys(pdfFor(ABDU).toAbsolutePath().toString());
            Browser.clickThrough(browser, By.id("submit"));

            assertThat(browser.findElement(By.id("verdict")).getAttribute("data-verdict"))
                    .isEqualTo("GENUINE");
            assertThat(browser.findElement(By.id("verdict")).getText()).startsWith("核验通过");
            assertThat(browser.findElement(By.cssSelector("#report .holder")).getText())
                    .isEqualTo("阿卜杜热合曼·买买提");
            assertThat(browser.findElements(By.cssSelector("ul.findings li.warn")))
                    .isEmpty();
            long overflow =
                    (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            Files.write(SharedHub.ROOT.resolve("check-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private JsonNode upload(byte[] file) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/verify"))
                        .header("Content-Type", "application/pdf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    @Order(5)
    void theSameFileDroppedAgainIssuesNothingNew() throws Exception {
        ExamSystemCsv.drop(INBOX, RESENT, examFile());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recordsOfBothFiles("r.status = 'RECEIVED'") == 0 && recordsOfBothFiles("true") == 12);
        assertThat(jdbc.sql("select count(*) from licence where holder_code in (:holders)")
                        .param("holders", HOLDERS)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
        // the first file's duplicate row, and now every good row of the second delivery
        assertThat(recordsOfBothFiles("r.status = 'DUPLICATE'")).isEqualTo(1 + 4);
        assertThat(recordsOfBothFiles("r.status = 'REJECTED'")).isEqualTo(2 + 2);
        assertThat(jsonFilesInOutbox()).hasSize(3);
    }

    @Test
    @Order(6)
    void aUtf8FileWithBomIsReadAsUtf8() throws Exception {
        String id = ZHAO;
        ExamSystemCsv.drop(
                INBOX,
                "pipeline-utf8.csv",
                ExamSystemCsv.file().person(1, "赵六", id, "C3", "2026-11-01").utf8WithBom());
        await().atMost(Duration.ofSeconds(60)).until(() -> jsonFilesInOutbox().size() == 4);
        assertThat(jsonFor(id).get("certificate_holder_name").asString()).isEqualTo("赵六");
        assertThat(jsonFor(id).get("certificate_number").asString()).startsWith("苏建安C3(2026)");
    }

    @Test
    @Order(7)
    void aFileWithAnotherHeaderIsRefusedWholeWithAReason() throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                "pipeline-wrong.csv",
                ExamSystemCsv.file().header("序号,姓名,身份证号码").row("1", "张三", ZHANG).gb18030());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.isDirectory(INBOX.resolve("failed"))
                        && listing(INBOX.resolve("failed")).anyMatch(p -> p.endsWith("pipeline-wrong.csv.error.txt"))
                        && listing(INBOX.resolve("failed")).anyMatch(p -> p.endsWith("pipeline-wrong.csv")));
        Path error = listing(INBOX.resolve("failed"))
                .filter(p -> p.endsWith("pipeline-wrong.csv.error.txt"))
                .findFirst()
                .map(INBOX.resolve("failed")::resolve)
                .orElseThrow();
        assertThat(Files.readString(error)).contains("表头与映射不符");
        assertThat(jdbc.sql(
                                "select count(*) from delivery where status = 'FAILED' and file_name = 'pipeline-wrong.csv'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    @Order(8)
    void theRejectsApiNeedsTheAdministrator() throws Exception {
        var anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rejects"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /**
     * A name from each ideograph block of GB 18030-2022, and the late additions only the last fallback font has, in a
     * GB18030 file: each is issued, sealed and published, and reads back out of its PDF's text. A name with a code
     * point no shipped font has (CJK Extension G, GB 18030's user-defined area) is a reject before anything is issued.
     */
    @Test
    @Order(9)
    void aNameFromEachBlockOfGb18030IsPublishedAndOneNoFontHasIsAGlyphMissingReject() throws Exception {
        int[] codePoints = {
            0x5EFA, // CJK Unified Ideographs
            0x36C3, // Extension A
            0x20BB7, // Extension B
            0x2A736, // Extension C
            0x2B746, // Extension D
            0x2B823, // Extension E
            0x2CEB0, // Extension F
            0xF900, // CJK Compatibility Ideographs
            0x2F800, // CJK Compatibility Ideographs Supplement
            0x9FFF, // URO, Unicode 14
            0x4DBF, // Extension A, Unicode 13
            0x2A6DF, // Extension B, Unicode 14
            0x2B739 // Extension C, Unicode 15
        };
        var csv = ExamSystemCsv.file();
        var names = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < codePoints.length; i++) {
            String id = ExamSystemCsv.idNumber("320106", "19880808", 200 + i);
            String name = "王" + Character.toString(codePoints[i]) + "明";
            names.put(id, name);
            csv.person(i + 1, name, id, "A", "2026-11-02");
        }
        csv.person(
                codePoints.length + 1,
                "王\uD880\uDC00明",
                ExamSystemCsv.idNumber("320106", "19880808", 300),
                "A",
                "2026-11-02");
        csv.person(
                codePoints.length + 2, "李\uE000", ExamSystemCsv.idNumber("320106", "19880808", 301), "A", "2026-11-02");
        ExamSystemCsv.drop(INBOX, "every-block.csv", csv.gb18030());

        // (the hub is shared: wait for this test's holders, not for a count of the whole outbox)
        await().atMost(Duration.ofMinutes(4))
                .until(() -> names.keySet().stream().allMatch(id -> {
                    try {
                        jsonFor(id);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                }));
        for (var holder : names.entrySet()) {
            assertThat(jsonFor(holder.getKey()).get("certificate_holder_name").asString())
                    .isEqualTo(holder.getValue());
            try (var pdf =
                    org.apache.pdfbox.Loader.loadPDF(pdfFor(holder.getKey()).toFile())) {
                assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf))
                        .as("U+%04X", holder.getValue().codePointAt(1))
                        .contains(holder.getValue());
            }
        }
        List<JsonNode> rejects =
                ofFile(getJson("/api/v1/rejects?source=exam-system&rule=glyph-missing"), "every-block.csv");
        assertThat(rejects).hasSize(2);
        assertThat(rejectRules(rejects, Integer.toString(codePoints.length + 1)))
                .containsExactly("glyph-missing");
        assertThat(rowOf(rejects, Integer.toString(codePoints.length + 1))
                        .get("reasons")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("U+30000");
        assertThat(rowOf(rejects, Integer.toString(codePoints.length + 2))
                        .get("reasons")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("U+E000");
        // (the hub is shared: only this test's holders count)
        assertThat(jdbc.sql("select count(*) from licence_version v join licence l on l.id = v.licence_id "
                                + "where l.holder_code in (:holders) and v.state <> 'PUBLISHED'")
                        .param("holders", List.copyOf(names.keySet()))
                        .query(Integer.class)
                        .single())
                .as("nothing left waiting in the sign stage")
                .isZero();
    }

    /**
     * Provenance shows what a record said with ID numbers masked; an administrator with role PII_VIEWER sees them in
     * full on request, and that view is recorded; an administrator without it is refused.
     */
    @Test
    @Order(10)
    void provenanceMasksIdNumbersUnlessAPiiViewerAsksAndEachSuchViewIsRecorded() throws Exception {
        String identifier = jsonFor(ZHANG).get("certificate_identifier").asString();
        String provenance = "/api/v1/licences/" + identifier + "/provenance";
        String masked = ZHANG.substring(0, 3) + "*".repeat(11) + ZHANG.substring(14);

        JsonNode story = getJson(provenance);
        long recordId = story.at("/versions/0/record/recordId").asLong();
        assertThat(story.at("/versions/0/record/payload/身份证号码").asString()).isEqualTo(masked);
        assertThat(story.toString()).doesNotContain(ZHANG).doesNotContain(ZHANG.substring(6, 14));
        assertThat(getJson("/api/v1/records/" + recordId).toString())
                .contains(masked)
                .doesNotContain(ZHANG);

        var refused = HubHttp.getAs("admin", HubHttp.ADMIN_PASSWORD, port, provenance + "?unmasked=true");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("unmasking-not-allowed").doesNotContain(ZHANG);

        var full = HubHttp.getAs(HubHttp.AUDITOR, HubHttp.AUDITOR_PASSWORD, port, provenance + "?unmasked=true");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(full.body())
                        .at("/versions/0/record/payload/身份证号码")
                        .asString())
                .isEqualTo(ZHANG);
        var record = HubHttp.getAs(
                HubHttp.AUDITOR, HubHttp.AUDITOR_PASSWORD, port, "/api/v1/records/" + recordId + "?unmasked=true");
        assertThat(record.body()).contains(ZHANG);

        assertThat(getJson("/api/v1/rejects/unmasked-views?recordId=" + recordId)
                        .valueStream()
                        .map(v -> v.get("actor").asString() + " "
                                + v.get("endpoint").asString())
                        .toList())
                .containsExactly(
                        "auditor GET /api/v1/records/{id}?unmasked=true",
                        "auditor GET /api/v1/licences/{identifier}/provenance?unmasked=true");
    }

    private static Stream<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    private JsonNode getJson(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode rowOf(List<JsonNode> rejects, String serialNo) {
        for (JsonNode r : rejects) {
            if (r.get("payload").get("序号").asString().equals(serialNo)) {
                return r;
            }
        }
        throw new AssertionError("no reject for row " + serialNo);
    }

    private static List<String> rejectRules(List<JsonNode> rejects, String serialNo) {
        return rowOf(rejects, serialNo)
                .get("reasons")
                .valueStream()
                .map(r -> r.get("rule").asString())
                .toList();
    }

    /** The published metadata of this test's holders (the outbox is shared; status notices are not metadata). */
    static List<Path> jsonFilesInOutbox() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json")
                            && !p.getFileName().toString().contains(".status-"))
                    .filter(p -> read(p).has("certificate_holder_code")
                            && HOLDERS.contains(
                                    read(p).get("certificate_holder_code").asString()))
                    .toList();
        }
    }

    /** The rejects of one file of this test. */
    private static List<JsonNode> ofFile(JsonNode rejects, String file) {
        return rejects.valueStream()
                .filter(r -> file.equals(r.get("file").asString()))
                .toList();
    }

    /** The ids of the versions of this test's holders' licences that meet the condition. */
    private List<Long> versionsOfHolders(String condition) {
        return jdbc.sql("select v.id from licence_version v join licence l on l.id = v.licence_id "
                        + "where l.holder_code in (:holders) and " + condition)
                .param("holders", HOLDERS)
                .query(Long.class)
                .list();
    }

    /** How many records of this test's two deliveries of the same file meet the condition. */
    private int recordsOfBothFiles(String condition) {
        return jdbc.sql("select count(*) from raw_record r join delivery d on d.id = r.delivery_id "
                        + "where d.file_name in (:files) and " + condition)
                .param("files", List.of(FILE, RESENT))
                .query(Integer.class)
                .single();
    }

    private static JsonNode read(Path json) {
        try {
            return JSON.readTree(Files.readString(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The published metadata of one holder, who need not be one of {@link #HOLDERS}. */
    private static JsonNode jsonFor(String idNumber) throws IOException {
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json")
                            && !p.getFileName().toString().contains(".status-"))
                    .map(PipelineIntegrationTests::read)
                    .filter(j -> j.has("certificate_holder_code")
                            && j.get("certificate_holder_code").asString().equals(idNumber))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Path pdfFor(String idNumber) throws IOException {
        return OUTBOX.resolve(jsonFor(idNumber).get("certificate_identifier").asString() + ".pdf");
    }
}
