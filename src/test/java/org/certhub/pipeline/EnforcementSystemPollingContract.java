package org.certhub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordIntake;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What database polling of the enforcement system must do on every upstream database (H2, MariaDB, PostgreSQL),
 * through the real route files: sanction rows change the status of issued licences, the public page says so and
 * why, rows the library refuses become rejects, each row is stored exactly once and marked taken, also when two
 * pollers take the same table at the same time. A subclass names the upstream database: the embedded one runs on
 * the shared hub ({@code @HubIntegrationTest}), the others on a hub of their own ({@link OwnHub}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EnforcementSystemPollingContract {

    /**
     * A hub of its own, for an upstream on a database server: its enforcement-system source reads another database
     * than the shared hub's (the embedded H2 file), so it cannot share that hub, and it is closed after the class.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @SpringBootTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "certhub.intake.file-min-age=200",
                "certhub.sources.enforcement-system.initial-delay=500",
                "certhub.sources.enforcement-system.poll-interval=300",
                "CERTHUB_ADMIN_PASSWORD=" + HubProbe.ADMIN_PASSWORD
            })
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    @interface OwnHub {}

    static final String WANG = ExamSystemCsv.idNumber("320102", "19800101", 211);
    static final String ZHAO = ExamSystemCsv.idNumber("320102", "19810202", 213);
    static final String QIAN = ExamSystemCsv.idNumber("320102", "19820303", 215);
    static final String SUN = ExamSystemCsv.idNumber("320102", "19830404", 217);
    /** The people whose licences the sanctions here apply to; no other test on the shared hub uses them. */
    static final List<String> HOLDERS = List.of(WANG, ZHAO, QIAN, SUN);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient hub;

    @Autowired
    ApplicationContext context;

    DataSource upstreamDataSource;

    @Autowired
    CamelContext camel;

    @Autowired
    RecordIntake intake;

    /** The hub's folders of this test (target/it/...). */
    abstract Path root();

    HubProbe probe;

    @BeforeEach
    void probe() {
        probe = new HubProbe(hub, port, root().resolve("outbox"));
        // as the route finds it: by name
        upstreamDataSource = context.getBean("enforcementSystemDataSource", DataSource.class);
    }

    JdbcClient upstream() {
        return JdbcClient.create(upstreamDataSource);
    }

    @Test
    @Order(1)
    void sanctionsSuspendAndRevokeLicencesAndThePublicPageSaysWhy() throws Exception {
        issueCertificates();
        String wang = probe.numberOf(WANG);
        String zhao = probe.numberOf(ZHAO);

        long suspension = insertSanction(" " + wang + " ", "暂扣", "项目发生较大生产安全事故，暂扣 6 个月", "苏建罚字〔2026〕101号");
        long revocation = insertSanction(wang.replace("(", "（").replace(")", "）"), "撤销", "以欺骗手段取得证书", "苏建罚字〔2026〕102号");
        long reinstatement = insertSanction(wang, "暂扣发还", "暂扣期满", "苏建罚字〔2026〕103号");
        long unknown = insertSanction("苏建安B(2026)9999999", "暂扣", "违规作业", "苏建罚字〔2026〕104号");
        long suspensionOfZhao = insertSanction(zhao, "暂扣", "未履行安全生产管理职责", "苏建罚字〔2026〕105号");

        await().atMost(Duration.ofSeconds(60)).until(() -> untakenRows() == 0 && unprocessedRecords() == 0);

        assertThat(probe.status(WANG)).isEqualTo("REVOKED");
        assertThat(probe.status(ZHAO)).isEqualTo("SUSPENDED");

        Map<String, String> wangPage = probe.publicPage(WANG);
        assertThat(wangPage.get("status")).isEqualTo("撤销");
        assertThat(wangPage.get("status-reason")).isEqualTo("以欺骗手段取得证书");
        assertThat(wangPage.get("verdict")).doesNotContain("真实有效");
        Map<String, String> zhaoPage = probe.publicPage(ZHAO);
        assertThat(zhaoPage.get("status")).isEqualTo("暂扣");
        assertThat(zhaoPage.get("status-reason")).isEqualTo("未履行安全生产管理职责");
        assertThat(probe.publicPage(QIAN).get("status")).isEqualTo("有效");

        // reinstating a revoked licence is refused, and so is a sanction for a number the hub never issued
        JsonNode rejects = probe.admin("/api/v1/rejects?source=enforcement-system");
        assertThat(rulesOfRow(rejects, reinstatement)).containsExactly("status-forbids");
        assertThat(rulesOfRow(rejects, unknown)).containsExactly("licence-not-found");
        assertThat(rejects).hasSize(2);

        // every row is taken, and is exactly one raw record that knows where it came from
        for (long id : List.of(suspension, revocation, reinstatement, unknown, suspensionOfZhao)) {
            assertThat(hub.sql("select count(*) from raw_record where source_id = 'enforcement-system' "
                                    + "and origin_key = ?")
                            .param("licence_sanction:" + id)
                            .query(Integer.class)
                            .single())
                    .as("records of row " + id)
                    .isEqualTo(1);
            assertThat(hub.sql("select origin from raw_record where origin_key = ?")
                            .param("licence_sanction:" + id)
                            .query(String.class)
                            .single())
                    .isEqualTo("table licence_sanction id=" + id);
        }
        assertThat(hub.sql("select count(*) from delivery where source_id = 'enforcement-system' and channel = 'sql'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);

        // the status changes are published after the certificates themselves
        await().atMost(Duration.ofSeconds(60))
                .until(() -> probe.statusNotices(WANG).size() == 2
                        && probe.statusNotices(ZHAO).size() == 1);
        assertThat(probe.statusNotices(WANG).stream()
                        .map(n -> n.get("certificate_status").asString()))
                .containsExactlyInAnyOrder("SUSPENDED", "REVOKED");
        for (Path file : probe.statusNoticeFiles(WANG)) {
            assertThat(Files.getLastModifiedTime(probe.publishedMetadata(WANG)))
                    .as("the certificate is published before its status notices")
                    .isLessThanOrEqualTo(Files.getLastModifiedTime(file));
        }
        JsonNode notice = probe.statusNotices(ZHAO).get(0);
        assertThat(notice.get("operation_code").asString()).isEqualTo("03");
        assertThat(notice.get("operation_reason").asString()).isEqualTo("未履行安全生产管理职责");
        assertThat(notice.get("certificate_number").asString()).isEqualTo(zhao);
    }

    @Test
    @Order(2)
    void twoPollersOnTheSameTableTakeEachRowOnce() throws Exception {
        issueCertificates();
        // a second copy of the real route, as a second hub node would run it against the same table
        String route = Files.readString(Path.of("routes/enforcement-system.yaml"))
                .replace("id: source-enforcement-system", "id: source-enforcement-system-second-node")
                // Camel allows one consumer per endpoint URI in a context: the second differs in an idle parameter
                .replace("maxMessagesPerPoll: 100", "maxMessagesPerPoll: 99");
        assertThat(route).contains("second-node").contains("maxMessagesPerPoll: 99");
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("second-node.yaml", route));
        try {
            String qian = probe.numberOf(QIAN);
            var ids = new ArrayList<Long>();
            var transaction = new org.springframework.transaction.support.TransactionTemplate(
                    new org.springframework.jdbc.datasource.DataSourceTransactionManager(upstreamDataSource));
            transaction.executeWithoutResult(s -> {
                ids.add(insertSanction(qian, "暂扣", "违章指挥", "苏建罚字〔2026〕201号"));
                for (int i = 0; i < 40; i++) {
                    ids.add(insertSanction(
                            "苏建安C2(2026)88%05d".formatted(i), "注销", "证书编号有误", "苏建注字〔2026〕3%02d号".formatted(i)));
                }
            });
            await().atMost(Duration.ofSeconds(90)).until(() -> untakenRows() == 0 && unprocessedRecords() == 0);

            for (long id : ids) {
                assertThat(hub.sql("select count(*) from raw_record where origin_key = ?")
                                .param("licence_sanction:" + id)
                                .query(Integer.class)
                                .single())
                        .as("records of row " + id)
                        .isEqualTo(1);
            }
            assertThat(probe.status(QIAN)).isEqualTo("SUSPENDED");
            assertThat(hub.sql("""
                    select count(*) from licence_event e join licence l on l.id = e.licence_id
                    where l.holder_code = ? and e.operation = 'suspend'""").param(QIAN).query(Integer.class).single()).isEqualTo(1);
        } finally {
            camel.getRouteController().stopRoute("source-enforcement-system-second-node");
            camel.removeRoute("source-enforcement-system-second-node");
        }
    }

    @Test
    @Order(3)
    void aRowStoredByTwoNodesAtTheSameInstantIsOneRecord() throws Exception {
        var row = new HashMap<String, Object>();
        row.put("ID", 900_001L);
        row.put("LICENCE_NUMBER", "苏建安B(2026)7777777");
        row.put("ACTION", "暂扣");
        row.put("REASON", "同时取到");
        row.put("DECISION_NO", "苏建罚字〔2026〕901号");
        row.put("DECIDED_ON", java.sql.Date.valueOf(LocalDate.of(2026, 11, 20)));
        row.put("TAKEN_AT", null);
        var barrier = new CyclicBarrier(4);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var results = new ArrayList<Future<List<RawRecord>>>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return intake.receiveRow(
                            "enforcement-system",
                            "sql",
                            "table licence_sanction id=900001",
                            "licence_sanction:900001",
                            row);
                }));
            }
            for (var r : results) {
                r.get();
            }
        } finally {
            pool.shutdown();
        }
        var payloads = hub.sql("select payload from raw_record where origin_key = 'licence_sanction:900001'")
                .query(String.class)
                .list();
        assertThat(payloads).hasSize(1);
        JsonNode payload = JSON.readTree(payloads.get(0));
        assertThat(payload.get("licence_number").asString()).isEqualTo("苏建安B(2026)7777777");
        assertThat(payload.get("decided_on").asString()).isEqualTo("2026-11-20");
        assertThat(payload.has("taken_at")).isFalse();
    }

    // --- helpers

    /** Issues one certificate each to four people through the exam system's inbox, once per test class. */
    void issueCertificates() throws Exception {
        if (issued() >= 4) {
            return;
        }
        ExamSystemCsv.drop(
                root().resolve("inbox/exam-system"),
                "enforcement-system-exam.csv",
                ExamSystemCsv.file()
                        .person(1, "王一", WANG, "B", "2026-10-15")
                        .person(2, "赵二", ZHAO, "C1", "2026-10-15")
                        .person(3, "钱三", QIAN, "A", "2026-10-15")
                        .person(4, "孙四", SUN, "B", "2026-10-15")
                        .gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> issued() == 4);
    }

    /** This test's licences (the embedded variant runs on the shared hub). */
    int issued() {
        return hub.sql("select count(*) from licence where holder_code in (:holders)")
                .param("holders", HOLDERS)
                .query(Integer.class)
                .single();
    }

    long insertSanction(String licenceNumber, String action, String reason, String decisionNo) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        upstream()
                .sql("""
                insert into licence_sanction (licence_number, action, reason, decision_no, decided_on)
                values (?, ?, ?, ?, ?)""")
                .params(licenceNumber, action, reason, decisionNo, LocalDate.of(2026, 11, 20))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    int untakenRows() {
        return upstream()
                .sql("select count(*) from licence_sanction where taken_at is null")
                .query(Integer.class)
                .single();
    }

    /** The enforcement system's records not processed yet (only this test uses the source on the shared hub). */
    int unprocessedRecords() {
        return hub.sql("select count(*) from raw_record where status = 'RECEIVED' and source_id = 'enforcement-system'")
                .query(Integer.class)
                .single();
    }

    static List<String> rulesOfRow(JsonNode rejects, long rowId) {
        for (JsonNode r : rejects) {
            if (r.get("payload").get("id").asString().equals(Long.toString(rowId))) {
                return HubProbe.rules(r);
            }
        }
        throw new AssertionError("no reject for row " + rowId + " in " + rejects);
    }
}
