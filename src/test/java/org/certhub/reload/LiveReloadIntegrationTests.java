package org.certhub.reload;

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
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.certhub.intake.DryRun;
import org.certhub.mapping.Mappings;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Integrators edit a copy of {@code routes/} and {@code mappings/} while the real hub runs: good edits go live, broken
 * ones leave what runs in place and show up in {@code GET /api/v1/routes}.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: it edits its routes and mappings while the
 * hub runs, with short reload settings.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/reload/data",
            "certhub.paths.inbox=target/it/reload/inbox",
            "certhub.paths.outbox=target/it/reload/outbox",
            "certhub.routes.dir=target/it/reload/routes",
            "certhub.mappings.dir=target/it/reload/mappings",
            "certhub.reload.interval=PT0.2S",
            "certhub.reload.quiet-period=PT0.3S",
            // shorter than reading the big file below: the pipeline's replacement is put off until the file is done
            "certhub.reload.stop-timeout=PT3S",
            "certhub.intake.file-min-age=200",
            "certhub.intake.batch-size=20",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveReloadIntegrationTests {

    private static final Path ROOT = Path.of("target/it/reload");
    private static final Path ROUTES = ROOT.resolve("routes");
    private static final Path MAPPINGS = ROOT.resolve("mappings");
    private static final Path MAPPING = MAPPINGS.resolve("exam-system.yaml");
    private static final Path INBOX = ROOT.resolve("inbox/exam-system");
    private static final Path SECOND_INBOX = ROOT.resolve("inbox/exam-system-2");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RELOADED = Duration.ofSeconds(20);
    private static final Duration PROCESSED = Duration.ofSeconds(60);

    /** A row whose position (职务) the exam system's code table does not know yet. */
    private static final String MANAGER = ExamSystemCsv.idNumber("320102", "19880808", 211);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DryRun dryRun;

    @Autowired
    Mappings mappings;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void copyRoutesAndMappings() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
        FileSystemUtils.copyRecursively(Path.of("routes"), ROUTES);
        FileSystemUtils.copyRecursively(Path.of("mappings"), MAPPINGS);
    }

    private static byte[] projectManagerFile() {
        return ExamSystemCsv.file()
                .row(
                        "1",
                        "周八",
                        "男",
                        MANAGER,
                        "江苏建工集团有限公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "B",
                        "项目经理",
                        "工程师",
                        "2026-10-15",
                        ExamSystemCsv.ISSUER)
                .gb18030();
    }

    @Test
    @Order(1)
    void theApiShowsEachRouteWithItsFileSourceAndCounters() throws Exception {
        ExamSystemCsv.drop(INBOX, "first.csv", projectManagerFile());
        await().atMost(PROCESSED).until(() -> statusOf(MANAGER).contains("REJECTED"));

        JsonNode status = routesApi();
        JsonNode source = route(status, "source-exam-system");
        assertThat(source.get("file").asString()).isEqualTo("exam-system.yaml");
        assertThat(source.get("source").asString()).isEqualTo("exam-system");
        assertThat(source.get("state").asString()).isEqualTo("Started");
        assertThat(Duration.parse(source.get("uptime").asString())).isPositive();
        assertThat(source.get("exchanges").get("total").asLong()).isEqualTo(1);
        assertThat(source.get("exchanges").get("failed").asLong()).isZero();
        assertThat(route(status, "process-records").get("file").asString()).isEqualTo("pipeline.yaml");
        assertThat(route(status, "process-records")
                        .get("exchanges")
                        .get("total")
                        .asLong())
                .isPositive();
        assertThat(route(status, "sign").get("source").isNull()).isTrue();
        // the source's route is made from the file-drop template: its file names it, the template's file holds none
        assertThat(routeFile(status, "exam-system.yaml").get("routes").toString())
                .isEqualTo("[\"source-exam-system\"]");
        assertThat(routeFile(status, "file-drop.yaml").get("routes").toString()).isEqualTo("[]");
        assertThat(routeFile(status, "file-drop.yaml").get("templates").toString())
                .isEqualTo("[\"file-drop\"]");

        JsonNode exam = sourceOf(status, "exam-system");
        assertThat(exam.get("deliveries").get("done").asLong()).isEqualTo(1);
        assertThat(exam.get("records").get("received").asLong()).isEqualTo(1);
        assertThat(exam.get("records").get("rejected").asLong()).isEqualTo(1);
        assertThat(exam.get("records").get("issued").asLong()).isZero();
        assertThat(exam.get("lastReceivedAt").asString()).isNotBlank();
        assertThat(exam.get("mapping").get("version").asString()).isEqualTo("1");
        assertThat(exam.get("mapping").get("file").asString()).isEqualTo("exam-system.yaml");
        assertThat(exam.get("mapping").get("problems")).isEmpty();
    }

    @Test
    @Order(2)
    void aMappingEditGoesLiveOnceItsSamplesPass() throws Exception {
        editMapping(m -> m.replace("项目负责人: \"06\"", "项目负责人: \"06\"\n      项目经理: \"06\"")
                .replace("version: \"1\"", "version: \"2\""));
        await().atMost(RELOADED)
                .until(() -> mappingOf(routesApi()).get("version").asString().equals("2"));

        ExamSystemCsv.drop(INBOX, "again.csv", projectManagerFile());
        await().atMost(PROCESSED).until(() -> statusOf(MANAGER).contains("ISSUED"));
        // each record keeps the version of the mapping that mapped it
        assertThat(jdbc.sql("select status || ' ' || mapping_version from raw_record where payload like ? order by id")
                        .param("%" + MANAGER + "%")
                        .query(String.class)
                        .list())
                .containsExactly("REJECTED 1", "ISSUED 2");
    }

    @Test
    @Order(3)
    void aBrokenMappingEditLeavesTheLiveMappingInPlace() throws Exception {
        String good = Files.readString(MAPPING);

        Files.writeString(MAPPING, good.replace("fields:", "fields: [oops"));
        awaitMappingProblem("exam-system.yaml", "");
        Files.writeString(
                MAPPING,
                good.replace("version: \"2\"", "version: \"3\"")
                        .replace("  title:\n", "  jobTitle:\n    from: 职务\n  title:\n"));
        awaitMappingProblem("exam-system.yaml", "jobTitle");
        // category D, rejected in the sample, would now become A: the sample's expected result no longer holds
        Files.writeString(
                MAPPING, good.replace("version: \"2\"", "version: \"3\"").replace("A: A,", "A: A, D: A,"));
        awaitMappingProblem("samples/exam-system/demo.csv", "does not pass");
        Files.writeString(MAPPING, good.replace("其他: \"99\"", "其他: \"99\"\n      监理: \"99\""));
        awaitMappingProblem("exam-system.yaml", "raise it");

        // all the while version 2 maps
        assertThat(mappings.forSource("exam-system").orElseThrow().version()).isEqualTo("2");
        var outcome = dryRun.run(mappings, "exam-system", new ByteArrayInputStream(projectManagerFile()), null, 10);
        assertThat(outcome)
                .singleElement()
                .satisfies(o -> assertThat(o.rejected()).isNull());
        assertThat(mappingOf(routesApi()).get("version").asString()).isEqualTo("2");

        Files.writeString(MAPPING, good);
        await().atMost(RELOADED).until(() -> routesApi().get("mappingProblems").isEmpty());
        assertThat(mappingOf(routesApi()).get("problems")).isEmpty();
    }

    @Test
    @Order(4)
    void aNewRouteFileRuns() throws Exception {
        Files.writeString(ROUTES.resolve("exam-system-2.yaml"), """
                # a second inbox of the exam system, added while the hub runs
                - route:
                    id: source-exam-system-2
                    from:
                      uri: "file:{{certhub.paths.inbox}}/exam-system-2"
                      parameters:
                        include: "(?i).*\\\\.csv"
                        readLock: changed
                        readLockMinAge: "{{certhub.intake.file-min-age:1000}}"
                        move: "done/${file:name}"
                        moveFailed: "failed/${file:name}"
                      steps:
                        - setHeader: { name: certhubSource, constant: exam-system }
                        - to: { uri: direct:intake-file }
                """);
        await().atMost(RELOADED).until(() -> hasRoute(routesApi(), "source-exam-system-2"));
        JsonNode route = route(routesApi(), "source-exam-system-2");
        assertThat(route.get("file").asString()).isEqualTo("exam-system-2.yaml");
        assertThat(route.get("source").asString()).isEqualTo("exam-system");
        assertThat(route.get("state").asString()).isEqualTo("Started");

        String id = ExamSystemCsv.idNumber("320102", "19910101", 301);
        ExamSystemCsv.drop(
                SECOND_INBOX,
                "second.csv",
                ExamSystemCsv.file().person(1, "钱九", id, "C2", "2026-10-15").gb18030());
        await().atMost(PROCESSED)
                .until(() -> Files.exists(SECOND_INBOX.resolve("done/second.csv"))
                        && statusOf(id).contains("ISSUED"));

        // a route written out in full is checked step by step
        Path file = ROUTES.resolve("exam-system-2.yaml");
        String good = Files.readString(file);
        Files.writeString(file, good.replace("uri: direct:intake-file", "uri: \"nosuch:foo\""));
        awaitRouteProblem("exam-system-2.yaml", "unknown component) nosuch");
        Files.writeString(file, good.replace("uri: direct:intake-file", "uri: direct:nowhere"));
        awaitRouteProblem("exam-system-2.yaml", "direct:nowhere");
        Files.writeString(file, good);
        await().atMost(RELOADED)
                .until(() -> routeFile(routesApi(), "exam-system-2.yaml")
                        .get("problem")
                        .isNull());
        assertThat(route(routesApi(), "source-exam-system-2").get("state").asString())
                .isEqualTo("Started");
    }

    @Test
    @Order(5)
    void aBrokenEditOfATemplatedSourceLeavesItsRunningRouteInPlace() throws Exception {
        Path file = ROUTES.resolve("exam-system.yaml");
        String good = Files.readString(file);
        assertThat(good).as("the shipped source is made from the template").contains("templatedRoute:");
        Instant loadedAt = Instant.parse(
                routeFile(routesApi(), "exam-system.yaml").get("loadedAt").asString());

        Files.writeString(file, good.replace("parameters:", "parameters: [oops"));
        awaitRouteProblem("exam-system.yaml", "YAML");
        Files.writeString(file, good.replace("routeTemplateRef: file-drop", "routeTemplateRef: file-dorp"));
        awaitRouteProblem("exam-system.yaml", "no route template file-dorp");
        Files.writeString(file, good.replaceAll("(?m)^ +- name: include\\n +value: .*\\n", ""));
        awaitRouteProblem("exam-system.yaml", "route template file-drop needs the parameter include");
        Files.writeString(file, good.replace("name: include", "name: inculde"));
        awaitRouteProblem("exam-system.yaml", "has no parameter inculde");
        Files.writeString(file, good.replace("routeId: source-exam-system", "routeId: source-exam-system-2"));
        awaitRouteProblem("exam-system.yaml", "already used");

        JsonNode status = routesApi();
        JsonNode running = route(status, "source-exam-system");
        assertThat(running.get("state").asString()).isEqualTo("Started");
        assertThat(running.get("source").asString()).isEqualTo("exam-system");
        assertThat(running.get("lastError").get("from").asString()).isEqualTo("reload");
        assertThat(running.get("lastError").get("message").asString()).contains("already used");
        assertThat(Instant.parse(
                        routeFile(status, "exam-system.yaml").get("loadedAt").asString()))
                .isEqualTo(loadedAt);
        // the old route still takes files
        String id = ExamSystemCsv.idNumber("320102", "19920202", 311);
        ExamSystemCsv.drop(
                INBOX,
                "while-broken.csv",
                ExamSystemCsv.file().person(1, "孙十", id, "C3", "2026-10-15").gb18030());
        await().atMost(PROCESSED).until(() -> statusOf(id).contains("ISSUED"));

        // fixed, with a wider include: the route made again from the template takes .txt files too
        Files.writeString(file, good.replace("(?i).*\\\\.csv", "(?i).*\\\\.(csv|txt)"));
        await().atMost(RELOADED)
                .until(() -> routeFile(routesApi(), "exam-system.yaml")
                        .get("problem")
                        .isNull());
        assertThat(Instant.parse(routeFile(routesApi(), "exam-system.yaml")
                        .get("loadedAt")
                        .asString()))
                .isAfter(loadedAt);
        assertThat(route(routesApi(), "source-exam-system").get("source").asString())
                .isEqualTo("exam-system");
        String txt = ExamSystemCsv.idNumber("320102", "19930303", 321);
        ExamSystemCsv.drop(
                INBOX,
                "after-fix.txt",
                ExamSystemCsv.file().person(1, "孙十一", txt, "C3", "2026-10-15").gb18030());
        await().atMost(PROCESSED).until(() -> statusOf(txt).contains("ISSUED") && doneFile(INBOX, "after-fix.txt"));
    }

    @Test
    @Order(6)
    void aTemplatedSourceMovesToAnotherFolderLiveButItsTemplateWaitsForARestart() throws Exception {
        Path file = ROUTES.resolve("exam-system.yaml");
        String widened = Files.readString(file);
        Path moved = ROOT.resolve("inbox/exam-system-moved");
        Files.writeString(
                file,
                widened.replace(
                        "      - name: source\n",
                        "      - name: folder\n        value: exam-system-moved\n      - name: source\n"));
        await().atMost(RELOADED).until(() -> endpointUri("source-exam-system").contains("exam-system-moved"));
        String id = ExamSystemCsv.idNumber("320102", "19950505", 341);
        ExamSystemCsv.drop(
                moved,
                "moved.csv",
                ExamSystemCsv.file().person(1, "郑十三", id, "B", "2026-10-15").gb18030());
        await().atMost(PROCESSED).until(() -> statusOf(id).contains("ISSUED") && doneFile(moved, "moved.csv"));
        JsonNode route = route(routesApi(), "source-exam-system");
        assertThat(route.get("file").asString()).isEqualTo("exam-system.yaml");
        assertThat(route.get("source").asString()).isEqualTo("exam-system");

        // the template is taken at start-up only: an edit of it is refused, and its routes run on as they are
        Path template = ROUTES.resolve("file-drop.yaml");
        String shipped = Files.readString(template);
        Files.writeString(template, shipped.replace("readLock: idempotent-changed", "readLock: none"));
        awaitRouteProblem("file-drop.yaml", "restart the hub to take template changes (file-drop changed)");
        assertThat(route(routesApi(), "source-exam-system").get("state").asString())
                .isEqualTo("Started");
        assertThat(camel.getRoute("source-exam-system").getEndpoint().getEndpointUri())
                .contains("readLock=idempotent-changed");
        Files.writeString(template, "# a comment more\n" + shipped);
        await().atMost(RELOADED)
                .until(() ->
                        routeFile(routesApi(), "file-drop.yaml").get("problem").isNull());

        // back to the shipped folder (with the wider include) for the tests after this one
        Files.writeString(file, widened);
        await().atMost(RELOADED).until(() -> endpointUri("source-exam-system").contains("/exam-system?"));
    }

    @Test
    @Order(7)
    void aDeletedRouteFileStopsItsRoutesUnlessOthersNeedThem() throws Exception {
        Files.delete(ROUTES.resolve("exam-system-2.yaml"));
        await().atMost(RELOADED).until(() -> !hasRoute(routesApi(), "source-exam-system-2"));
        assertThat(camel.getRoute("source-exam-system-2")).isNull();

        Path pipeline = ROUTES.resolve("pipeline.yaml");
        String content = Files.readString(pipeline);
        Files.delete(pipeline);
        awaitRouteProblem("pipeline.yaml", "direct:intake-file");
        assertThat(route(routesApi(), "process-records").get("state").asString())
                .isEqualTo("Started");
        Files.writeString(pipeline, content);
        await().atMost(RELOADED)
                .until(() ->
                        routeFile(routesApi(), "pipeline.yaml").get("problem").isNull());
    }

    @Test
    @Order(8)
    void thePipelineIsReplacedOnlyOnceTheFileInFlightIsDone() throws Exception {
        Path pipeline = ROUTES.resolve("pipeline.yaml");
        Instant loadedAt = Instant.parse(
                routeFile(routesApi(), "pipeline.yaml").get("loadedAt").asString());
        // rows with a foreign issuer are rejected: the file takes a while to store and map, and nothing is sealed
        var big = ExamSystemCsv.file();
        for (int i = 1; i <= 600; i++) {
            big.row(
                    Integer.toString(i),
                    "测试" + i,
                    "男",
                    ExamSystemCsv.idNumber("320102", "19700101", i % 1000),
                    "某公司",
                    ExamSystemCsv.creditCode("91320000134751234"),
                    "B",
                    "其他",
                    "",
                    "2026-10-15",
                    "某机关");
        }
        ExamSystemCsv.drop(INBOX, "big.csv", big.gb18030());
        await().atMost(PROCESSED)
                .pollInterval(Duration.ofMillis(20))
                .until(() ->
                        jdbc.sql("select count(*) from delivery where file_name = 'big.csv' and status = 'RECEIVING'")
                                        .query(Integer.class)
                                        .single()
                                == 1);
        Files.writeString(pipeline, Files.readString(pipeline) + "\n# touched while a file is read\n");
        assertThat(jdbc.sql("select status from delivery where file_name = 'big.csv'")
                        .query(String.class)
                        .single())
                .as("the edit is made while the file is read")
                .isEqualTo("RECEIVING");

        await().atMost(PROCESSED)
                .until(() -> Instant.parse(routeFile(routesApi(), "pipeline.yaml")
                                .get("loadedAt")
                                .asString())
                        .isAfter(loadedAt));
        Instant reloadedAt = Instant.parse(
                routeFile(routesApi(), "pipeline.yaml").get("loadedAt").asString());
        var delivery = jdbc.sql("select status, completed_at from delivery where file_name = 'big.csv'")
                .query((rs, n) -> List.of(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class)))
                .single();
        assertThat(delivery.get(0)).isEqualTo("DONE");
        assertThat(((java.time.OffsetDateTime) delivery.get(1)).toInstant())
                .as("the file finished first")
                .isBeforeOrEqualTo(reloadedAt);
        assertThat(jdbc.sql("select count(*) from raw_record r join delivery d on d.id = r.delivery_id "
                                + "where d.file_name = 'big.csv' and r.status = 'REJECTED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(600);
        assertThat(doneFile(INBOX, "big.csv")).isTrue();

        // the replaced pipeline issues, seals and publishes
        String id = ExamSystemCsv.idNumber("320102", "19940404", 331);
        ExamSystemCsv.drop(
                INBOX,
                "after-pipeline.csv",
                ExamSystemCsv.file().person(1, "吴十二", id, "A", "2026-10-15").gb18030());
        await().atMost(PROCESSED).until(() -> publishedFor(id));
    }

    /** Whether the file is in the folder's done/, under the name the source route gives it: {@code <time>-<name>}. */
    private static boolean doneFile(Path inbox, String name) throws IOException {
        Path done = inbox.resolve("done");
        if (!Files.isDirectory(done)) {
            return false;
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-" + Pattern.quote(name)));
        }
    }

    private static boolean publishedFor(String idNumber) throws IOException {
        Path outbox = ROOT.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return false;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                if (Files.readString(json).contains(idNumber)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Order(9)
    void aFailingExchangeShowsOnItsRoute() throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                "wrong.csv",
                ExamSystemCsv.file().header("序号,姓名").row("1", "张三").gb18030());
        await().atMost(PROCESSED)
                .until(() -> route(routesApi(), "source-exam-system")
                                .get("exchanges")
                                .get("failed")
                                .asLong()
                        == 1);
        JsonNode error = route(routesApi(), "source-exam-system").get("lastError");
        assertThat(error.get("from").asString()).isEqualTo("route");
        assertThat(error.get("message").asString()).contains("表头");
        assertThat(sourceOf(routesApi(), "exam-system")
                        .get("deliveries")
                        .get("failed")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(10)
    void theApiNeedsTheAdministrator() throws Exception {
        var anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/routes"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static void editMapping(UnaryOperator<String> edit) throws IOException {
        Files.writeString(MAPPING, edit.apply(Files.readString(MAPPING)));
    }

    private void awaitMappingProblem(String file, String text) {
        await().atMost(RELOADED)
                .until(() -> routesApi()
                        .get("mappingProblems")
                        .valueStream()
                        .anyMatch(p -> p.get("file").asString().equals(file)
                                && p.get("message").asString().contains(text)));
    }

    private void awaitRouteProblem(String file, String text) {
        await().atMost(RELOADED).until(() -> {
            JsonNode problem = routeFile(routesApi(), file).get("problem");
            return !problem.isNull() && problem.get("message").asString().contains(text);
        });
    }

    private List<String> statusOf(String idNumber) {
        return jdbc.sql("select status from raw_record where payload like ? order by id")
                .param("%" + idNumber + "%")
                .query(String.class)
                .list();
    }

    private JsonNode routesApi() throws Exception {
        String auth = Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/routes"))
                        .header("Authorization", "Basic " + auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Stream<JsonNode> items(JsonNode array) {
        return array.valueStream();
    }

    private static boolean hasRoute(JsonNode status, String id) {
        return items(status.get("routes")).anyMatch(r -> r.get("id").asString().equals(id));
    }

    private static JsonNode route(JsonNode status, String id) {
        return items(status.get("routes"))
                .filter(r -> r.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route " + id + " in " + status));
    }

    private static JsonNode routeFile(JsonNode status, String file) {
        return items(status.get("routeFiles"))
                .filter(r -> r.get("file").asString().equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route file " + file + " in " + status));
    }

    private static JsonNode sourceOf(JsonNode status, String source) {
        return items(status.get("sources"))
                .filter(r -> r.get("source").asString().equals(source))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no source " + source + " in " + status));
    }

    private static JsonNode mappingOf(JsonNode status) {
        return sourceOf(status, "exam-system").get("mapping");
    }

    /** Each node reports what it runs: here the one node, with the SHA-256 of every route file as it is on disk. */
    @Test
    @Order(11)
    void theRoutesApiShowsWhatEachNodeRunsAndNoDifferenceOnOneNode() throws Exception {
        await().atMost(RELOADED).untilAsserted(() -> {
            JsonNode status = routesApi();
            assertThat(status.get("nodes")).hasSize(1);
            var reported = new java.util.HashMap<String, String>();
            status.get("nodes")
                    .get(0)
                    .get("files")
                    .valueStream()
                    .filter(f -> f.get("kind").asString().equals("route"))
                    .forEach(f -> reported.put(
                            f.get("file").asString(), f.get("version").asString()));
            try (var files = Files.list(ROUTES)) {
                for (Path file :
                        files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    assertThat(reported)
                            .containsEntry(
                                    file.getFileName().toString(),
                                    org.certhub.platform.Sha256.hex(Files.readString(file)));
                }
            }
            assertThat(status.get("differences")).isEmpty();
        });
    }

    /** The route's endpoint, or "" while the route is not there (a reload replaces it: removed, then added). */
    private String endpointUri(String routeId) {
        var route = camel.getRoute(routeId);
        return route == null ? "" : route.getEndpoint().getEndpointUri();
    }
}
