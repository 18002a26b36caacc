package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.certhub.testing.CityBureausWorkbook;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubHttp;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.certhub.testing.Xlsx;
import org.certhub.testing.XlsxFiles;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Broken and hostile files dropped into the inboxes of a running hub: each ends in {@code failed/} with
 * {@code <name>.error.txt} that says why and a FAILED delivery, or as rejects; the rows read before a fault are kept
 * and processed; and a good file dropped after all of them is still processed.
 *
 * <p>JSON and XML files need sources whose mapping reads them: the shared hub ({@link SharedHub}) runs on a copy of
 * the real mappings and routes plus two test-only sources, {@code json-drop} and {@code xml-drop} (the exam-system mapping reading JSON objects and
 * XML {@code <记录>} elements whose keys are the exam-system columns), so the demo configuration keeps only real
 * sources.
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIntegrationTests {

    private static final Path INBOX = SharedHub.ROOT.resolve("inbox");
    private static final Charset GB18030 = Charset.forName("GB18030");
    /** Every file this test drops. */
    private static final List<String> FILES = List.of(
            "huge.csv",
            "long-row.csv",
            "utf16.csv",
            "utf8-without-bom.csv",
            "one-bad-row.csv",
            "cut-mid-row.csv",
            "cut-in-quotes.csv",
            "cut.xlsx",
            "cut.json",
            "empty.csv",
            "empty.xlsx",
            "empty.json",
            "empty.xml",
            "billion-laughs.xml",
            "xxe.xml",
            "bomb.xlsx",
            "deep.json",
            "good.csv",
            "secret.csv",
            "secret.json",
            "secret.xml",
            "secret.xls");

    private static final List<String> COLUMNS = Arrays.asList(ExamSystemCsv.HEADER.split(","));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    @Order(1)
    void aTwoGigabyteFileIsRefusedBeforeItIsRead() throws IOException {
        Path tmp = Files.createDirectories(INBOX.resolve("exam-system")).resolve(".huge.csv.part");
        try (var file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.setLength(2L << 30); // sparse: no disk used
        }
        Files.move(tmp, tmp.resolveSibling("huge.csv"));
        String error = awaitFailed("exam-system", "huge.csv");
        assertThat(error).contains("超过上限", "max-file-size");
        assertThat(delivery("huge.csv")).hasValueSatisfying(d -> assertThat(d).startsWith("FAILED/0/"));
        Files.delete(failedFile("exam-system", "huge.csv"));
    }

    @Test
    @Order(2)
    void aRowOfTenMegabytesIsRefusedByItsRowNumberAndTheRowsBeforeItAreKept() throws IOException {
        String a = ExamSystemCsv.idNumber("320102", "19810101", 201);
        String b = ExamSystemCsv.idNumber("320102", "19810102", 202);
        byte[] content = ExamSystemCsv.file()
                .person(1, "甲", a, "B", "2026-10-15")
                .person(2, "乙", b, "B", "2026-10-15")
                .row("3", "丙".repeat(5 << 20))
                .person(4, "丁", ExamSystemCsv.idNumber("320102", "19810103", 203), "B", "2026-10-15")
                .gb18030();
        ExamSystemCsv.drop(INBOX.resolve("exam-system"), "long-row.csv", content);
        assertThat(awaitFailed("exam-system", "long-row.csv")).contains("第 4 行超过 1048576 个字符");
        assertThat(delivery("long-row.csv"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("FAILED/2/"));
        awaitProcessed("long-row.csv");
        assertThat(statuses("long-row.csv")).containsExactly("ISSUED", "ISSUED");
    }

    @Test
    @Order(3)
    void wrongEncodingsAreRefusedOrRejectedRowByRow() throws IOException {
        Path inbox = INBOX.resolve("exam-system");
        String text = ExamSystemCsv.file()
                .person(1, "张三", ExamSystemCsv.idNumber("320102", "19820101", 301), "A", "2026-10-15")
                .text();
        ExamSystemCsv.drop(inbox, "utf16.csv", text.getBytes(StandardCharsets.UTF_16));
        ExamSystemCsv.drop(inbox, "utf8-without-bom.csv", text.getBytes(StandardCharsets.UTF_8));
        assertThat(awaitFailed("exam-system", "utf16.csv")).contains("UTF-16");
        assertThat(awaitFailed("exam-system", "utf8-without-bom.csv")).contains("表头与映射不符", "BOM");

        // one row with bytes that are not GB18030: that row is a reject, the others are issued
        byte[] good = ExamSystemCsv.file()
                .person(1, "李四", ExamSystemCsv.idNumber("320102", "19820102", 302), "A", "2026-10-15")
                .gb18030();
        byte[] bad = "2,\u0081\u0020,1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ExamSystemCsv.drop(inbox, "one-bad-row.csv", concat(good, bad));
        awaitDone("exam-system", "one-bad-row.csv");
        awaitProcessed("one-bad-row.csv");
        assertThat(statuses("one-bad-row.csv")).containsExactly("ISSUED", "REJECTED");
        assertThat(rulesOfRow("one-bad-row.csv", 3)).contains("encoding");
    }

    @Test
    @Order(4)
    void truncatedFilesKeepTheRowsBeforeTheCut() throws IOException {
        String c = ExamSystemCsv.idNumber("320102", "19830101", 401);
        String d = ExamSystemCsv.idNumber("320102", "19830102", 402);
        byte[] whole = ExamSystemCsv.file()
                .person(1, "戊", c, "C2", "2026-10-15")
                .person(2, "己", d, "C2", "2026-10-15")
                .gb18030();
        // cut in the middle of the last row: the row is short, a reject
        ExamSystemCsv.drop(INBOX.resolve("exam-system"), "cut-mid-row.csv", Arrays.copyOf(whole, whole.length - 30));
        awaitDone("exam-system", "cut-mid-row.csv");
        awaitProcessed("cut-mid-row.csv");
        assertThat(statuses("cut-mid-row.csv")).containsExactly("ISSUED", "REJECTED");
        assertThat(rulesOfRow("cut-mid-row.csv", 3)).contains("column-count");

        // cut inside a quoted field: the file fails, after the row before it
        byte[] quoted = concat(
                ExamSystemCsv.file()
                        .person(1, "庚", ExamSystemCsv.idNumber("320102", "19830103", 403), "C2", "2026-10-15")
                        .gb18030(),
                "2,\"辛".getBytes(GB18030));
        ExamSystemCsv.drop(INBOX.resolve("exam-system"), "cut-in-quotes.csv", quoted);
        assertThat(awaitFailed("exam-system", "cut-in-quotes.csv")).contains("第 3 行附近");
        awaitProcessed("cut-in-quotes.csv");
        assertThat(statuses("cut-in-quotes.csv")).containsExactly("ISSUED");

        byte[] xlsx = CityBureausWorkbook.workbook()
                .request(
                        "SQ1",
                        "延续",
                        "苏建安A(2026)0099998",
                        "王五",
                        c,
                        "某公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "其他",
                        "2026-11-20")
                .bytes();
        ExamSystemCsv.drop(INBOX.resolve("city-bureaus"), "cut.xlsx", Arrays.copyOf(xlsx, xlsx.length * 2 / 3));
        assertThat(awaitFailed("city-bureaus", "cut.xlsx")).contains("不是有效的 XLSX 文件");

        String json = "[" + jsonPerson("壬", ExamSystemCsv.idNumber("320102", "19830104", 404)) + ","
                + jsonPerson("癸", ExamSystemCsv.idNumber("320102", "19830105", 405)) + ",{\"姓名\":\"子";
        ExamSystemCsv.drop(INBOX.resolve("json-drop"), "cut.json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(awaitFailed("json-drop", "cut.json")).contains("第 3 条记录附近");
        awaitProcessed("cut.json");
        assertThat(statuses("cut.json")).containsExactly("ISSUED", "ISSUED");
    }

    @Test
    @Order(10)
    void filesTheSourceDoesNotTakeAreMovedToFailedNamingWhatItTakesNotLeftInTheInbox() throws IOException {
        Path inbox = INBOX.resolve("exam-system");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("bad-input-registrations.xml"), "<registrations/>");
        Files.writeString(inbox.resolve("bad-input-registrations.json"), "[]");
        Files.write(inbox.resolve("bad-input-book.xlsx"), new byte[] {'P', 'K', 3, 4});

        for (String name :
                List.of("bad-input-registrations.xml", "bad-input-registrations.json", "bad-input-book.xlsx")) {
            assertThat(awaitFailed("exam-system", name))
                    .contains("source exam-system takes only files whose names match (?i).*\\.csv");
        }
    }

    @Test
    @Order(5)
    void emptyFilesOfEveryFormatAreRefused() throws IOException {
        ExamSystemCsv.drop(INBOX.resolve("exam-system"), "empty.csv", new byte[0]);
        ExamSystemCsv.drop(INBOX.resolve("city-bureaus"), "empty.xlsx", new byte[0]);
        ExamSystemCsv.drop(INBOX.resolve("json-drop"), "empty.json", new byte[0]);
        ExamSystemCsv.drop(INBOX.resolve("xml-drop"), "empty.xml", new byte[0]);
        assertThat(awaitFailed("exam-system", "empty.csv")).contains("文件为空");
        assertThat(awaitFailed("city-bureaus", "empty.xlsx")).contains("文件为空");
        assertThat(awaitFailed("json-drop", "empty.json")).contains("文件为空");
        assertThat(awaitFailed("xml-drop", "empty.xml")).contains("文件为空");
    }

    @Test
    @Order(6)
    void xmlBombsAndExternalEntitiesAreRefused() throws IOException {
        var lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE 记录集 [\n  <!ENTITY lol \"lol\">\n");
        for (int i = 2; i <= 9; i++) {
            lol.append("  <!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 2 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        lol.append("]>\n<记录集><记录><姓名>&lol9;</姓名></记录></记录集>\n");
        ExamSystemCsv.drop(
                INBOX.resolve("xml-drop"), "billion-laughs.xml", lol.toString().getBytes(StandardCharsets.UTF_8));
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE 记录集 [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <记录集><记录><姓名>&xxe;</姓名></记录></记录集>
                """;
        ExamSystemCsv.drop(INBOX.resolve("xml-drop"), "xxe.xml", xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(awaitFailed("xml-drop", "billion-laughs.xml")).contains("DTD");
        assertThat(awaitFailed("xml-drop", "xxe.xml")).contains("DTD").doesNotContain("root:");
        assertThat(jdbc.sql("select count(*) from raw_record where payload like '%root:%'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    @Order(7)
    void aZipBombWorkbookIsRefusedAfterTheRowsBeforeIt() throws IOException {
        byte[] xlsx = CityBureausWorkbook.workbook()
                .request(
                        "SQ2",
                        "延续",
                        "苏建安A(2026)0099997",
                        "王五",
                        ExamSystemCsv.idNumber("320102", "19840101", 501),
                        "某公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "其他",
                        "2026-11-20")
                .bytes();
        Path tmp = Files.createDirectories(INBOX.resolve("city-bureaus")).resolve(".bomb.xlsx.part");
        XlsxFiles.zipBomb(xlsx, tmp, 50 << 20);
        Files.move(tmp, tmp.resolveSibling("bomb.xlsx"));
        assertThat(awaitFailed("city-bureaus", "bomb.xlsx")).contains("压缩炸弹");
        awaitProcessed("bomb.xlsx");
        assertThat(statuses("bomb.xlsx")).containsExactly("REJECTED"); // a licence that does not exist
        assertThat(rulesOfRow("bomb.xlsx", 2)).containsExactly("licence-not-found");
    }

    @Test
    @Order(8)
    void jsonNestedTenThousandDeepIsRefused() throws IOException {
        String deep = "[" + "{\"姓名\":".repeat(10_000) + "\"x\"" + "}".repeat(10_000) + "]";
        ExamSystemCsv.drop(INBOX.resolve("json-drop"), "deep.json", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(awaitFailed("json-drop", "deep.json")).contains("超出限制", "depth");
    }

    @Test
    @Order(9)
    void aRefusedFilesContentNeverReachesItsErrorTextAndAnXlsWorkbookIsTaken() throws IOException {
        // what a link to a password file in an inbox would be read as: its first line must not come back out
        String secret = "keystore.password=Zq9-hunter2";
        ExamSystemCsv.drop(INBOX.resolve("exam-system"), "secret.csv", (secret + "\r\n").getBytes(GB18030));
        ExamSystemCsv.drop(INBOX.resolve("json-drop"), "secret.json", (secret + "\n").getBytes(StandardCharsets.UTF_8));
        ExamSystemCsv.drop(
                INBOX.resolve("xml-drop"),
                "secret.xml",
                ("<" + secret.replace('=', '-') + "></x>").getBytes(StandardCharsets.UTF_8));
        // the city bureaus' route takes Excel 97-2003 workbooks too
        ExamSystemCsv.drop(
                INBOX.resolve("city-bureaus"),
                "secret.xls",
                Xlsx.workbook().sheet(CityBureausWorkbook.SHEET).row(secret).xls());

        assertThat(awaitFailed("exam-system", "secret.csv"))
                .contains("第 1 行应为 [序号, 姓名,", "第 1 列应为“序号”")
                .doesNotContain("hunter2");
        assertThat(awaitFailed("json-drop", "secret.json"))
                .contains("JSON 无法解析")
                .doesNotContain("hunter2");
        assertThat(awaitFailed("xml-drop", "secret.xml")).contains("XML 无法解析").doesNotContain("hunter2");
        assertThat(awaitFailed("city-bureaus", "secret.xls"))
                .contains("第 1 行应为 [序号, 申请编号,", "第 1 列应为“序号”")
                .doesNotContain("hunter2");
        assertThat(jdbc.sql("select count(*) from delivery where error like '%hunter2%'")
                        .query(Integer.class)
                        .single())
                .isZero();

        byte[] xls = CityBureausWorkbook.workbook()
                .request(
                        Xlsx.formatted(2611001, "000000000"),
                        "延续",
                        "苏建安A(2026)0000099",
                        "王五",
                        ExamSystemCsv.idNumber("320102", "19830106", 406),
                        "某公司",
                        ExamSystemCsv.creditCode("91320000134751234"),
                        "其他",
                        java.time.LocalDate.of(2026, 11, 20))
                .xls();
        ExamSystemCsv.drop(INBOX.resolve("city-bureaus"), "requests.xls", xls);
        awaitDone("city-bureaus", "requests.xls");
        awaitProcessed("requests.xls");
        assertThat(statuses("requests.xls")).containsExactly("REJECTED");
        assertThat(rulesOfRow("requests.xls", 2)).containsExactly("licence-not-found");
    }

    @Test
    @Order(10)
    void aGoodFileDroppedAfterAllOfThemIsProcessed() throws Exception {
        String id = ExamSystemCsv.idNumber("320102", "19850505", 601);
        ExamSystemCsv.drop(
                INBOX.resolve("exam-system"),
                "good.csv",
                ExamSystemCsv.file().person(1, "好人", id, "B", "2026-10-15").gb18030());
        awaitDone("exam-system", "good.csv");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("""
                select count(*) from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.state = 'PUBLISHED'""").param(id).query(Integer.class).single() == 1);
        assertThat(HubHttp.get(port, "/actuator/health").body()).contains("UP");
        // every refused file is on record as a failed delivery with its reason
        assertThat(jdbc.sql("select count(*) from delivery where status = 'FAILED' and (error is null or error = '')")
                        .query(Integer.class)
                        .single())
                .isZero();
        // (the hub is shared: this test's files are counted by their names, which no other test uses)
        assertThat(jdbc.sql("select count(*) from delivery where status = 'FAILED' and file_name in (:files)")
                        .param("files", FILES)
                        .query(Integer.class)
                        .single())
                .isEqualTo(19);
        assertThat(jdbc.sql("""
                select count(*) from raw_record r join delivery d on d.id = r.delivery_id
                where r.status = 'RECEIVED' and d.file_name in (:files)""").param("files", FILES).query(Integer.class).single())
                .isZero();
    }

    private static String jsonPerson(String name, String id) {
        var values = List.of(
                "1",
                name,
                (id.charAt(16) - '0') % 2 == 1 ? "男" : "女",
                id,
                "江苏建工集团有限公司",
                ExamSystemCsv.creditCode("91320000134751234"),
                "B",
                "项目负责人",
                "工程师",
                "2026-10-15",
                ExamSystemCsv.ISSUER);
        var sb = new StringBuilder("{");
        for (int i = 0; i < COLUMNS.size(); i++) {
            sb.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(COLUMNS.get(i))
                    .append("\":\"")
                    .append(values.get(i))
                    .append('"');
        }
        return sb.append('}').toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Waits until the file is in failed/ with its error text beside it, and returns that text. */
    private static String awaitFailed(String source, String name) throws IOException {
        Path failed = INBOX.resolve(source).resolve("failed");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> find(failed, name + ".error.txt").isPresent()
                        && find(failed, name).isPresent()
                        && !Files.exists(INBOX.resolve(source).resolve(name)));
        return Files.readString(find(failed, name + ".error.txt").orElseThrow());
    }

    private static Path failedFile(String source, String name) {
        return find(INBOX.resolve(source).resolve("failed"), name).orElseThrow();
    }

    private static void awaitDone(String source, String name) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> find(INBOX.resolve(source).resolve("done"), name).isPresent());
    }

    /** The archived file: its name is {@code <timestamp>-<name>}. */
    private static Optional<Path> find(Path folder, String name) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** status/record count/error of the file's delivery. */
    private Optional<String> delivery(String name) {
        return jdbc.sql("select status, record_count, error from delivery where file_name = ?")
                .param(name)
                .query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3))
                .optional();
    }

    private void awaitProcessed(String name) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("""
                select count(*) from raw_record r join delivery d on d.id = r.delivery_id
                where d.file_name = ? and r.status = 'RECEIVED'""").param(name).query(Integer.class).single() == 0);
    }

    private List<String> statuses(String name) {
        return jdbc.sql("""
                select r.status from raw_record r join delivery d on d.id = r.delivery_id
                where d.file_name = ? order by r.row_no""").param(name).query(String.class).list();
    }

    private List<String> rulesOfRow(String name, int row) {
        return jdbc.sql("""
                select x.rule from reject_reason x join raw_record r on r.id = x.raw_record_id
                join delivery d on d.id = r.delivery_id where d.file_name = ? and r.row_no = ? order by x.id""").params(name, row).query(String.class).list();
    }
}
