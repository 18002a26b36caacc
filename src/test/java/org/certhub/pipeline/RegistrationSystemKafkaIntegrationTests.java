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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registration system's Kafka channel on an embedded KRaft broker, through the real route files: registrations
 * become sealed, published certificates that list each specialty with its validity; a poison message becomes a
 * reject and does not block the partition; offsets are committed once the records are stored; a message sent twice,
 * or delivered again after a crash before its commit, issues nothing new.
 *
 * <p>A hub of its own, not the shared one of {@code @HubIntegrationTest}: its bootstrap servers start the Kafka
 * channel, and the hub is closed after the class to stop its consumer.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=target/it/kafka/data",
            "certhub.paths.inbox=target/it/kafka/inbox",
            "certhub.paths.outbox=target/it/kafka/outbox",
            "certhub.sources.registration-system.kafka.topic=" + RegistrationSystemKafkaIntegrationTests.TOPIC,
            "certhub.sources.registration-system.kafka.group-id=" + RegistrationSystemKafkaIntegrationTests.GROUP,
            "logging.level.org.apache.kafka=warn",
            "logging.level.kafka=warn",
            "logging.level.state.change.logger=warn",
            "CERTHUB_ADMIN_PASSWORD=test-admin-password"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationSystemKafkaIntegrationTests {

    static final String TOPIC = "registration-system.registrations";
    static final String GROUP = "certhub-it";
    private static final String ROUTE = "source-registration-system";
    private static final Path ROOT = Path.of("target/it/kafka");
    private static final Path OUTBOX = ROOT.resolve("outbox");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    static final String ZHANG = ExamSystemCsv.idNumber("320102", "19850612", 131);
    static final String LI = ExamSystemCsv.idNumber("320104", "19900318", 242);
    static final String WANG = ExamSystemCsv.idNumber("320582", "19780925", 353);
    static final String EMPLOYER = ExamSystemCsv.creditCode("91320100134751234");

    static final EmbeddedKafkaKraftBroker BROKER = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        if (BROKER.getCluster() == null) {
            BROKER.afterPropertiesSet();
        }
        registry.add("certhub.sources.registration-system.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CamelContext camel;

    @BeforeAll
    static void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @AfterAll
    static void stopBroker(@Autowired CamelContext camel) throws Exception {
        // the consumer first, so that it does not spend the shutdown reconnecting to a broker that is gone
        camel.getRouteController().stopRoute(ROUTE);
        BROKER.destroy();
    }

    static String registration(
            String businessType, String number, String approvedOn, String name, String id, String specialtiesJson) {
        return """
                {"businessType": "%s", "registrationNumber": "%s", "approvedOn": "%s",
                 "person": {"name": "%s", "gender": "%s", "idNumber": "%s"},
                 "employer": {"name": "南京建设有限公司", "creditCode": "%s"},
                 "specialties": %s}""".formatted(
                        businessType,
                        number,
                        approvedOn,
                        name,
                        (id.charAt(16) - '0') % 2 == 1 ? "男" : "女",
                        id,
                        EMPLOYER,
                        specialtiesJson);
    }

    static final String ZHANG_NEW = registration(
            "初始注册",
            "苏232202100001",
            "2026-11-20",
            "张伟",
            ZHANG,
            "[{\"name\": \"建筑工程\", \"validTo\": \"2029-11-19\"}, {\"name\": \"市政公用工程\", \"validTo\": \"2028/6/30\"}]");
    static final String LI_NEW = registration(
            "初始注册", "苏232192000002", "2026-11-20", "李娜", LI, "[{\"name\": \"机电工程\", \"validTo\": \"20291119\"}]");
    static final String LI_ADDS_HIGHWAYS = registration(
            "增项注册",
            "苏232192000002",
            "2026-11-25",
            "李娜",
            LI,
            "[{\"name\": \"机电工程\", \"validTo\": \"2029-11-19\"}, {\"name\": \"公路工程\", \"validTo\": \"2030-06-30\"}]");
    /** Another registration claiming Zhang's number: a second licence with the same number is refused. */
    static final String WANG_WITH_ZHANGS_NUMBER = registration(
            "初始注册", "苏232202100001", "2026-11-21", "王强", WANG, "[{\"name\": \"水利水电工程\", \"validTo\": \"2029-11-19\"}]");

    @Test
    @Order(1)
    void registrationsBecomeSealedPublishedCertificatesAndAPoisonMessageARejectThatDoesNotBlock() throws Exception {
        send(
                ZHANG_NEW,
                LI_NEW,
                "这不是 JSON {",
                ZHANG_NEW,
                "{\"hello\": \"world\"}",
                WANG_WITH_ZHANGS_NUMBER,
                LI_ADDS_HIGHWAYS);

        await().atMost(Duration.ofSeconds(120))
                .until(() -> jsonFilesInOutbox().size() == 3
                        && committedOffset() == 7
                        && count("select count(*) from raw_record where status = 'RECEIVED'") == 0);

        // Zhang: one certificate whatever the number of times the message came, valid until the latest specialty
        JsonNode zhang = jsonFor("苏232202100001", 1);
        assertThat(zhang.get("certificate_name").asString()).isEqualTo("二级建造师注册证书");
        assertThat(zhang.get("certificate_holder_name").asString()).isEqualTo("张伟");
        assertThat(zhang.get("certificate_validate_end").asString()).isEqualTo("2029-11-19");
        assertThat(zhang.get("certificate_identifier").asString())
                .startsWith("1.2.156.3005.2.11100000000013338W001.11320000014000179U.232202100001.001.");
        assertThat(zhang.get("extend_info").get("KZ_specialties")).hasSize(2);
        try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(pdfOf(zhang)))) {
            assertThat(pdf.getLastSignatureDictionary()).as("sealed").isNotNull();
            assertThat(pdf.getLastSignatureDictionary().getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text)
                    .contains(
                            "二级建造师注册证书",
                            "苏232202100001",
                            "张伟",
                            "南京建设有限公司",
                            "建筑工程（有效期至 2029年11月19日）",
                            "市政公用工程（有效期至 2028年6月30日）");
        }

        // Li: the added specialty made version 2, whose validity now ends with the new specialty's
        assertThat(jsonFor("苏232192000002", 1).get("certificate_validate_end").asString())
                .isEqualTo("2029-11-19");
        JsonNode li2 = jsonFor("苏232192000002", 2);
        assertThat(li2.get("certificate_validate_end").asString()).isEqualTo("2030-06-30");
        try (PDDocument pdf = Loader.loadPDF(Files.readAllBytes(pdfOf(li2)))) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("机电工程（有效期至 2029年11月19日）", "公路工程（有效期至 2030年6月30日）");
        }
        assertThat(count("select count(*) from licence_version where state = 'PUBLISHED'"))
                .isEqualTo(3);

        // every message is a record with its origin; each ended issued, duplicate or rejected with a reason
        assertThat(jdbc.sql("select origin from raw_record order by id")
                        .query(String.class)
                        .list())
                .containsExactly(Stream.iterate(0, i -> i + 1)
                        .limit(7)
                        .map(i -> "topic " + TOPIC + " partition 0 offset " + i)
                        .toArray(String[]::new));
        assertThat(statusAt(2)).isEqualTo("REJECTED");
        assertThat(rulesAt(2)).containsExactly("unreadable");
        assertThat(statusAt(3)).isEqualTo("DUPLICATE");
        assertThat(statusAt(4)).isEqualTo("REJECTED");
        assertThat(rulesAt(4)).containsExactly("operation");
        assertThat(statusAt(5)).isEqualTo("REJECTED");
        assertThat(rulesAt(5)).containsExactly("number-taken");
        assertThat(count("select count(*) from licence")).isEqualTo(2);
        assertThat(jdbc.sql("select channel from delivery").query(String.class).list())
                .containsOnly("kafka");
    }

    @Test
    @Order(2)
    void thePublicPageListsTheSpecialties() throws Exception {
        String token = jdbc.sql("""
                select v.verify_token from licence_version v join licence l on l.id = v.licence_id
                where l.number = '苏232202100001'""").query(String.class).single();
        var page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v/" + token))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("注册专业", "建筑工程（有效期至 2029-11-19）；市政公用工程（有效期至 2028-06-30）", "2029-11-19")
                .doesNotContain(ZHANG);
    }

    @Test
    @Order(3)
    void messagesDeliveredAgainAfterACrashBeforeTheirCommitIssueNothingNew() throws Exception {
        int records = count("select count(*) from raw_record");
        int versions = count("select count(*) from licence_version");
        // what a crash before the commits looks like to the consumer group: its committed offset is back at the start
        camel.getRouteController().stopRoute(ROUTE);
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(PARTITION, new OffsetAndMetadata(0)))
                    .all()
                    .get();
        }
        assertThat(committedOffset()).isZero();
        camel.getRouteController().startRoute(ROUTE);

        await().atMost(Duration.ofSeconds(60)).until(() -> committedOffset() == 7);
        assertThat(count("select count(*) from raw_record")).isEqualTo(records);
        assertThat(count("select count(*) from licence_version")).isEqualTo(versions);
        assertThat(count("select count(*) from raw_record where status = 'RECEIVED'"))
                .isZero();
        assertThat(jsonFilesInOutbox()).hasSize(3);
    }

    private static void send(String... messages) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (String message : messages) {
                producer.send(new ProducerRecord<>(TOPIC, message.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString()));
    }

    /** The consumer group's committed offset of the topic's partition, as Kafka's own tools report it. */
    private static long committedOffset() throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(PARTITION);
            return committed == null ? -1 : committed.offset();
        }
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private String statusAt(int offset) {
        return jdbc.sql("select status from raw_record where origin_key = ?")
                .param(TOPIC + "/0/" + offset + "#1")
                .query(String.class)
                .single();
    }

    private List<String> rulesAt(int offset) {
        return jdbc.sql("""
                select r.rule from reject_reason r join raw_record x on x.id = r.raw_record_id
                where x.origin_key = ? order by r.id""")
                .param(TOPIC + "/0/" + offset + "#1")
                .query(String.class)
                .list();
    }

    private static List<Path> jsonFilesInOutbox() throws IOException {
        if (!Files.isDirectory(OUTBOX)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(OUTBOX)) {
            return s.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }

    private static JsonNode jsonFor(String number, int version) throws IOException {
        for (Path p : jsonFilesInOutbox()) {
            JsonNode j = JSON.readTree(Files.readString(p));
            if (j.get("certificate_number").asString().equals(number)
                    && j.get("certificate_version").asString().equals("%03d".formatted(version))) {
                return j;
            }
        }
        throw new AssertionError("no published version " + version + " of " + number);
    }

    private static Path pdfOf(JsonNode metadata) {
        return OUTBOX.resolve(metadata.get("certificate_identifier").asString() + ".pdf");
    }
}
