package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSSecurityRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.HubProbe;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JMS queue channel on the embedded broker, through the real route files: the government service portal's XML
 * messages cancel and change issued licences; a poison message becomes a reject without blocking the queue; a
 * message whose processing fails after it was stored is stored once and processed on its redelivery.
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicePortalIntegrationTests {

    private static final String QUEUE = "certhub.in.service-portal";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ZHOU = ExamSystemCsv.idNumber("320102", "19800101", 311);
    static final String WU = ExamSystemCsv.idNumber("320102", "19810202", 313);
    static final String ZHENG = ExamSystemCsv.idNumber("320102", "19820303", 315);
    static final String NEW_EMPLOYER_CODE = ExamSystemCsv.creditCode("91320100134750001");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient hub;

    @Autowired
    JmsTemplate jms;

    @Autowired
    CamelContext camel;

    HubProbe probe;

    @BeforeEach
    void probe() {
        probe = new HubProbe(hub, port, SharedHub.OUTBOX);
    }

    @Test
    @Order(1)
    void aCancellationMakesTheLicenceCancelledAndPublishesAStatusNotice() throws Exception {
        issueCertificates();
        String zhou = probe.numberOf(ZHOU);
        // declared GB18030 by the portal's XML library, but a text message is characters: read as such
        send("""
                <?xml version="1.0" encoding="GB18030"?>
                <ApplicationBatch sender="jszwfw">
                  <Application id="JSZWFW-IT-0001">
                    <ApplyType>注销</ApplyType>
                    <Certificate><Number>%s</Number></Certificate>
                    <Reason>本人已调离建筑施工企业，申请注销</Reason>
                  </Application>
                </ApplicationBatch>""".formatted(zhou));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(probe.status(ZHOU)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> probe.statusNotices(ZHOU).size() == 1);
        JsonNode notice = probe.statusNotices(ZHOU).get(0);
        assertThat(notice.get("certificate_status").asString()).isEqualTo("CANCELLED");
        assertThat(notice.get("operation_code").asString()).isEqualTo("05");
        assertThat(notice.get("operation_reason").asString()).isEqualTo("本人已调离建筑施工企业，申请注销");
        assertThat(notice.get("certificate_number").asString()).isEqualTo(zhou);

        var page = probe.publicPage(ZHOU);
        assertThat(page.get("status")).isEqualTo("注销");
        assertThat(page.get("status-reason")).isEqualTo("本人已调离建筑施工企业，申请注销");
        assertThat(hub.sql("select origin from raw_record where source_id = 'service-portal'")
                        .query(String.class)
                        .single())
                .startsWith("queue certhub.in.service-portal ID:");
    }

    @Test
    @Order(2)
    void aChangeOfEmployerMakesVersion002() throws Exception {
        issueCertificates();
        send("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ApplicationBatch sender="jszwfw">
                  <Application id="JSZWFW-IT-0002">
                    <ApplyType>变更</ApplyType>
                    <Certificate><Number>%s</Number></Certificate>
                    <Reason>变更受聘企业</Reason>
                    <NewEmployer>
                      <Name>南京市政建设集团有限公司</Name>
                      <CreditCode>%s</CreditCode>
                      <Position>专职安全生产管理人员</Position>
                    </NewEmployer>
                  </Application>
                </ApplicationBatch>""".formatted(probe.numberOf(WU), NEW_EMPLOYER_CODE));

        await().atMost(Duration.ofSeconds(30)).until(() -> probe.currentVersion(WU) == 2);
        String identifier = hub.sql("""
                select v.identifier from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.version = 2""").param(WU).query(String.class).single();
        assertThat(identifier).contains(".002.");
        Path published = SharedHub.OUTBOX.resolve(identifier + ".json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(published));
        JsonNode metadata = JSON.readTree(Files.readString(published));
        assertThat(metadata.get("certificate_version").asString()).isEqualTo("002");
        assertThat(metadata.get("extend_info").get("KZ_companyName").asString()).isEqualTo("南京市政建设集团有限公司");
        assertThat(metadata.get("extend_info").get("KZ_companyCreditCode").asString())
                .isEqualTo(NEW_EMPLOYER_CODE);
        assertThat(metadata.get("extend_info").get("KZ_position").asString()).isEqualTo("08");
        assertThat(metadata.get("certificate_holder_code").asString()).isEqualTo(WU);
        assertThat(probe.status(WU)).isEqualTo("VALID");
    }

    @Test
    @Order(3)
    void aPoisonMessageBecomesARejectAndDoesNotBlockTheNext() throws Exception {
        issueCertificates();
        send("这不是 XML (not XML at all)");
        send("""
                <?xml version="1.0"?>
                <!DOCTYPE ApplicationBatch [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <ApplicationBatch>
                  <Application id="JSZWFW-IT-XXE"><ApplyType>&xxe;</ApplyType></Application>
                </ApplicationBatch>""");
        send("""
                <ApplicationBatch>
                  <Application id="JSZWFW-IT-0003">
                    <ApplyType>注销</ApplyType>
                    <Certificate><Number>苏建安B(2026)9999999</Number></Certificate>
                    <Reason>申请注销</Reason>
                  </Application>
                </ApplicationBatch>""");

        String rejectsOfThePortal = "/api/v1/rejects?source=service-portal";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> probe.admin(rejectsOfThePortal).size() == 3);
        JsonNode rejects = probe.admin(rejectsOfThePortal);
        var unreadable = rejects.valueStream()
                .filter(r -> HubProbe.rules(r).contains("unreadable"))
                .toList();
        assertThat(unreadable).hasSize(2);
        assertThat(unreadable.stream().map(r -> r.get("payload").get("_raw").asString()))
                .anyMatch(raw -> raw.contains("这不是 XML"))
                .anyMatch(raw -> raw.contains("<!ENTITY xxe"))
                .noneMatch(raw -> raw.contains("root:x:0:0"));
        assertThat(unreadable.stream()
                        .flatMap(r -> r.get("reasons").valueStream())
                        .map(r -> r.get("message").asString()))
                .anyMatch(m -> m.contains("DTD"));
        // the message behind them went through: its licence does not exist
        assertThat(rejects.valueStream().filter(r -> HubProbe.rules(r).contains("licence-not-found")))
                .hasSize(1);
    }

    @Test
    @Order(4)
    void aMessageWhoseProcessingFailsAfterStoringIsStoredOnceAndProcessedOnRedelivery() throws Exception {
        issueCertificates();
        var calls = new AtomicInteger();
        // The advice stays woven into the shared hub's route after this test; past its one failure it only counts.
        AdviceWith.adviceWith(
                camel,
                "source-service-portal",
                route -> route.weaveByToUri("direct:process-records").before().process(exchange -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("simulated failure after the message was stored");
                    }
                }));
        String messageId = send("""
                <ApplicationBatch>
                  <Application id="JSZWFW-IT-0004">
                    <ApplyType>注销</ApplyType>
                    <Certificate><Number>%s</Number></Certificate>
                    <Reason>申请注销</Reason>
                  </Application>
                </ApplicationBatch>""".formatted(probe.numberOf(ZHENG)));

        await().atMost(Duration.ofSeconds(60)).until(() -> "CANCELLED".equals(probe.status(ZHENG)));
        assertThat(calls.get()).as("deliveries of the message").isEqualTo(2);
        assertThat(hub.sql("select count(*) from raw_record where origin_key = ?")
                        .param(messageId + "#1")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(hub.sql("select count(*) from delivery where file_name = ?")
                        .param(messageId)
                        .query(Integer.class)
                        .single())
                .as("deliveries recorded")
                .isEqualTo(1);
        assertThat(hub.sql("""
                select count(*) from licence_event e join licence l on l.id = e.licence_id
                where l.holder_code = ? and e.operation = 'cancel'""").param(ZHENG).query(Integer.class).single()).isEqualTo(1);
    }

    // --- helpers

    /** Sends a text message as the portal does; returns its JMS message id. */
    private String send(String xml) {
        var sent = new AtomicReference<jakarta.jms.Message>();
        jms.send(QUEUE, session -> {
            var message = session.createTextMessage(xml);
            sent.set(message);
            return message;
        });
        try {
            return sent.get().getJMSMessageID();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private void issueCertificates() throws Exception {
        if (issued() >= 3) {
            return;
        }
        ExamSystemCsv.drop(
                SharedHub.inbox("exam-system"),
                "service-portal-exam.csv",
                ExamSystemCsv.file()
                        .person(1, "周一", ZHOU, "B", "2026-10-15")
                        .person(2, "吴二", WU, "C1", "2026-10-15")
                        .person(3, "郑三", ZHENG, "A", "2026-10-15")
                        .gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> issued() == 3);
    }

    /** This test's licences (the hub is shared). */
    private int issued() {
        return hub.sql("select count(*) from licence where holder_code in (:holders)")
                .param("holders", java.util.List.of(ZHOU, WU, ZHENG))
                .query(Integer.class)
                .single();
    }

    /**
     * The portal as an upstream of the embedded default: a plain JMS client on the broker's TCP port, with the upstream
     * user's password from data/initial-credentials, sends its XML; with that user it can do nothing else.
     */
    @Test
    @Order(5)
    void anUpstreamSendsOverTheBrokersPortWithItsOwnUserAndMayOnlySendToIntake() throws Exception {
        String password = Files.readAllLines(SharedHub.DATA.resolve("initial-credentials")).stream()
                .filter(line -> line.startsWith("broker-upstream "))
                .map(line -> line.substring("broker-upstream ".length()))
                .findFirst()
                .orElseThrow();
        String url = "tcp://127.0.0.1:" + SharedHub.BROKER_UPSTREAM_PORT;

        try (var wrong = new ActiveMQConnectionFactory(url, "upstream", "not-its-password")) {
            assertThatThrownBy(() -> wrong.createContext().close()).isInstanceOf(JMSSecurityRuntimeException.class);
        }
        try (var portal = new ActiveMQConnectionFactory(url, "upstream", password);
                var context = portal.createContext()) {
            context.createProducer().send(context.createQueue(QUEUE), """
                            <?xml version="1.0" encoding="UTF-8"?>
                            <ApplicationBatch sender="jszwfw">
                              <Application id="JSZWFW-UPSTREAM-TCP-0001">
                                <ApplyType>注销</ApplyType>
                                <Certificate><Number>苏建安C1(2026)9999901</Number></Certificate>
                                <Reason>经由 TCP 端口发送</Reason>
                              </Application>
                            </ApplicationBatch>""");
            assertThatThrownBy(() -> context.createProducer().send(context.createQueue("certhub.sign"), "1,2"))
                    .as("the sign stage's queue")
                    .isInstanceOf(JMSSecurityRuntimeException.class);
            assertThatThrownBy(() -> context.createConsumer(context.createQueue("certhub.publish")))
                    .isInstanceOf(JMSSecurityRuntimeException.class);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> hub.sql("select count(*) from raw_record where source_id = 'service-portal' "
                                        + "and payload like '%JSZWFW-UPSTREAM-TCP-0001%'")
                                .query(Integer.class)
                                .single()
                        == 1);
    }
}
