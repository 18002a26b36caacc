package org.certhub.licence;

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
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordIntake;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lifecycle operations on issued licences, through the real pipeline: suspension, reinstatement, revocation,
 * cancellation and change; what the status forbids; the public page; re-drive and discard of rejects; and the
 * licence's provenance. Operations arrive as JSON messages of a test source (the real channels have their own tests).
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIntegrationTests {

    private static final Path INBOX = SharedHub.inbox("exam-system");
    private static final Path OUTBOX = SharedHub.OUTBOX;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The test source's mapping is one of the shared hub's ({@link SharedHub}). */
    private static final String SOURCE = "test-lifecycle";
    /** The exam system's files of this test: the hub is shared, so they carry its name. */
    private static final List<String> FILES = List.of("lifecycle-1.csv", "lifecycle-2.csv");

    static final String ZHANG = ExamSystemCsv.idNumber("320102", "19800101", 301);
    static final String LI = ExamSystemCsv.idNumber("320102", "19810202", 302);
    static final String WANG = ExamSystemCsv.idNumber("320102", "19820303", 303);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    RecordIntake intake;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private static int messages;

    @Test
    @Order(1)
    void suspensionShowsAtOnceOnThePublicPageAndIsPublished() throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                FILES.get(0),
                ExamSystemCsv.file()
                        .person(1, "张三", ZHANG, "B", "2026-10-15")
                        .person(2, "李四", LI, "C1", "2026-10-15")
                        .gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> published(ZHANG) && published(LI));

        send(op("暂扣", number(ZHANG), "施工现场发生生产安全事故，暂扣 6 个月", "D-1"));
        assertThat(status(ZHANG)).isEqualTo("SUSPENDED");
        String page = page(token(ZHANG, 1));
        assertThat(page)
                .contains("暂扣")
                .contains("施工现场发生生产安全事故，暂扣 6 个月")
                .contains("id=\"status-reason\"")
                .doesNotContain("经核验，证书真实有效");
        // the public query says the same at once, by number and name, with the ID number masked
        JsonNode zhang =
                query("number", number(ZHANG), "张三").get("certificates").get(0);
        assertThat(zhang.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(zhang.get("statusLabel").asString()).isEqualTo("暂扣");
        assertThat(zhang.get("statusReason").asString()).isEqualTo("施工现场发生生产安全事故，暂扣 6 个月");
        assertThat(zhang.get("valid").asBoolean()).isFalse();
        assertThat(zhang.get("holderIdNumber").asString())
                .isEqualTo(ZHANG.substring(0, 3) + "***********" + ZHANG.substring(14));
        assertThat(zhang.toString()).doesNotContain(ZHANG);
        assertThat(zhang.get("verificationUrl").asString()).endsWith("/v/" + token(ZHANG, 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> statusNotices().stream()
                        .anyMatch(n -> n.get("certificate_number").asString().equals(number(ZHANG))
                                && n.get("certificate_status").asString().equals("SUSPENDED")
                                && n.get("operation_code").asString().equals("03")));
    }

    @Test
    @Order(2)
    void theSameOperationAgainIsADuplicateAndWhatTheStatusForbidsIsRejected() throws Exception {
        send(op("暂扣", number(ZHANG), "施工现场发生生产安全事故，暂扣 6 个月", "D-1"));
        assertThat(lastRecordStatus()).isEqualTo("DUPLICATE");

        send(op("变更", number(ZHANG), null, "C-1").replace("}", ", \"company\": \"新公司\"}"));
        assertThat(lastRecordStatus()).isEqualTo("REJECTED");
        assertThat(lastRecordRules()).containsExactly("status-forbids");

        send(op("撤销", number(LI), "以欺骗手段取得证书", "D-2"));
        assertThat(status(LI)).isEqualTo("REVOKED");
        JsonNode li = query("number", number(LI), "李四").get("certificates").get(0);
        assertThat(li.get("status").asString()).isEqualTo("REVOKED");
        assertThat(li.get("statusReason").asString()).isEqualTo("以欺骗手段取得证书");
        send(op("暂扣发还", number(LI), null, "D-3"));
        assertThat(lastRecordRules()).containsExactly("status-forbids");
        assertThat(status(LI)).isEqualTo("REVOKED");

        send(op("暂扣", "苏建安B(2026)9999999", "无此证", "D-4"));
        assertThat(lastRecordRules()).containsExactly("licence-not-found");
        send(op("暂扣", number(ZHANG), null, "D-5"));
        assertThat(lastRecordRules()).containsExactly("reason");
    }

    @Test
    @Order(3)
    void reinstatementThenAChangeMakesVersionTwoAndTheOldFileSaysItWasReplaced() throws Exception {
        send(op("暂扣发还", number(ZHANG), "整改完成", "D-6"));
        assertThat(status(ZHANG)).isEqualTo("VALID");
        send(op("变更", number(ZHANG), null, "C-2").replace("}", ", \"company\": \"江苏新建工有限公司\"}"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> outboxJson().stream()
                        .anyMatch(j -> j.get("certificate_number").asString().equals(number(ZHANG))
                                && j.get("certificate_version").asString().equals("002")));
        var v2 = jdbc.sql("""
                select v.identifier, v.data, v.valid_to, v.predecessor_id from licence_version v
                join licence l on l.id = v.licence_id where l.number = ? and v.version = 2""")
                .param(number(ZHANG))
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single();
        assertThat(v2.get(0)).contains(".002.");
        assertThat(v2.get(1)).contains("江苏新建工有限公司").contains(ZHANG);
        String validTo1 = jdbc.sql("""
                select v.valid_to from licence_version v join licence l on l.id = v.licence_id
                where l.number = ? and v.version = 1""").param(number(ZHANG)).query(String.class).single();
        assertThat(v2.get(2)).as("a change keeps the validity period").isEqualTo(validTo1);
        assertThat(v2.get(3)).isNotNull();

        assertThat(page(token(ZHANG, 1))).contains("id=\"superseded\"").contains("已被第 2 版替代");
        // by number: the version in force; by the old version's identifier: what replaced it
        JsonNode current =
                query("number", number(ZHANG), "张三").get("certificates").get(0);
        assertThat(current.get("version").asInt()).isEqualTo(2);
        assertThat(current.get("status").asString()).isEqualTo("VALID");
        assertThat(current.get("fields").toString()).contains("江苏新建工有限公司");
        JsonNode old = query("identifier", identifier(ZHANG, 1), "张三")
                .get("certificates")
                .get(0);
        assertThat(old.get("status").asString()).isEqualTo("REPLACED");
        assertThat(old.get("replacedBy").asInt()).isEqualTo(2);
        assertThat(page(token(ZHANG, 2))).contains("经核验，证书真实有效").doesNotContain("id=\"superseded\"");
    }

    @Test
    @Order(4)
    void aRejectReDrivenAfterItsLicenceArrivesIssuesAndIsAudited() throws Exception {
        // the enforcement decision arrives before the exam system's file: the licence does not exist yet
        // the number the exam system's next A licence gets (the hub is shared: other tests may have issued some)
        String wangNumber = nextNumber("A");
        send(op("暂扣", wangNumber, "违规作业", "D-7"));
        long rejectId = lastRecordId();
        assertThat(lastRecordRules()).containsExactly("licence-not-found");

        ExamSystemCsv.drop(
                INBOX,
                FILES.get(1),
                ExamSystemCsv.file().person(1, "王五", WANG, "A", "2026-10-16").gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> published(WANG));
        assertThat(number(WANG)).isEqualTo(wangNumber);

        JsonNode result = post(
                "/api/v1/rejects/redrive",
                "{\"source\": \"" + SOURCE + "\", \"rule\": \"licence-not-found\", \"note\": \"证书已签发，重新处理\"}",
                200);
        assertThat(result.get("redriven").asInt()).isEqualTo(2);
        assertThat(result.get("issued").asInt()).isEqualTo(1);
        assertThat(result.get("rejectedAgain").asInt()).isEqualTo(1);
        assertThat(status(WANG)).isEqualTo("SUSPENDED");

        JsonNode story = get("/api/v1/records/" + rejectId);
        assertThat(story.get("result").get("status").asString()).isEqualTo("ISSUED");
        assertThat(story.get("origin").get("channel").asString()).isEqualTo("test");
        JsonNode action = story.get("actions").get(0);
        assertThat(action.get("action").asString()).isEqualTo("REDRIVE");
        assertThat(action.get("actor").asString()).isEqualTo("admin");
        assertThat(action.get("reason").asString()).isEqualTo("证书已签发，重新处理");
        assertThat(action.get("previousReasons").asString()).contains("licence-not-found");
        assertThat(action.get("at").asString()).isNotBlank();

        // re-driving something that is not a reject is refused
        post("/api/v1/rejects/" + rejectId + "/redrive", "{}", 409);
    }

    @Test
    @Order(5)
    void aRejectCanBeDiscardedWithAReasonOnlyOnce() throws Exception {
        long unknown = jdbc.sql("""
                select r.id from raw_record r join reject_reason x on x.raw_record_id = r.id
                where r.source_id = ? and r.status = 'REJECTED' and x.rule = 'licence-not-found'""").param(SOURCE).query(Long.class).single();
        post("/api/v1/rejects/" + unknown + "/discard", "{}", 400);
        post("/api/v1/rejects/" + unknown + "/discard", "{\"reason\": \"证书编号录入错误，已通知执法系统更正\"}", 200);
        post("/api/v1/rejects/" + unknown + "/discard", "{\"reason\": \"again\"}", 409);
        assertThat(get("/api/v1/records/" + unknown).get("result").get("status").asString())
                .isEqualTo("DISCARDED");
        // it was re-driven once (with the others of its rule), then discarded
        assertThat(get("/api/v1/records/" + unknown)
                        .get("actions")
                        .valueStream()
                        .map(a -> a.get("action").asString()))
                .containsExactly("REDRIVE", "DISCARD");
        assertThat(get("/api/v1/rejects?source=" + SOURCE)
                        .valueStream()
                        .map(r -> r.get("recordId").asLong()))
                .doesNotContain(unknown);
    }

    @Test
    @Order(6)
    void rejectsFilterBySourceRuleAndDay() throws Exception {
        LocalDate today = LocalDate.now(clock);
        assertThat(get("/api/v1/rejects?source=" + SOURCE + "&rule=status-forbids"))
                .hasSize(2);
        assertThat(get("/api/v1/rejects?source=" + SOURCE + "&rule=status-forbids&from=" + today + "&to=" + today))
                .hasSize(2);
        assertThat(get("/api/v1/rejects?source=" + SOURCE + "&from=" + today.plusDays(1)))
                .isEmpty();
        assertThat(get("/api/v1/rejects?source=exam-system")
                        .valueStream()
                        .filter(r -> FILES.contains(r.get("file").asString())))
                .isEmpty();
        JsonNode summary = get("/api/v1/rejects/summary");
        assertThat(summary.valueStream()
                        .filter(s -> s.get("source").asString().equals(SOURCE)
                                && s.get("rule").asString().equals("status-forbids"))
                        .findFirst()
                        .orElseThrow()
                        .get("count")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(7)
    void aLicenceTellsItsWholeStory() throws Exception {
        String identifier =
                jdbc.sql("""
                select v.identifier from licence_version v join licence l on l.id = v.licence_id
                where l.number = ? and v.version = 1""").param(number(ZHANG)).query(String.class).single();
        JsonNode story = get("/api/v1/licences/" + identifier + "/provenance");
        assertThat(story.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(story.get("versions")
                        .valueStream()
                        .map(v -> v.get("operation").asString()))
                .containsExactly("new", "change");
        JsonNode first = story.get("versions").get(0).get("record");
        assertThat(first.get("origin").get("file").asString()).isEqualTo(FILES.get(0));
        assertThat(first.get("origin").get("row").asInt()).isEqualTo(2);
        assertThat(first.get("result").get("acknowledgements").get(0).asString())
                .contains("ACKNOWLEDGED");
        assertThat(story.get("versions")
                        .get(1)
                        .get("record")
                        .get("result")
                        .get("mappingVersion")
                        .asString())
                .isEqualTo("7");
        assertThat(story.get("events").valueStream().map(e -> e.get("operation").asString()))
                .containsExactly("suspend", "reinstate", "change");
        assertThat(story.get("events").get(0).get("reason").asString()).contains("生产安全事故");
        assertThat(story.get("events").get(0).get("actor").asString()).isEqualTo("source:" + SOURCE);
        assertThat(story.get("duplicateRecords")).hasSize(1);
    }

    // --- helpers

    private static String op(String op, String number, String reason, String no) {
        return "{\"op\": \"" + op + "\", \"number\": \"" + number + "\""
                + (reason == null ? "" : ", \"reason\": \"" + reason + "\"") + ", \"no\": \"" + no + "\"}";
    }

    /** Sends a message through the real intake and pipeline, as a channel route does. */
    private void send(String json) {
        int n = ++messages;
        List<RawRecord> stored = intake.receiveMessage(
                SOURCE, "test", "test message " + n, "test/" + n, json.getBytes(StandardCharsets.UTF_8));
        producer.sendBody("direct:process-records", stored);
    }

    private long lastRecordId() {
        return jdbc.sql("select max(id) from raw_record where source_id = ?")
                .param(SOURCE)
                .query(Long.class)
                .single();
    }

    private String lastRecordStatus() {
        return jdbc.sql("select status from raw_record where id = ?")
                .param(lastRecordId())
                .query(String.class)
                .single();
    }

    private List<String> lastRecordRules() {
        return jdbc.sql("select rule from reject_reason where raw_record_id = ?")
                .param(lastRecordId())
                .query(String.class)
                .list();
    }

    private String number(String idNumber) {
        return jdbc.sql("select number from licence where holder_code = ?")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    /** The number after the highest of the category in 2026, or its first. */
    private String nextNumber(String category) {
        String prefix = "苏建安" + category + "(2026)";
        long last = jdbc.sql(
                        "select number from licence where number like ? order by number desc fetch first 1 rows only")
                .param(prefix + "%")
                .query(String.class)
                .optional()
                .map(n -> Long.parseLong(n.substring(prefix.length())))
                .orElse(0L);
        return prefix + "%07d".formatted(last + 1);
    }

    private String status(String idNumber) {
        return jdbc.sql("select status from licence where holder_code = ?")
                .param(idNumber)
                .query(String.class)
                .single();
    }

    private String token(String idNumber, int version) {
        return jdbc.sql("""
                select v.verify_token from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = ?""").params(idNumber, version).query(String.class).single();
    }

    private boolean published(String idNumber) {
        return jdbc.sql("""
                select count(*) from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.state = 'PUBLISHED'""").param(idNumber).query(Integer.class).single() > 0;
    }

    @Test
    @Order(8)
    void aWrongNameAnswersExactlyAsAnUnknownNumberAndTheQueryPageWorksWithoutScript() throws Exception {
        var wrongName = queryResponse("number=" + enc(number(ZHANG)) + "&name=" + enc("张四"));
        var unknownNumber = queryResponse("number=" + enc("苏建安B(2026)9999999") + "&name=" + enc("张三"));
        var wrongPair = queryResponse("number=" + enc(number(ZHANG)) + "&name=" + enc("李四"));
        assertThat(wrongName.statusCode()).isEqualTo(404);
        assertThat(unknownNumber.statusCode()).isEqualTo(404);
        assertThat(wrongName.body()).isEqualTo(unknownNumber.body()).isEqualTo(wrongPair.body());
        assertThat(queryResponse("number=" + enc(number(ZHANG))).statusCode()).isEqualTo(400);
        assertThat(queryResponse("name=" + enc("张三")).statusCode()).isEqualTo(400);

        // the page is a plain GET form: what a browser without script sends
        String found = pageAt("/query?number=" + enc(number(LI)) + "&name=" + enc(" 李 四 "));
        assertThat(found)
                .contains("撤销", "以欺骗手段取得证书", "李四", LI.substring(0, 3) + "***********")
                .contains("/v/" + token(LI, 1))
                .doesNotContain(LI);
        String notFound = pageAt("/query?number=" + enc(number(LI)) + "&name=" + enc("张三"));
        assertThat(notFound).contains("id=\"not-found\"").doesNotContain("李四");
        String english = pageAt("/query?number=" + enc(number(LI)) + "&name=" + enc("李四") + "&lang=en");
        assertThat(english)
                .contains(
                        "Certificate query",
                        "revoked",
                        "Certificate of Safety Production Qualification",
                        "Company",
                        "Department of Housing and Urban-Rural Development of Jiangsu Province")
                .doesNotContain("企业名称", "江苏省住房和城乡建设厅");
        // a genuine file of a revoked certificate: the file is genuine, the certificate is not valid
        var checked = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/verify"))
                        .POST(HttpRequest.BodyPublishers.ofFile(OUTBOX.resolve(identifier(LI, 1) + ".pdf")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode report = JSON.readTree(checked.body());
        assertThat(report.get("verdict").asString()).as(checked.body()).isEqualTo("GENUINE");
        assertThat(report.get("certificate").get("status").asString()).isEqualTo("REVOKED");
        assertThat(report.get("certificate").get("statusReason").asString()).isEqualTo("以欺骗手段取得证书");
        // the landing page is the query form, not a JSON 404
        assertThat(pageAt("/")).contains("<form", "name=\"number\"", "name=\"name\"");
    }

    @Test
    @Order(9)
    void thePublicPagesReadThroughACacheThatAChangeOnAnyNodeEmpties() throws Exception {
        String token = token(ZHANG, 2);
        assertThat(page(token)).contains("经核验，证书真实有效");
        // the page served from the cache is the rendered one, with the same headers
        var rendered = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v/" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double servedBefore = meters.counter("certhub.verify.pages.cached").count();
        var cached = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v/" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cached.body()).isEqualTo(rendered.body());
        // served ahead of the HTTP observation filter: counted by the cache itself
        assertThat(meters.counter("certhub.verify.pages.cached").count()).isEqualTo(servedBefore + 1);
        for (String header :
                List.of("Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Cache-Control")) {
            assertThat(cached.headers().firstValue(header))
                    .as(header)
                    .isPresent()
                    .isEqualTo(rendered.headers().firstValue(header));
        }
        // another node suspends the licence: its row changes, and it writes the licence's event
        long licenceId = jdbc.sql("select id from licence where holder_code = ?")
                .param(ZHANG)
                .query(Long.class)
                .single();
        jdbc.sql("update licence set status = 'SUSPENDED', status_reason = ?, status_changed_at = ? where id = ?")
                .params("另一节点暂扣", java.time.OffsetDateTime.now(clock), licenceId)
                .update();
        // until the event is written, this node answers from its cache: the page is not read from the database
        assertThat(page(token)).contains("经核验，证书真实有效").doesNotContain("另一节点暂扣");
        jdbc.sql("""
                insert into licence_event (licence_id, type_code, business_key, operation, from_status, to_status,
                                           reason, actor, created_at, enqueued_at, published_at)
                select id, type_code, 'other-node-1', 'suspend', 'VALID', 'SUSPENDED', ?, 'other-node', ?, ?, ?
                from licence where id = ?""")
                .params(
                        "另一节点暂扣",
                        java.time.OffsetDateTime.now(clock),
                        java.time.OffsetDateTime.now(clock),
                        java.time.OffsetDateTime.now(clock),
                        licenceId)
                .update();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(page(token)).contains("另一节点暂扣").doesNotContain("经核验，证书真实有效"));
        assertThat(query("number", number(ZHANG), "张三")
                        .get("certificates")
                        .get(0)
                        .get("status")
                        .asString())
                .isEqualTo("SUSPENDED");
    }

    private JsonNode query(String key, String value, String name) throws Exception {
        var response = queryResponse(key + "=" + enc(value) + "&name=" + enc(name));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> queryResponse(String query) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/certificates?" + query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String pageAt(String pathAndQuery) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String identifier(String idNumber, int version) {
        return jdbc.sql("""
                select v.identifier from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = ?""").params(idNumber, version).query(String.class).single();
    }

    private String page(String token) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v/" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> outboxJson() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .<JsonNode>map(p -> {
                        try {
                            return JSON.readTree(Files.readString(p));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    // the outbox is shared: the callers pick this test's licences by their numbers
                    .filter(j -> j.has("certificate_number"))
                    .toList();
        }
    }

    private static List<JsonNode> statusNotices() throws IOException {
        return outboxJson().stream().filter(j -> j.has("operation")).toList();
    }

    private HttpRequest.Builder admin(String path) {
        String auth = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + auth);
    }

    private JsonNode get(String path) throws Exception {
        var response = http.send(admin(path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, String body, int expectedStatus) throws Exception {
        var response = http.send(
                admin(path)
                        .header("Content-Type", "application/json")
                        .header("X-Requested-By", "certhub")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
