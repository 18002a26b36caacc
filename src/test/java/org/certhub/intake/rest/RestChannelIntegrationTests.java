package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.RawHttp;
import org.certhub.testing.Services;
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
 * The REST channel over real HTTP against the running hub and its real route files: signed pushes for the
 * training centre (JSON) and the exam system (CSV), every refusal with its problem type, idempotent retries, the
 * body limit and dry runs. The sources' credentials come from environment-style overrides of
 * {@code config/application.yaml} (the shared hub's, {@link HubIntegrationTest}); {@code closed-demo} is a source
 * without any ({@link SharedHub}).
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestChannelIntegrationTests {

    static final String TC_KEY = SharedHub.TRAINING_CENTER_KEY;
    static final String TC_SECRET = SharedHub.TRAINING_CENTER_SECRET;
    static final String EXAM_KEY = SharedHub.EXAM_SYSTEM_KEY;
    static final String EXAM_SECRET = SharedHub.EXAM_SYSTEM_SECRET;

    private static final Path OUTBOX = SharedHub.OUTBOX;
    private static final Path SAMPLES = Path.of("mappings/samples/training-center");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    @Order(1)
    void aSignedJsonPushIssuesCertificatesThatAreSealedAndPublished() throws Exception {
        var response = push("training-center", "application/json", Files.readAllBytes(SAMPLES.resolve("demo.json")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("received").asInt()).isEqualTo(4);
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("rejected").asInt()).isEqualTo(1);
        JsonNode records = answer.get("records");
        assertThat(records.valueStream().map(r -> r.get("status").asString()))
                .containsExactly("issued", "issued", "issued", "rejected");
        assertThat(records.get(0).get("licenceNumber").asString())
                .matches("苏A012026\\d{6}")
                .hasSize(14);
        assertThat(records.get(1).get("licenceNumber").asString()).matches("苏B052026\\d{6}");
        assertThat(records.get(2).get("licenceNumber").asString()).matches("苏C112026\\d{6}");
        assertThat(records.get(0).get("licenceIdentifier").asString())
                .startsWith("1.2.156.3005.2.11100000000013338W032.11320000014000179U.A012026");
        assertThat(records.get(3)
                        .get("reasons")
                        .valueStream()
                        .map(r -> r.get("rule").asString()))
                .containsExactly("code-table", "citizen-id-check");
        assertThat(records.get(3).get("reasons").get(0).get("value").asString()).isEqualTo("焊工");
        long deliveryId = answer.get("deliveryId").asLong();
        assertThat(jdbc.sql("select channel, status, record_count from delivery where id = ?")
                        .param(deliveryId)
                        .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3))
                        .single())
                .isEqualTo("rest DONE 4");

        // sealed and published: the outbox gets the PDF and the metadata of each issued certificate
        var numbers = records.valueStream()
                .limit(3)
                .map(r -> r.get("licenceNumber").asString())
                .toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> publishedNumbers().containsAll(numbers));
        for (JsonNode r : List.of(records.get(0), records.get(1), records.get(2))) {
            assertThat(OUTBOX.resolve(r.get("licenceIdentifier").asString() + ".pdf"))
                    .isNotEmptyFile();
        }
        JsonNode metadata = JSON.readTree(
                OUTBOX.resolve(records.get(1).get("licenceIdentifier").asString() + ".json")
                        .toFile());
        assertThat(metadata.get("certificate_name").asString()).isEqualTo("建筑施工特种作业操作资格证书");
        assertThat(metadata.get("certificate_holder_name").asString()).isEqualTo("李秀英");
        assertThat(metadata.get("extend_info").get("KZ_trade").asString()).isEqualTo("05");
    }

    @Test
    @Order(2)
    void theExamSystemPushesItsCsvInGb18030OrUtf8() throws Exception {
        String ji = ExamSystemCsv.idNumber("320102", "19900202", 224);
        String wang = ExamSystemCsv.idNumber("320104", "19870707", 225);
        String li = ExamSystemCsv.idNumber("320102", "19800101", 226);
        String badCheck = li.substring(0, 17) + (li.charAt(17) == '1' ? '2' : '1');
        byte[] gb18030 = ExamSystemCsv.file()
                .person(1, "𠮷田", ji, "C1", "2026-10-15")
                .person(2, "李四", badCheck, "B", "2026-10-15")
                .gb18030();
        var response = push("exam-system", "text/csv; charset=GB18030", gb18030);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode records = JSON.readTree(response.body()).get("records");
        // rows as a spreadsheet shows them: the header is row 1
        assertThat(records.valueStream()
                        .map(r -> r.get("row").asInt() + " " + r.get("status").asString()))
                .containsExactly("2 issued", "3 rejected");
        assertThat(records.get(0).get("licenceNumber").asString()).startsWith("苏建安C1(2026)");
        assertThat(holderName(records.get(0).get("recordId").asLong())).isEqualTo("𠮷田");

        // a UTF-8 byte-order mark switches to UTF-8 whatever the mapping says; so does a declared charset
        var bom = push(
                "exam-system",
                "text/csv",
                ExamSystemCsv.file().person(1, "王五", wang, "A", "2026-10-16").utf8WithBom());
        assertThat(statuses(bom)).containsExactly("issued");
        var declared = push(
                "exam-system",
                "text/csv; charset=UTF-8",
                ExamSystemCsv.file()
                        .person(1, "赵六", ExamSystemCsv.idNumber("320104", "19870808", 227), "B", "2026-10-16")
                        .text()
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(statuses(declared)).containsExactly("issued");
        assertThat(holderName(JSON.readTree(declared.body())
                        .get("records")
                        .get(0)
                        .get("recordId")
                        .asLong()))
                .isEqualTo("赵六");
    }

    @Test
    @Order(3)
    void aBodyThatIsNotTheSourcesFormatIsRefusedWith415() throws Exception {
        int before = rawRecords();
        var xml = push(
                "training-center", "application/xml", "<records><record/></records>".getBytes(StandardCharsets.UTF_8));
        assertProblem(xml, 415, "unsupported-media-type");
        assertThat(JSON.readTree(xml.body()).get("accepted").valueStream().map(JsonNode::asString))
                .contains("application/json");
        assertProblem(
                push("exam-system", "application/json", "[]".getBytes(StandardCharsets.UTF_8)),
                415,
                "unsupported-media-type");
        assertThat(rawRecords()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void anUnreadableBodyIs400AndItsDeliveryIsRecordedAsFailed() throws Exception {
        var response = push("training-center", "application/json", "[{\"trainee\": ".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = assertProblem(response, 400, "unreadable-body");
        assertThat(problem.get("detail").asString()).contains("JSON");
        assertThat(jdbc.sql("select channel || ' ' || status from delivery where id = ?")
                        .param(problem.get("deliveryId").asLong())
                        .query(String.class)
                        .single())
                .isEqualTo("rest FAILED");
    }

    @Test
    @Order(5)
    void requestsThatAreNotRightlySignedAre401WithTheReason() throws Exception {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("batch.ndjson"));
        int before = rawRecords();
        String path = "/api/v1/sources/training-center/records";

        var badSignature = signed(path, "application/json", body, TC_KEY, "not-the-secret", Instant.now(), nonce());
        assertProblem(send(badSignature), 401, "bad-signature");
        var badV1Signature = signedV1(path, "application/json", body, TC_KEY, "not-the-secret", Instant.now(), nonce());
        assertProblem(send(badV1Signature), 401, "bad-signature");

        var stale = signed(
                path, "application/json", body, TC_KEY, TC_SECRET, Instant.now().minusSeconds(600), nonce());
        assertProblem(send(stale), 401, "stale-timestamp");
        var future = signed(
                path, "application/json", body, TC_KEY, TC_SECRET, Instant.now().plusSeconds(400), nonce());
        assertProblem(send(future), 401, "stale-timestamp");

        var unsigned = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        assertProblem(send(unsigned), 401, "missing-signature");
        // the administrator's password does not push records
        assertProblem(send(unsigned.copy().header("Authorization", adminBasic())), 401, "missing-signature");
        assertThat(rawRecords()).isEqualTo(before);

        // the same signed request twice: the second is a replay, and stores nothing
        String nonce = nonce();
        var once = signed(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), nonce);
        assertThat(send(once).statusCode()).isEqualTo(200);
        assertThat(rawRecords()).isEqualTo(before + 2);
        assertProblem(
                send(signed(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), nonce)),
                401,
                "replayed-nonce");
        assertThat(rawRecords()).isEqualTo(before + 2);
        assertThat(jdbc.sql("select count(*) from rest_nonce where key_id = ? and nonce = ?")
                        .params(TC_KEY, nonce)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void anUnknownSourceAnUnknownKeyAnothersKeyAClosedSourceAndAWrongSignatureGetTheSameAnswer() throws Exception {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        String records = "/api/v1/sources/training-center/records";
        var answers = Map.of(
                "a wrong signature",
                send(signed(records, "application/json", body, TC_KEY, "not-the-secret", Instant.now(), nonce())),
                "an unknown key",
                send(signed(records, "application/json", body, "no-such-key", TC_SECRET, Instant.now(), nonce())),
                "another source's key",
                send(signed(records, "application/json", body, EXAM_KEY, EXAM_SECRET, Instant.now(), nonce())),
                "a source without credentials",
                send(signed(
                        "/api/v1/sources/closed-demo/records",
                        "application/json",
                        body,
                        TC_KEY,
                        TC_SECRET,
                        Instant.now(),
                        nonce())),
                "an unknown source",
                send(signed(
                        "/api/v1/sources/nowhere/records",
                        "application/json",
                        body,
                        TC_KEY,
                        TC_SECRET,
                        Instant.now(),
                        nonce())));
        var wrongSignature = answers.get("a wrong signature");
        JsonNode expected = withoutInstance(assertProblem(wrongSignature, 401, "bad-signature"));
        answers.forEach((what, response) -> {
            JsonNode problem = assertProblem(response, 401, "bad-signature");
            assertThat(problem.get("instance").asString())
                    .as(what)
                    .isEqualTo(response.request().uri().getPath());
            // the same problem, word for word, and the same headers: nothing tells which of these it was
            assertThat(withoutInstance(problem)).as(what).isEqualTo(expected);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(what)
                    .isEqualTo(wrongSignature.headers().firstValue("WWW-Authenticate"));
            assertThat(withoutInstance(problem).toString())
                    .as(what)
                    .doesNotContain("closed-demo", "exam-system", "no-such-key", "CERTHUB_SOURCE");
        });
    }

    @Test
    @Order(7)
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndStoresNothing() throws Exception {
        byte[] body = json(List.of(trainee("孙悦", ExamSystemCsv.idNumber("320211", "19930405", 301), "建筑电工", "无锡")));
        String key = "tc-batch-" + UUID.randomUUID();

        var first = push("training-center", "application/json", body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(200);
        int records = rawRecords();
        int deliveries = restDeliveries();

        var retry = push("training-center", "application/json", body, Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(rawRecords()).isEqualTo(records);
        assertThat(restDeliveries()).isEqualTo(deliveries);
        assertThat(jdbc.sql("select count(*) from delivery where file_name = ?")
                        .param(key)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);

        byte[] other = json(List.of(trainee("孙悦", ExamSystemCsv.idNumber("320211", "19930405", 301), "建筑电工", "常州")));
        assertProblem(
                push("training-center", "application/json", other, Map.of("Idempotency-Key", key)),
                422,
                "idempotency-key-reused");
        assertThat(rawRecords()).isEqualTo(records);

        // the same key is the source's own: another source may use it for its own request
        var exam = push(
                "exam-system",
                "text/csv; charset=GB18030",
                ExamSystemCsv.file()
                        .person(1, "钱七", ExamSystemCsv.idNumber("320104", "19850909", 331), "C2", "2026-10-17")
                        .gb18030(),
                Map.of("Idempotency-Key", key));
        assertThat(statuses(exam)).containsExactly("issued");
    }

    @Test
    @Order(8)
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        var many = new ArrayList<Map<String, Object>>();
        for (int i = 0; many.size() < 600; i++) {
            many.add(trainee("超限" + i, ExamSystemCsv.idNumber("320102", "19700101", i), "建筑电工", "南京"));
        }
        byte[] body = json(many);
        assertThat(body.length).isGreaterThan(65536);
        int before = rawRecords();
        String path = "/api/v1/sources/training-center/records";

        var declared = signed(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), nonce());
        JsonNode problem = assertProblem(send(declared), 413, "body-too-large");
        assertThat(problem.get("maxBodyBytes").asLong()).isEqualTo(65536);

        var chunked = signed(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), nonce())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertProblem(send(chunked), 413, "body-too-large");
        assertThat(rawRecords()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void aDryRunShowsWhatTheInputWouldBecomeAndStoresNothing() throws Exception {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("batch.ndjson"));
        int records = rawRecords();
        int deliveries = restDeliveries();
        String path = "/api/v1/sources/training-center/dry-run";

        var signedRun = send(signed(path, "application/x-ndjson", body, TC_KEY, TC_SECRET, Instant.now(), nonce()));
        assertThat(signedRun.statusCode()).isEqualTo(200);
        // exactly what the mapping's sample expects
        assertThat(JSON.readTree(signedRun.body()))
                .isEqualTo(JSON.readTree(SAMPLES.resolve("batch.expected.json").toFile()));
        JsonNode outcomes = JSON.readTree(signedRun.body());
        assertThat(outcomes.get(0).get("values").get("trade").asString()).isEqualTo("05");
        assertThat(outcomes.get(1)
                        .get("rejected")
                        .valueStream()
                        .map(r -> r.get("rule").asString()))
                .containsExactly("code-table", "not-in-future");

        var byAdmin = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", adminBasic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(byAdmin.body()).isEqualTo(signedRun.body());

        var anonymous = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(anonymous, 401, "missing-signature");
        var wrongPassword = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(wrongPassword, 401, "missing-signature");

        assertThat(rawRecords()).isEqualTo(records);
        assertThat(restDeliveries()).isEqualTo(deliveries);
    }

    @Test
    @Order(10)
    void theRestOfTheApiStaysAdminOnly() throws Exception {
        var signedElsewhere = signed(
                        "/api/v1/rejects", "application/json", new byte[0], TC_KEY, TC_SECRET, Instant.now(), nonce())
                .GET();
        assertThat(send(signedElsewhere).statusCode()).isEqualTo(401);
        var admin = send(HttpRequest.newBuilder(uri("/api/v1/rejects?source=training-center"))
                .header("Authorization", adminBasic()));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body())
                        .valueStream()
                        .map(r -> r.get("file").asString()))
                .allMatch(f -> f.startsWith("rest-"));
    }

    @Test
    @Order(11)
    void aKeyedRequestWhoseNodeStoppedBeforeAnsweringIsTakenOverWithoutStoringTwice() throws Exception {
        byte[] body = json(List.of(
                trainee("周杰", ExamSystemCsv.idNumber("320481", "19910101", 401), "信号司索工", "常州"),
                trainee("吴磊", ExamSystemCsv.idNumber("320481", "19920202", 403), "施工升降机司机", "常州")));
        String key = "tc-takeover-" + UUID.randomUUID();
        var first = push("training-center", "application/json", body, Map.of("Idempotency-Key", key));
        var numbers = JSON.readTree(first.body())
                .get("records")
                .valueStream()
                .map(r -> r.get("licenceNumber").asString())
                .toList();
        assertThat(numbers).hasSize(2).allMatch(n -> n.startsWith("苏D0"));
        int records = rawRecords();

        // the records were stored, but the node stopped before it answered: its claim is 20 minutes old
        jdbc.sql("""
                update rest_request set state = 'IN_PROGRESS', response_status = null, response_body = null,
                       created_at = ? where idempotency_key = ?""")
                .params(java.time.OffsetDateTime.now().minusMinutes(20), key)
                .update();
        var retry = push("training-center", "application/json", body, Map.of("Idempotency-Key", key));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body())
                        .get("records")
                        .valueStream()
                        .map(r -> r.get("licenceNumber").asString()))
                .containsExactlyElementsOf(numbers);
        assertThat(rawRecords()).isEqualTo(records);

        // while the first request is still being processed, a retry is asked to wait
        jdbc.sql("update rest_request set state = 'IN_PROGRESS', created_at = ? where idempotency_key = ?")
                .params(java.time.OffsetDateTime.now(), key)
                .update();
        assertProblem(
                push("training-center", "application/json", body, Map.of("Idempotency-Key", key)),
                409,
                "request-in-progress");
    }

    @Test
    @Order(12)
    void expiredNoncesAndOldAnswersAreCleanedUp() {
        var now = java.time.OffsetDateTime.now();
        jdbc.sql("insert into rest_nonce (key_id, nonce, expires_at) values (?, ?, ?)")
                .params(TC_KEY, "expired-nonce-0001", now.minusMinutes(1))
                .update();
        jdbc.sql("insert into rest_nonce (key_id, nonce, expires_at) values (?, ?, ?)")
                .params(TC_KEY, "current-nonce-0001", now.plusMinutes(4))
                .update();
        jdbc.sql("""
                insert into rest_request (source_id, idempotency_key, request_sha256, state, response_status,
                                          response_type, response_body, created_at, completed_at)
                values ('training-center', 'two-days-old', 'x', 'DONE', 200, 'application/json', '{}', ?, ?)""").params(now.minusDays(2), now.minusDays(2)).update();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from rest_nonce where nonce = 'expired-nonce-0001'")
                                        .query(Integer.class)
                                        .single()
                                == 0
                        && jdbc.sql("select count(*) from rest_request where idempotency_key = 'two-days-old'")
                                        .query(Integer.class)
                                        .single()
                                == 0);
        assertThat(jdbc.sql("select count(*) from rest_nonce where nonce = 'current-nonce-0001'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    @Order(13)
    void aV2SignatureCoversTheMediaTypeTheQueryAndTheIdempotencyKey() throws Exception {
        String path = "/api/v1/sources/exam-system/records";
        byte[] csv = ExamSystemCsv.file()
                .person(1, "郑八", ExamSystemCsv.idNumber("320104", "19860606", 341), "B", "2026-10-18")
                .text()
                .getBytes(StandardCharsets.UTF_8);
        int before = rawRecords();

        // signed as UTF-8, sent as GB18030: the same bytes would be read as other characters
        var otherCharset = signed(path, "text/csv; charset=UTF-8", csv, EXAM_KEY, EXAM_SECRET, Instant.now(), nonce())
                .setHeader("Content-Type", "text/csv; charset=GB18030");
        assertProblem(send(otherCharset), 401, "bad-signature");

        // a query added to, or changed in, a signed request
        var addedQuery = signed(path, "text/csv; charset=UTF-8", csv, EXAM_KEY, EXAM_SECRET, Instant.now(), nonce())
                .uri(uri(path + "?dry=1"));
        assertProblem(send(addedQuery), 401, "bad-signature");
        var changedQuery = signed(
                        path,
                        "batch=1",
                        "text/csv; charset=UTF-8",
                        null,
                        csv,
                        EXAM_KEY,
                        EXAM_SECRET,
                        Instant.now(),
                        nonce())
                .uri(uri(path + "?batch=2"));
        assertProblem(send(changedQuery), 401, "bad-signature");

        // an Idempotency-Key added to, or changed in, a signed request
        var addedKey = signed(path, "text/csv; charset=UTF-8", csv, EXAM_KEY, EXAM_SECRET, Instant.now(), nonce())
                .header(RestChannelController.IDEMPOTENCY_KEY, "added-" + UUID.randomUUID());
        assertProblem(send(addedKey), 401, "bad-signature");
        var changedKey = signed(
                        path,
                        null,
                        "text/csv; charset=UTF-8",
                        "signed-" + UUID.randomUUID(),
                        csv,
                        EXAM_KEY,
                        EXAM_SECRET,
                        Instant.now(),
                        nonce())
                .setHeader(RestChannelController.IDEMPOTENCY_KEY, "other-" + UUID.randomUUID());
        assertProblem(send(changedKey), 401, "bad-signature");
        assertThat(rawRecords()).isEqualTo(before);

        // a body other than the one whose hash was signed
        String bodySha256 = RequestSignature.sha256Hex(csv);
        long now = Instant.now().getEpochSecond();
        String nonce = nonce();
        byte[] other =
                new String(csv, StandardCharsets.UTF_8).replace("郑八", "郑九").getBytes(StandardCharsets.UTF_8);
        var otherBody = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "text/csv; charset=UTF-8")
                .header(RequestSignature.KEY_HEADER, EXAM_KEY)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header(RequestSignature.CONTENT_SHA256_HEADER, bodySha256)
                .header(
                        RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.signV2(
                                EXAM_SECRET,
                                RequestSignature.stringToSignV2(
                                        "POST", path, null, "text/csv; charset=UTF-8", null, now, nonce, bodySha256)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(other));
        assertProblem(send(otherBody), 401, "body-hash-mismatch");
        assertThat(rawRecords()).isEqualTo(before);

        // signed with all of them, it goes through
        var whole = signed(
                path,
                "batch=1",
                "text/csv; charset=UTF-8",
                "whole-" + UUID.randomUUID(),
                csv,
                EXAM_KEY,
                EXAM_SECRET,
                Instant.now(),
                nonce());
        assertThat(statuses(send(whole))).containsExactly("issued");
    }

    @Test
    @Order(14)
    void v1SignaturesStillPushUntilTheirLastDay() throws Exception {
        byte[] body = json(List.of(trainee("冯十", ExamSystemCsv.idNumber("320211", "19940505", 351), "建筑电工", "无锡")));
        var response = send(signedV1(
                "/api/v1/sources/training-center/records",
                "application/json",
                body,
                TC_KEY,
                TC_SECRET,
                Instant.now(),
                nonce()));
        assertThat(statuses(response)).containsExactly("issued");
    }

    @Test
    @Order(15)
    void refusalsThatNeedNoBodyComeWithoutReadingIt() throws Exception {
        String path = "/api/v1/sources/training-center/records";
        // a pushed request, captured: its headers are sent again, declaring its body, which never comes
        byte[] body = json(List.of(trainee("卫一", ExamSystemCsv.idNumber("320211", "19950606", 361), "建筑电工", "无锡")));
        String usedNonce = nonce();
        var captured = signed(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), usedNonce)
                .build();
        assertThat(send(HttpRequest.newBuilder(captured, (n, v) -> true)).statusCode())
                .isEqualTo(200);
        String usedV1Nonce = nonce();
        var capturedV1 = signedV1(path, "application/json", body, TC_KEY, TC_SECRET, Instant.now(), usedV1Nonce)
                .build();
        assertThat(send(HttpRequest.newBuilder(capturedV1, (n, v) -> true)).statusCode())
                .isEqualTo(200);
        int before = rawRecords();

        String declaredHash = RequestSignature.sha256Hex("never sent".getBytes(StandardCharsets.UTF_8));
        assertThat(headOnly(path, headersOf(captured))).satisfies(isProblem(401, "replayed-nonce"));
        assertThat(headOnly(path, headersOf(capturedV1))).satisfies(isProblem(401, "replayed-nonce"));
        assertThat(headOnly(path, v2Headers(path, declaredHash, TC_KEY, "not-the-secret", Instant.now(), nonce())))
                .satisfies(isProblem(401, "bad-signature"));
        assertThat(headOnly(path, v2Headers(path, declaredHash, "no-such-key", TC_SECRET, Instant.now(), nonce())))
                .satisfies(isProblem(401, "bad-signature"));
        assertThat(headOnly(
                        path,
                        v2Headers(
                                path,
                                declaredHash,
                                TC_KEY,
                                TC_SECRET,
                                Instant.now().minusSeconds(900),
                                nonce())))
                .satisfies(isProblem(401, "stale-timestamp"));
        assertThat(headOnly(path, v2Headers(path, declaredHash, TC_KEY, TC_SECRET, Instant.now(), "short")))
                .satisfies(isProblem(401, "missing-signature"));
        assertThat(headOnly(
                        "/api/v1/sources/nowhere/records",
                        v2Headers(
                                "/api/v1/sources/nowhere/records",
                                declaredHash,
                                TC_KEY,
                                TC_SECRET,
                                Instant.now(),
                                nonce())))
                .satisfies(isProblem(401, "bad-signature"));
        assertThat(rawRecords()).isEqualTo(before);
    }

    @Test
    @Order(16)
    void theSamplePushScriptSignsTheMediaTypeAndTheIdempotencyKey() throws Exception {
        Services.requireTool("bash");
        Services.requireTool("openssl");
        Services.requireTool("curl");
        Path csv = SharedHub.ROOT.resolve("push-sample.csv");
        Files.write(
                csv,
                ExamSystemCsv.file()
                        .person(1, "褚二", ExamSystemCsv.idNumber("320104", "19880808", 371), "A", "2026-10-19")
                        .gb18030());
        String key = "push-sh-" + UUID.randomUUID();
        var script = new ProcessBuilder("bash", "docs/samples/push.sh", csv.toString()).redirectErrorStream(true);
        script.environment().keySet().removeIf(k -> k.startsWith("CERTHUB_"));
        script.environment()
                .putAll(Map.of(
                        "CERTHUB_URL",
                        "http://localhost:" + port,
                        "CERTHUB_SOURCE",
                        "exam-system",
                        "CERTHUB_KEY",
                        EXAM_KEY,
                        "CERTHUB_SECRET",
                        EXAM_SECRET,
                        "CONTENT_TYPE",
                        "text/csv; charset=GB18030",
                        "IDEMPOTENCY_KEY",
                        key));
        Process run = script.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
        assertThat(output).contains("\"received\":1", "\"accepted\":1").contains("HTTP 200");
        assertThat(jdbc.sql("select count(*) from delivery where file_name = ?")
                        .param(key)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private HttpResponse<String> push(String source, String contentType, byte[] body) throws Exception {
        return push(source, contentType, body, Map.of());
    }

    private HttpResponse<String> push(String source, String contentType, byte[] body, Map<String, String> headers)
            throws Exception {
        String key = source.equals("exam-system") ? EXAM_KEY : TC_KEY;
        String secret = source.equals("exam-system") ? EXAM_SECRET : TC_SECRET;
        var request = signed(
                "/api/v1/sources/" + source + "/records",
                null,
                contentType,
                headers.get(RestChannelController.IDEMPOTENCY_KEY),
                body,
                key,
                secret,
                Instant.now(),
                nonce());
        return send(request);
    }

    /** A request signed with v2 as docs/integrators/rest.md describes, without query or Idempotency-Key. */
    private HttpRequest.Builder signed(
            String path, String contentType, byte[] body, String key, String secret, Instant at, String nonce) {
        return signed(path, null, contentType, null, body, key, secret, at, nonce);
    }

    /** A request signed with v2: the string to sign covers the query, the media type and the Idempotency-Key. */
    private HttpRequest.Builder signed(
            String path,
            String query,
            String contentType,
            String idempotencyKey,
            byte[] body,
            String key,
            String secret,
            Instant at,
            String nonce) {
        String bodySha256 = RequestSignature.sha256Hex(body);
        String toSign = RequestSignature.stringToSignV2(
                "POST", path, query, contentType, idempotencyKey, at.getEpochSecond(), nonce, bodySha256);
        var request = HttpRequest.newBuilder(uri(query == null ? path : path + "?" + query))
                .header("Content-Type", contentType)
                .header(RequestSignature.KEY_HEADER, key)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header(RequestSignature.CONTENT_SHA256_HEADER, bodySha256)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.signV2(secret, toSign))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            request.header(RestChannelController.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return request;
    }

    /** A request signed with v1, accepted until certhub.rest.v1-accepted-until. */
    private HttpRequest.Builder signedV1(
            String path, String contentType, byte[] body, String key, String secret, Instant at, String nonce) {
        String toSign = RequestSignature.stringToSign(
                "POST", path, at.getEpochSecond(), nonce, RequestSignature.sha256Hex(body));
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .header(RequestSignature.KEY_HEADER, key)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, toSign))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** The headers of a v2-signed JSON push whose body has the given hash. */
    private static Map<String, String> v2Headers(
            String path, String bodySha256, String key, String secret, Instant at, String nonce) {
        String toSign = RequestSignature.stringToSignV2(
                "POST", path, null, "application/json", null, at.getEpochSecond(), nonce, bodySha256);
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put(RequestSignature.KEY_HEADER, key);
        headers.put(RequestSignature.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()));
        headers.put(RequestSignature.NONCE_HEADER, nonce);
        headers.put(RequestSignature.CONTENT_SHA256_HEADER, bodySha256);
        headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.signV2(secret, toSign));
        return headers;
    }

    private static Map<String, String> headersOf(HttpRequest request) {
        var headers = new java.util.LinkedHashMap<String, String>();
        request.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return headers;
    }

    /**
     * Sends a request's head declaring a 1 MB body and no byte of it, and reads the answer: a hub that reads the body
     * before answering never answers, and the read times out.
     */
    private RawHttp.Answer headOnly(String path, Map<String, String> headers) throws IOException {
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            RawHttp.writeHead(socket.getOutputStream(), "localhost:" + port, path, headers, 1_000_000);
            return RawHttp.read(socket.getInputStream());
        }
    }

    private static java.util.function.Consumer<RawHttp.Answer> isProblem(int status, String type) {
        return answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(status);
            assertThat(JSON.readTree(answer.body()).get("type").asString())
                    .isEqualTo("https://certhub.org/problems/" + type);
            assertThat(answer.headers().get("connection")).isEqualTo("close");
        };
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        var copy = ((tools.jackson.databind.node.ObjectNode) problem).deepCopy();
        copy.remove("instance");
        return copy;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://certhub.org/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static List<String> statuses(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body())
                .get("records")
                .valueStream()
                .map(r -> r.get("status").asString())
                .toList();
    }

    private static Map<String, Object> trainee(String name, String idNumber, String trade, String city) {
        return Map.of(
                "trainee",
                Map.of("name", name, "sex", (idNumber.charAt(16) - '0') % 2 == 1 ? "男" : "女", "idCardNo", idNumber),
                "course",
                Map.of("trade", trade, "city", city),
                "exam",
                Map.of("passedOn", "2026-11-02"));
    }

    private static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    private String holderName(long recordId) {
        return jdbc.sql("select l.holder_name from raw_record r join licence l on l.id = r.licence_id where r.id = ?")
                .param(recordId)
                .query(String.class)
                .single();
    }

    /** Records that came through the REST channel: the hub is shared, and only this test uses the channel. */
    private int rawRecords() {
        return jdbc.sql("select count(*) from raw_record r join delivery d on d.id = r.delivery_id "
                        + "where d.channel = 'rest'")
                .query(Integer.class)
                .single();
    }

    private int restDeliveries() {
        return jdbc.sql("select count(*) from delivery where channel = 'rest'")
                .query(Integer.class)
                .single();
    }

    private static List<String> publishedNumbers() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .map(p ->
                            JSON.readTree(p.toFile()).get("certificate_number").asString())
                    .toList();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String adminBasic() {
        return "Basic "
                + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
    }
}
