package org.certhub.intake.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.certhub.mapping.SourceMapping;
import org.certhub.testing.Xlsx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Excel 97–2003 workbooks, written by POI's HSSF as Excel writes them, read by a source of kind xlsx. */
class XlsRecordReaderTests {

    private static final List<String> HEADER = List.of("序号", "申请编号", "姓名", "受理日期");

    @TempDir
    Path dir;

    private List<RawRow> readAll(byte[] content, String sheet) throws IOException {
        Path file = Files.write(dir.resolve("bureau.xls"), content);
        try (var reader = RecordReaders.open(file, new SourceMapping.Format("xlsx", null, HEADER, null, sheet))) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            return rows;
        }
    }

    private static Xlsx withHeader() {
        return Xlsx.workbook().sheet("延续变更").row(HEADER.toArray());
    }

    @Test
    void readsTheNamedSheetWithItsRowNumbersLeadingZerosAndDates() throws IOException {
        byte[] xls = Xlsx.workbook()
                .sheet("填表说明")
                .row("业务类型填写“延续”或“变更”")
                .row("第二行说明")
                .sheet("延续变更")
                .row(HEADER.toArray())
                .row(1, Xlsx.formatted(2611001, "000000000"), "张三", LocalDate.of(2026, 11, 20))
                .skipRow()
                .row(2, "002611002", "𠮷田", Xlsx.formatted(LocalDate.of(2026, 11, 21), "yyyy\"年\"m\"月\"d\"日\""))
                .row(3, null, "阿卜杜热合曼·买买提", "2026/11/22", "extra")
                .xls();
        var rows = readAll(xls, "延续变更");
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2, 4, 5);
        assertThat(rows.get(0).values())
                .containsExactly(
                        Map.entry("序号", "1"),
                        Map.entry("申请编号", "002611001"),
                        Map.entry("姓名", "张三"),
                        Map.entry("受理日期", "2026-11-20"));
        assertThat(rows.get(1).values()).containsEntry("姓名", "𠮷田").containsEntry("受理日期", "2026-11-21");
        assertThat(rows.get(2).values())
                .containsEntry("申请编号", "")
                .containsEntry("受理日期", "2026/11/22")
                .containsEntry("#5", "extra");
    }

    @Test
    void withoutASheetNameTheFirstSheetIsRead() throws IOException {
        byte[] xls = withHeader().row(1, "SQ1", "张三", "").sheet("其他").row("x").xls();
        assertThat(readAll(xls, null)).extracting(r -> r.values().get("申请编号")).containsExactly("SQ1");
    }

    @Test
    void aWorkbookIn1904DateSystemReadsTheSameDates() throws IOException {
        Path file = dir.resolve("mac.xls");
        try (var wb = new HSSFWorkbook(new ByteArrayInputStream(withHeader()
                        .row(1, "SQ1", "张三", LocalDate.of(2026, 11, 20))
                        .xls()));
                var out = Files.newOutputStream(file)) {
            // the 1904 system counts days from 1904-01-01: the same date is a number 1,462 days smaller
            var cell = wb.getSheetAt(0).getRow(1).getCell(3);
            double serial = cell.getNumericCellValue();
            setDate1904(wb);
            cell.setCellValue(serial - 1462);
            wb.write(out);
        }
        try (var reader = RecordReaders.open(file, new SourceMapping.Format("xlsx", null, HEADER, null, null))) {
            assertThat(reader.next().values()).containsEntry("受理日期", "2026-11-20");
        }
    }

    private static void setDate1904(HSSFWorkbook wb) {
        for (var record : wb.getInternalWorkbook().getRecords()) {
            if (record instanceof org.apache.poi.hssf.record.DateWindow1904Record w) {
                w.setWindowing((short) 1);
                return;
            }
        }
        throw new IllegalStateException("no date window record");
    }

    @Test
    void aWrongHeaderNamesTheExpectedHeaderAndQuotesNothingOfTheRow() {
        byte[] xls = Xlsx.workbook()
                .row("keystore.password=Zq9-hunter2", "320102198001011237")
                .xls();
        assertThatThrownBy(() -> readAll(xls, null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 1 行应为 [序号, 申请编号, 姓名, 受理日期]")
                .hasMessageContaining("第 1 列应为“序号”")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("320102");
    }

    @Test
    void aMissingSheetIsNamedWithoutListingTheWorkbooksSheets() {
        byte[] xls = Xlsx.workbook().sheet("说明").row("x").xls();
        assertThatThrownBy(() -> readAll(xls, "延续变更"))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("没有名为“延续变更”的工作表")
                .hasMessageNotContaining("说明");
    }

    @Test
    void anOle2FileThatIsNoWorkbookOrIsCutOffIsRefusedWithoutQuotingIt() throws IOException {
        var doc = new ByteArrayOutputStream();
        try (var fs = new POIFSFileSystem()) {
            fs.createDocument(
                    new ByteArrayInputStream("keystore.password=Zq9-hunter2".getBytes(StandardCharsets.UTF_8)),
                    "WordDocument");
            fs.writeFilesystem(doc);
        }
        assertThatThrownBy(() -> readAll(doc.toByteArray(), null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("不是 Excel 工作簿")
                .hasMessageNotContaining("hunter2");

        byte[] xls =
                withHeader().row(1, "keystore.password=Zq9-hunter2", "张三", "").xls();
        assertThatThrownBy(() -> readAll(Arrays.copyOf(xls, 1000), null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("不是有效的 XLS 工作簿")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void sharedStringsBeyondTheCapAreRefusedBeforeTheyFillTheMemory() throws IOException {
        Xlsx workbook = withHeader();
        for (int i = 0; i < 200; i++) {
            workbook.row(i + 1, "SQ" + i, "测试人员" + i + "号".repeat(20), "");
        }
        Path file = Files.write(dir.resolve("strings.xls"), workbook.xls());
        // the test uses a small cap; the hub's is XlsRecordReader.MAX_RECORD_BYTES
        assertThatThrownBy(() -> XlsRecordReader.open(file, HEADER, null, 4096))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("共享字符串超过 4096 bytes");
        try (var reader = XlsRecordReader.open(file, HEADER, null, 64 * 1024)) {
            assertThat(reader).toIterable().hasSize(200);
        }
    }

    @Test
    void aWorkbookStreamCutShortFailsAfterTheRowsBeforeTheCut() throws IOException {
        Xlsx workbook = withHeader();
        for (int i = 1; i <= 200; i++) {
            workbook.row(i, "SQ" + i, "测试人员" + i, "");
        }
        byte[] whole;
        try (var fs = new POIFSFileSystem(new ByteArrayInputStream(workbook.xls()))) {
            whole = fs.getRoot().createDocumentInputStream("Workbook").readAllBytes();
        }
        for (int cut : new int[] {whole.length * 3 / 4, whole.length - 4}) {
            var out = new ByteArrayOutputStream();
            try (var fs = new POIFSFileSystem()) {
                fs.createDocument(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), "Workbook");
                fs.writeFilesystem(out);
            }
            Path file = Files.write(dir.resolve("cut.xls"), out.toByteArray());
            var rows = new ArrayList<RawRow>();
            assertThatThrownBy(() -> {
                        try (var reader = XlsRecordReader.open(file, HEADER, null)) {
                            reader.forEachRemaining(rows::add);
                        }
                    })
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("行附近");
            assertThat(rows).isNotEmpty().extracting(RawRow::rowNo).doesNotHaveDuplicates();
        }
    }

    @Test
    void aWebPageOrXmlExportedUnderAnXlsNameIsRefusedWithWhatToDo() {
        for (String export : List.of(
                "<html><body><table><tr><td>序号</td><td>keystore.password=Zq9-hunter2</td></tr></table></body></html>",
                "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>")) {
            assertThatThrownBy(() -> readAll(export.getBytes(StandardCharsets.UTF_8), null))
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("请用 Excel 打开后另存为 .xlsx")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void anEncryptedXlsxIsRefusedWithWhatToDo() throws Exception {
        var info = new EncryptionInfo(EncryptionMode.agile);
        var encryptor = info.getEncryptor();
        encryptor.confirmPassword("secret");
        var out = new ByteArrayOutputStream();
        try (var fs = new POIFSFileSystem()) {
            try (var data = encryptor.getDataStream(fs)) {
                data.write(withHeader().row(1, "SQ1", "张三", "").bytes());
            }
            fs.writeFilesystem(out);
        }
        assertThatThrownBy(() -> readAll(out.toByteArray(), null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("工作簿已加密");
    }

    @Test
    void anEncryptedWorkbookIsRefusedWithWhatToDo() throws IOException {
        byte[] xls;
        Biff8EncryptionKey.setCurrentUserPassword("secret");
        try (var wb = new HSSFWorkbook(new ByteArrayInputStream(
                        withHeader().row(1, "SQ1", "张三", "").xls()));
                var out = new ByteArrayOutputStream()) {
            wb.write(out);
            xls = out.toByteArray();
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
        assertThatThrownBy(() -> readAll(xls, null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("工作簿已加密");
    }

    @Test
    void aStreamIsSpooledAndTheSpoolDeletedOnClose() throws IOException {
        byte[] xls = withHeader().row(1, "SQ1", "张三", "").xls();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = spooled(tmp);
        try (var reader = RecordReaders.open(
                new ByteArrayInputStream(xls), new SourceMapping.Format("xlsx", null, HEADER, null, null), null)) {
            assertThat(reader.next().values()).containsEntry("姓名", "张三");
        }
        assertThat(spooled(tmp)).isEqualTo(before);
    }

    private static long spooled(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".workbook"))
                    .count();
        }
    }
}
