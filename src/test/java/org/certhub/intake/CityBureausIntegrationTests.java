package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.certhub.codes.LicenceIdentifier;
import org.certhub.testing.CityBureausWorkbook;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city bureaus' channel through the real route files: certificates issued from an exam-system CSV are renewed
 * and changed by an XLSX workbook dropped by a city bureau; each renewal or change becomes a sealed, published
 * version 002, the old version's public page says it was replaced, and the bad rows end as rejects or duplicates.
 */
@HubIntegrationTest
class CityBureausIntegrationTests {

    /** The workbook's file: the hub is shared, so this test's files carry its name. */
    private static final String WORKBOOK = "city-bureaus-nanjing-20261120.xlsx";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String ZHANG = ExamSystemCsv.idNumber("320102", "19800101", 141);
    static final String LI = ExamSystemCsv.idNumber("320102", "19900202", 142);
    static final String NEW_COMPANY_CODE = ExamSystemCsv.creditCode("91320100MA1X2Y3W4");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** The hub's clock, in the issuing authority's zone: the dates it sets are read from it, never the JVM's zone. */
    @Autowired
    Clock clock;

    @Test
    void renewalsAndChangesFromAWorkbookBecomeSealedVersion002AndTheOldVersionSaysItWasReplaced() throws Exception {
        ExamSystemCsv.drop(
                SharedHub.inbox("exam-system"),
                "city-bureaus-exam.csv",
                ExamSystemCsv.file()
                        .person(1, "张三", ZHANG, "B", "2026-10-15")
                        .person(2, "李四", LI, "C1", "2026-10-15")
                        .gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> versionsOfHolders("v.state = 'PUBLISHED'") == 2);
        String zhangNumber = numberOf(ZHANG);
        String liNumber = numberOf(LI);
        Map<String, Object> zhangV1 = version(zhangNumber, 1);
        Map<String, Object> liV1 = version(liNumber, 1);

        LocalDate before = LocalDate.now(clock);
        byte[] workbook = CityBureausWorkbook.workbook()
                .request(
                        "SQ001",
                        "延续",
                        zhangNumber,
                        "张三",
                        ZHANG,
                        "江苏建工集团有限公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                // the bureau typed the number with full-width brackets, as older certificates print it
                .request(
                        "SQ002",
                        "变更",
                        liNumber.replace("(", "（").replace(")", "）"),
                        "李四",
                        LI,
                        "南京新城建设有限公司",
                        NEW_COMPANY_CODE,
                        "技术负责人",
                        "2026/11/20")
                .emptyRow()
                .request(
                        "SQ003",
                        "延续",
                        "苏建安A(2026)0099999",
                        "王五",
                        ZHANG,
                        "某公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "其他",
                        LocalDate.of(2026, 11, 20))
                .request(
                        "SQ001",
                        "延续",
                        zhangNumber,
                        "张三",
                        ZHANG,
                        "江苏建工集团有限公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                .bytes();
        ExamSystemCsv.drop(SharedHub.inbox("city-bureaus"), WORKBOOK, workbook);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> versionsOfHolders("v.state = 'PUBLISHED'") == 4
                        && jdbc.sql("""
                                                select count(*) from raw_record r join delivery d on d.id = r.delivery_id
                                                where r.status = 'RECEIVED' and d.file_name = ?""").param(WORKBOOK).query(Integer.class).single() == 0);
        assertThat(SharedHub.inbox("city-bureaus").resolve("done"))
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(WORKBOOK));
        assertThat(jdbc.sql("select status, record_count from delivery where file_name = ?")
                        .param(WORKBOOK)
                        .query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2))
                        .single())
                .isEqualTo("DONE/4");

        // the renewal: version 002 of the same number, a new validity period from today; version 001 is kept
        Map<String, Object> zhangV2 = version(zhangNumber, 2);
        var v1Identifier = LicenceIdentifier.parse(zhangV1.get("identifier").toString());
        assertThat(zhangV2.get("identifier"))
                .isEqualTo(v1Identifier.withVersion(2).toString());
        assertThat(zhangV2.get("identifier").toString()).contains("." + v1Identifier.serial() + ".002.");
        assertThat(zhangV2).containsEntry("operation", "renew").containsEntry("state", "PUBLISHED");
        // renewed "today" in the authority's zone: the day the workbook was processed (a midnight may fall in between)
        LocalDate renewedOn = LocalDate.parse(zhangV2.get("valid_from").toString());
        assertThat(renewedOn).isBetween(before, LocalDate.now(clock));
        assertThat(zhangV2.get("valid_to").toString())
                .isEqualTo(renewedOn.plusYears(3).minusDays(1).toString()); // P3Y, last day included
        assertThat(zhangV2.get("predecessor_id")).isEqualTo(zhangV1.get("id"));
        assertThat(version(zhangNumber, 1)).containsEntry("state", "PUBLISHED");

        // the change: version 002 with the new company, in the same validity period
        Map<String, Object> liV2 = version(liNumber, 2);
        assertThat(liV2)
                .containsEntry("operation", "change")
                .containsEntry("state", "PUBLISHED")
                .containsEntry("valid_from", liV1.get("valid_from"))
                .containsEntry("valid_to", liV1.get("valid_to"));
        assertThat(liV2.get("data").toString()).contains("南京新城建设有限公司", NEW_COMPANY_CODE, "\"position\":\"05\"", "李四");
        JsonNode published =
                JSON.readTree(Files.readString(SharedHub.OUTBOX.resolve(liV2.get("identifier") + ".json")));
        assertThat(published.get("certificate_number").asString()).isEqualTo(liNumber);
        assertThat(published.get("certificate_identifier").asString()).contains(".002.");
        assertThat(SharedHub.OUTBOX.resolve(liV2.get("identifier") + ".pdf")).exists();

        // the public page of the old version says it was replaced; the new one does not
        String oldPage = page("/v/" + liV1.get("verify_token"));
        assertThat(oldPage).contains("id=\"superseded\"", "已被第 2 版替代");
        assertThat(page("/v/" + liV2.get("verify_token")))
                .doesNotContain("id=\"superseded\"")
                .contains("南京新城建设有限公司");

        // the unknown licence is a reject that says so; the request sent twice is a duplicate of the first
        List<JsonNode> rejects = HubHttp.adminJson(port, "/api/v1/rejects?source=city-bureaus")
                .valueStream()
                .filter(r -> r.get("file").asString().equals(WORKBOOK))
                .toList();
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).get("row").asInt()).isEqualTo(5);
        assertThat(rejects.get(0).get("reasons").get(0).get("rule").asString()).isEqualTo("licence-not-found");
        assertThat(rejects.get(0).get("reasons").get(0).get("message").asString())
                .contains("苏建安A(2026)0099999");
        var duplicate = jdbc.sql("""
                select r.row_no, f.row_no from raw_record r join raw_record f on f.id = r.duplicate_of
                join delivery d on d.id = r.delivery_id
                where r.status = 'DUPLICATE' and r.source_id = 'city-bureaus' and d.file_name = ?""")
                .param(WORKBOOK)
                .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(2)))
                .list();
        assertThat(duplicate).containsExactly(List.of(6, 2));
        assertThat(versionsOfHolders("true")).isEqualTo(4);
    }

    private String numberOf(String holderCode) {
        return jdbc.sql("select number from licence where holder_code = ?")
                .param(holderCode)
                .query(String.class)
                .single();
    }

    private Map<String, Object> version(String number, int version) {
        return jdbc.sql("""
                select v.* from licence_version v join licence l on l.id = v.licence_id
                where l.number = ? and v.version = ?""")
                .params(number, version)
                .query((rs, n) -> {
                    var map = new java.util.HashMap<String, Object>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        map.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    return (Map<String, Object>) map;
                })
                .single();
    }

    /** How many versions of this test's holders' licences meet the condition (the hub is shared). */
    private int versionsOfHolders(String condition) {
        return jdbc.sql("select count(*) from licence_version v join licence l on l.id = v.licence_id "
                        + "where l.holder_code in (:holders) and " + condition)
                .param("holders", List.of(ZHANG, LI))
                .query(Integer.class)
                .single();
    }

    private String page(String path) throws Exception {
        var response = HubHttp.get(port, path);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
